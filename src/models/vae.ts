/**
 * Variational autoencoder (Kingma & Welling 2014) for 28×28 binarised digits, DOM-free.
 *
 *   encoder  q(z|x) = N(μ(x), diag σ²(x)), an MLP giving μ and log σ²
 *   decoder  p(x|z) = Π Bernoulli(sigmoid(logits(z))), an MLP
 *   ELBO     E_q[log p(x|z)] − KL(q(z|x) ‖ N(0, I))   (reconstruction term − KL term, in nats)
 *
 * Both halves live in one tfjs LayersModel with inputs [x, z] and outputs [μ, log σ², logits], so one
 * model.json holds the whole VAE. Layer names are the contract with tools/train_vae.py.
 *
 * With `variational: false` the same class is the lecture's plain autoencoder, the step before the VAE: the encoder
 * gives one deterministic code z (layer encoder_code; outputs [z, logits]) and training minimises the reconstruction
 * loss alone: no noise, no KL, so nothing makes the codes fill the prior, and the code space has holes.
 */
import * as tf from '@tensorflow/tfjs';
import { msg, str } from '@lit/localize';
import { WeightsError } from '../runtime/weights.js';
import { blankKernels, loadChecked, NetworkOwner, reinitialise, shapeText, type LoadOptions, type ModelSource } from './load.js';

export interface VaeConfig {
  /** pixels per image (28 × 28) */
  inputDim: number;
  /** units of the encoder's hidden layers; the decoder mirrors them */
  hiddenUnits: number[];
  /** size of z */
  latentDim: number;
  /** false: the plain autoencoder (a deterministic code, reconstruction loss only); default true */
  variational?: boolean;
}

export const VAE_DEFAULTS: Readonly<VaeConfig> = { inputDim: 784, hiddenUnits: [512, 256], latentDim: 2, variational: true };

/** Batch means, in nats: reconstruction = E_q[log p(x|z)] (≤ 0), kl = KL(q(z|x) ‖ p(z)) (≥ 0). */
export interface ElboTerms {
  reconstruction: tf.Scalar;
  kl: tf.Scalar;
}

/** Builds the untrained network: inputs [x, z], outputs [μ, log σ², decoder logits] ([z, logits] for the autoencoder). */
export function buildVaeNetwork(config: VaeConfig, blank: boolean | tf.LayersModel = false): tf.LayersModel {
  const init = blankKernels(blank);
  const x = tf.input({ shape: [config.inputDim], name: 'x' });
  let h: tf.SymbolicTensor = x;
  config.hiddenUnits.forEach((units, i) => {
    h = tf.layers.dense({ units, activation: 'relu', name: `encoder_hidden_${i + 1}`, ...init }).apply(h) as tf.SymbolicTensor;
  });
  const variational = config.variational !== false;
  const mu = tf.layers.dense({ units: config.latentDim, name: variational ? 'encoder_mu' : 'encoder_code', ...init }).apply(h) as tf.SymbolicTensor;
  const code = variational ? [mu, tf.layers.dense({ units: config.latentDim, name: 'encoder_logvar', ...init }).apply(h) as tf.SymbolicTensor] : [mu];

  const z = tf.input({ shape: [config.latentDim], name: 'z' });
  let g: tf.SymbolicTensor = z;
  [...config.hiddenUnits].reverse().forEach((units, i) => {
    g = tf.layers.dense({ units, activation: 'relu', name: `decoder_hidden_${i + 1}`, ...init }).apply(g) as tf.SymbolicTensor;
  });
  const logits = tf.layers.dense({ units: config.inputDim, name: 'decoder_logits', ...init }).apply(g) as tf.SymbolicTensor;
  return tf.model({ inputs: [x, z], outputs: [...code, logits], name: variational ? 'vae' : 'autoencoder' });
}

/** −log p(x|logits) for Bernoulli pixels, summed over pixels: the numerically stable sigmoid cross-entropy. */
export function bernoulliNll(x: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() =>
    tf.relu(logits).sub(logits.mul(x)).add(tf.log1p(tf.exp(tf.neg(tf.abs(logits))))).sum(1) as tf.Tensor1D,
  );
}

/** KL(N(μ, σ²) ‖ N(0, I)) per row, in closed form: ½ Σ (μ² + σ² − 1 − log σ²). */
export function klDivergence(mu: tf.Tensor2D, logvar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => mu.square().add(logvar.exp()).sub(1).sub(logvar).sum(1).mul(0.5) as tf.Tensor1D);
}

/** The reparameterisation trick: z = μ + σ ⊙ ε with ε ~ N(0, I), so gradients flow through μ and σ. */
export function reparameterise(mu: tf.Tensor2D, logvar: tf.Tensor2D, seed?: number): tf.Tensor2D {
  return tf.tidy(() => mu.add(tf.randomNormal(mu.shape, 0, 1, 'float32', seed).mul(logvar.mul(0.5).exp())));
}

export class Vae extends NetworkOwner {
  readonly encoder: tf.LayersModel;
  readonly decoder: tf.LayersModel;
  private noiseSeed: number;

  private constructor(network: tf.LayersModel, readonly config: VaeConfig, seed = 0) {
    super(network);
    const outs = network.outputs;
    this.encoder = tf.model({ inputs: network.inputs[0], outputs: outs.slice(0, -1) });
    this.decoder = tf.model({ inputs: network.inputs[1], outputs: outs[outs.length - 1] });
    this.noiseSeed = seed * 7919 + 1;
  }

  /** A new, untrained VAE. `seed` fixes the initial weights and the reparameterisation noise. */
  static create(config: Partial<VaeConfig> = {}, seed?: number): Vae {
    const full = { ...VAE_DEFAULTS, ...config };
    // with a seed, the seeded draws below are the initial weights: the layers need not draw their own first
    const network = buildVaeNetwork(full, seed !== undefined);
    if (seed !== undefined) reinitialise(network, seed);
    return new Vae(network, full, seed);
  }

  /**
   * Loads a VAE saved by save() or shipped in weights/ (a URL of model.json, or any tf.io.IOHandler). With
   * `variational` (true: a VAE, false: the autoencoder), weights of the other kind are refused with a message.
   */
  static async load(source: ModelSource, options: LoadOptions & { variational?: boolean } = {}): Promise<Vae> {
    return loadChecked(source, options, (network, where) => {
      const config = checkVaeShape(network, where);
      if (options.variational !== undefined && config.variational !== options.variational) {
        throw new WeightsError(() => (options.variational
          ? msg(str`${where} holds an autoencoder, not a VAE: set model="autoencoder", or point src at a VAE's weights`)
          : msg(str`${where} holds a VAE, not an autoencoder: set model="vae", or point src at an autoencoder's weights`)), where);
      }
      return new Vae(network, config);
    });
  }

  /** A VAE (true) or the plain autoencoder (false). */
  get variational(): boolean {
    return this.config.variational !== false;
  }

  /**
   * q(z|x): μ and log σ² for a batch of flattened images in [0, 1]. The caller owns both tensors. For the
   * autoencoder μ is its code and log σ² is −∞ (σ = 0: the code is a point).
   */
  encode(x: tf.Tensor2D): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
    if (!this.variational) {
      const mu = this.encoder.predict(x) as tf.Tensor2D;
      return { mu, logvar: tf.fill(mu.shape, -Infinity) };
    }
    const [mu, logvar] = this.encoder.predict(x) as tf.Tensor2D[];
    return { mu, logvar };
  }

  /** p(x|z): pixel probabilities for a batch of latent points, one call for the whole batch. */
  decode(z: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(this.decoder.predict(z) as tf.Tensor2D));
  }

  /** The decoder's Bernoulli logits for a batch of latent points (log p(x|z) = x·logits − Σ softplus(logits)). */
  decodeLogits(z: tf.Tensor2D): tf.Tensor2D {
    return this.decoder.predict(z) as tf.Tensor2D;
  }

  /**
   * The two ELBO terms for a batch, averaged over it, with `samples` draws of z per image. For the autoencoder: the
   * reconstruction term at its code and a KL of 0 (it has no prior to be close to).
   */
  elboTerms(x: tf.Tensor2D, samples = 1): ElboTerms {
    return tf.tidy(() => {
      if (!this.variational) {
        const code = this.encoder.apply(x) as tf.Tensor2D;
        return { reconstruction: bernoulliNll(x, this.decoder.apply(code) as tf.Tensor2D).mean().neg() as tf.Scalar, kl: tf.scalar(0) };
      }
      const [mu, logvar] = this.encoder.apply(x) as tf.Tensor2D[];
      const kl = klDivergence(mu, logvar).mean() as tf.Scalar;
      let nll: tf.Tensor1D = tf.zeros([x.shape[0]]);
      for (let s = 0; s < samples; s++) {
        const z = reparameterise(mu, logvar, this.nextSeed());
        nll = nll.add(bernoulliNll(x, this.decoder.apply(z) as tf.Tensor2D));
      }
      return { reconstruction: nll.mean().div(-samples) as tf.Scalar, kl };
    });
  }

  /**
   * An Adam trainer of this VAE's weights in place. It minimises reconstruction + β·KL: β = 1 (the default) is the
   * ELBO; β > 1 (β-VAE) buys a more regular code with blurrier reconstructions, β < 1 the reverse.
   */
  createTrainer({ learningRate = 1e-3, beta = 1 }: { learningRate?: number; beta?: number } = {}): VaeTrainer {
    return new VaeTrainer(this, learningRate, beta);
  }

  /** A copy with its own weights (to train without touching a shared model). */
  clone(seed?: number): Vae {
    const copy = new Vae(buildVaeNetwork(this.config, this.network), this.config, seed);
    copy.network.setWeights(this.network.getWeights());
    return copy;
  }

  /** @internal */
  nextSeed(): number {
    return (this.noiseSeed = (this.noiseSeed * 48271) % 2147483647);
  }
}

export class VaeTrainer {
  private readonly optimizer: tf.Optimizer;

  /** the KL term's weight in the loss (1: the ELBO); may change between steps */
  constructor(private readonly vae: Vae, learningRate: number, public beta = 1) {
    this.optimizer = tf.train.adam(learningRate);
  }

  /** One gradient step on −(reconstruction − β·KL) for the batch x. Returns the batch's terms (before the step); caller disposes. */
  step(x: tf.Tensor2D): ElboTerms {
    let terms: ElboTerms | undefined;
    const vars = this.vae.network.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const { value, grads } = tf.variableGrads(() => {
      const t = this.vae.elboTerms(x);
      terms = { reconstruction: tf.keep(t.reconstruction), kl: tf.keep(t.kl) };
      return t.kl.mul(this.beta).sub(t.reconstruction) as tf.Scalar;
    }, vars);
    this.optimizer.applyGradients(grads);
    value.dispose();
    tf.dispose(grads);
    return terms!;
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

/** Checks that a loaded network is a VAE this module can drive, and reads its config from it. */
function checkVaeShape(network: tf.LayersModel, where: string): VaeConfig {
  const ins = network.inputs.map((t) => t.shape);
  const outs = network.outputs.map((t) => t.shape);
  const d = ins[1]?.[1];
  const variational = outs.length === 3;
  const ok = ins.length === 2 && (outs.length === 3 || outs.length === 2) && typeof d === 'number' && ins[0][1] === 784 &&
    outs.slice(0, -1).every((o) => o[1] === d) && outs[outs.length - 1][1] === 784 &&
    network.layers.some((l) => l.name === (variational ? 'encoder_mu' : 'encoder_code'));
  if (!ok) {
    const [inputs, outputs] = [ins.map(shapeText).join(', '), outs.map(shapeText).join(', ')];
    throw new WeightsError(
      () => msg(str`${where} holds a different model (inputs ${inputs}; outputs ${outputs}): a VAE here has inputs x [null,784] and z [null,d], outputs μ, log σ² [null,d] and logits [null,784] (an autoencoder: outputs z [null,d] and logits)`),
      where,
    );
  }
  const hiddenUnits = network.layers
    .filter((l) => /^encoder_hidden_\d+$/.test(l.name))
    .map((l) => (l.getConfig() as { units: number }).units);
  return { inputDim: 784, hiddenUnits, latentDim: d, variational };
}
