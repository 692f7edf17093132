/**
 * DCGAN (Radford et al. 2016) for 28×28 grayscale images, DOM-free, following the lecture's two-player game:
 *   generator      G(z): z → dense 7×7×2f → BN → ReLU → [convT 2f (3×3, stride 1) → BN → ReLU] → convT f (4×4, stride 2)
 *                        → BN → ReLU → convT 1 (4×4, stride 2) → tanh
 *   discriminator  D(x): conv f (4×4, s2) → leaky ReLU → conv 2f (4×4, s2) → leaky ReLU → [conv 4f (4×4, s2) → leaky ReLU]
 *                        → dense 1 (a logit)
 * With `code` > 0, G first passes z's leading coordinates through a softmax (src/models/latent-code.ts), the
 * categorical code of a class-conditional GAN: the shipped weights were trained against a projection discriminator
 * D(x, y) on the digits' labels, so the code's argmax is the digit's class (the projection stays in
 * tools/train_gan.py; the page's D is its unconditional part).
 * The bracketed layers are depth 3 (the shipped weights): a layer at 7×7 in G that lays out the whole digit before
 * upsampling, and one in D whose every feature sees 22×22 pixels rather than 10×10, so that D judges whole digits,
 * not strokes (with depth 2, D's logit is a sum of scores of 10×10 patches, and G learns strokes that do not make a
 * digit). Depth 2 is the smaller model of earlier versions; its weights still load.
 * Kernels of 4 with stride 2 (kernel divisible by stride) avoid the checkerboard artefacts of transposed
 * convolutions (Odena et al. 2016). Batch normalisation in G, as in the DCGAN paper, keeps the game stable; it
 * normalises with the batch's statistics while training (apply(…, {training: true}), which also updates the moving
 * averages) and with the moving averages when sampling. Images are in [−1, 1]; samples() maps them to [0, 1].
 *
 * G and D live in one LayersModel with inputs [z, x] and outputs [G(z), D(x)], so one model.json holds both.
 * Layer names are the contract with tools/train_gan.py.
 */
import * as tf from '@tensorflow/tfjs';
import { msg, str } from '@lit/localize';
import { WeightsError } from '../runtime/weights.js';
import { LatentCode } from './latent-code.js';
import { blankKernels, loadChecked, NetworkOwner, reinitialise, shapeText, type LoadOptions, type ModelSource } from './load.js';

export interface DcganConfig {
  /** size of z */
  zDim: number;
  /** filters of the first discriminator conv and last generator convT (the others have 2f, D's third 4f) */
  filters: number;
  /** convolutions in D and transposed convolutions in G: 3 (the shipped model) or 2 (a smaller, faster one) */
  depth: 2 | 3;
  /**
   * categories of a code read from z's first coordinates (src/models/latent-code.ts: an AC-GAN's class, as in the
   * shipped weights, where category k draws digit k); 0: none, G sees z as it is (the plain DCGAN of the lecture)
   */
  code: number;
  /** softmax temperature through which G sees the code */
  codeTau: number;
}

export const DCGAN_DEFAULTS: Readonly<DcganConfig> = { zDim: 64, filters: 64, depth: 3, code: 0, codeTau: 0.1 };

export type GeneratorLoss = 'non-saturating' | 'minimax';

export function buildDcganNetwork({ zDim, filters: f, depth, code, codeTau }: DcganConfig, blank: boolean | tf.LayersModel = false): tf.LayersModel {
  const init = blankKernels(blank);
  const z = tf.input({ shape: [zDim], name: 'z' });
  const zIn = code > 0 ? (new LatentCode({ code, tau: codeTau, name: 'g_code' }).apply(z) as tf.SymbolicTensor) : z;
  // BN as PyTorch's BatchNorm2d: per channel, ε = 1e-5, moving averages with weight 0.9 on the past (momentum 0.1)
  const bn = (name: string) => tf.layers.batchNormalization({ axis: -1, epsilon: 1e-5, momentum: 0.9, name });
  let g = tf.layers.dense({ units: 7 * 7 * 2 * f, name: 'g_dense', ...init }).apply(zIn) as tf.SymbolicTensor;
  g = tf.layers.reshape({ targetShape: [7, 7, 2 * f], name: 'g_reshape' }).apply(g) as tf.SymbolicTensor;
  g = tf.layers.reLU({ name: 'g_relu_1' }).apply(bn('g_bn_1').apply(g)) as tf.SymbolicTensor;
  if (depth === 3) {
    g = tf.layers.conv2dTranspose({ filters: 2 * f, kernelSize: 3, strides: 1, padding: 'same', name: 'g_deconv_0', ...init }).apply(g) as tf.SymbolicTensor;
    g = tf.layers.reLU({ name: 'g_relu_0' }).apply(bn('g_bn_0').apply(g)) as tf.SymbolicTensor;
  }
  g = tf.layers.conv2dTranspose({ filters: f, kernelSize: 4, strides: 2, padding: 'same', name: 'g_deconv_1', ...init }).apply(g) as tf.SymbolicTensor;
  g = tf.layers.reLU({ name: 'g_relu_2' }).apply(bn('g_bn_2').apply(g)) as tf.SymbolicTensor;
  g = tf.layers.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh', name: 'g_deconv_2', ...init }).apply(g) as tf.SymbolicTensor;

  const x = tf.input({ shape: [28, 28, 1], name: 'x' });
  let d = tf.layers.conv2d({ filters: f, kernelSize: 4, strides: 2, padding: 'same', name: 'd_conv_1', ...init }).apply(x) as tf.SymbolicTensor;
  d = tf.layers.leakyReLU({ alpha: 0.2, name: 'd_lrelu_1' }).apply(d) as tf.SymbolicTensor;
  d = tf.layers.conv2d({ filters: 2 * f, kernelSize: 4, strides: 2, padding: 'same', name: 'd_conv_2', ...init }).apply(d) as tf.SymbolicTensor;
  d = tf.layers.leakyReLU({ alpha: 0.2, name: 'd_lrelu_2' }).apply(d) as tf.SymbolicTensor;
  if (depth === 3) {
    d = tf.layers.conv2d({ filters: 4 * f, kernelSize: 4, strides: 2, padding: 'same', name: 'd_conv_3', ...init }).apply(d) as tf.SymbolicTensor;
    d = tf.layers.leakyReLU({ alpha: 0.2, name: 'd_lrelu_3' }).apply(d) as tf.SymbolicTensor;
  }
  d = tf.layers.flatten({ name: 'd_flatten' }).apply(d) as tf.SymbolicTensor;
  d = tf.layers.dense({ units: 1, name: 'd_logit', ...init }).apply(d) as tf.SymbolicTensor;
  return tf.model({ inputs: [z, x], outputs: [g, d], name: 'dcgan' });
}

/** Discriminator loss: binary cross-entropy with real → 1, fake → 0, from logits: softplus(−l_real) + softplus(l_fake). */
export function discriminatorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.softplus(tf.neg(realLogits)).mean().add(tf.softplus(fakeLogits).mean()) as tf.Scalar);
}

/** Non-saturating generator loss −log D(G(z)) = softplus(−l): strong gradients while D still wins (Goodfellow 2014). */
export function nonSaturatingGeneratorLoss(fakeLogits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.softplus(tf.neg(fakeLogits)).mean() as tf.Scalar);
}

/** Minimax generator loss log(1 − D(G(z))) = −softplus(l): flat where D(G(z)) ≈ 0, so G stalls early on. */
export function minimaxGeneratorLoss(fakeLogits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.softplus(fakeLogits)).mean() as tf.Scalar);
}

export class Dcgan extends NetworkOwner {
  readonly generator: tf.LayersModel;
  readonly discriminator: tf.LayersModel;

  private constructor(network: tf.LayersModel, readonly config: DcganConfig) {
    super(network);
    this.generator = tf.model({ inputs: network.inputs[0], outputs: network.outputs[0] });
    this.discriminator = tf.model({ inputs: network.inputs[1], outputs: network.outputs[1] });
  }

  /** A new, untrained DCGAN; `seed` fixes the initial weights. */
  static create(config: Partial<DcganConfig> = {}, seed?: number): Dcgan {
    const full = { ...DCGAN_DEFAULTS, ...config };
    // with a seed, the seeded draws below are the initial weights: the layers need not draw their own first
    const network = buildDcganNetwork(full, seed !== undefined);
    if (seed !== undefined) reinitialise(network, seed);
    return new Dcgan(network, full);
  }

  /** Loads a DCGAN saved by save() or shipped in weights/ (URL of model.json, or any tf.io.IOHandler). */
  static async load(source: ModelSource, options?: LoadOptions): Promise<Dcgan> {
    return loadChecked(source, options, (network, where) => new Dcgan(network, checkDcganShape(network, where)));
  }

  /** G(z) mapped to [0, 1], shape [n, 28, 28, 1]. The caller owns it. */
  samples(z: tf.Tensor2D): tf.Tensor4D {
    return tf.tidy(() => (this.generator.predict(z) as tf.Tensor4D).add(1).div(2));
  }

  /** D's logit for images in [−1, 1]. */
  discriminate(x: tf.Tensor4D): tf.Tensor2D {
    return this.discriminator.predict(x) as tf.Tensor2D;
  }

  createTrainer(options: Partial<DcganTrainerOptions> = {}): DcganTrainer {
    return new DcganTrainer(this, { ...TRAINER_DEFAULTS, ...options });
  }

  /** A copy with its own weights (to train without touching a shared model). */
  clone(seed?: number): Dcgan {
    const copy = seed === undefined ? new Dcgan(buildDcganNetwork(this.config, this.network), this.config) : Dcgan.create(this.config, seed);
    const names = (m: tf.LayersModel) => m.weights.map((w) => w.originalName).join();
    if (names(copy.network) !== names(this.network)) {
      copy.dispose();
      throw new WeightsError(() => msg('these DCGAN weights come from another architecture (an earlier version without batch normalisation?): train from scratch, or export them again from this version'), 'the loaded DCGAN');
    }
    copy.network.setWeights(this.network.getWeights());
    return copy;
  }
}

export interface DcganTrainerOptions {
  learningRateG: number;
  learningRateD: number;
  /** k: discriminator steps per generator step (the lecture's algorithm) */
  dSteps: number;
  loss: GeneratorLoss;
  /** seeds the z draws of training */
  seed: number;
}

const TRAINER_DEFAULTS: DcganTrainerOptions = { learningRateG: 2e-4, learningRateD: 2e-4, dSteps: 1, loss: 'non-saturating', seed: 0 };

/** Batch means from one training step. The caller disposes them (or reads them with `await t.data()`). */
export interface GanStepResult {
  dLoss: tf.Scalar;
  gLoss: tf.Scalar;
  /** mean D(x) on real images (a probability) */
  dReal: tf.Scalar;
  /** mean D(G(z)) on fakes (a probability) */
  dFake: tf.Scalar;
}

export class DcganTrainer {
  private readonly optD: tf.Optimizer;
  private readonly optG: tf.Optimizer;
  private zSeed: number;

  constructor(private readonly gan: Dcgan, readonly options: DcganTrainerOptions) {
    this.optD = tf.train.adam(options.learningRateD, 0.5);
    this.optG = tf.train.adam(options.learningRateG, 0.5);
    this.zSeed = options.seed * 7919 + 17;
  }

  /** Gaussian latent vectors for a batch (seeded, so a run can be repeated). */
  sampleZ(n: number): tf.Tensor2D {
    this.zSeed = (this.zSeed * 48271) % 2147483647;
    return tf.randomNormal([n, this.gan.config.zDim], 0, 1, 'float32', this.zSeed);
  }

  /**
   * One round of the game: k discriminator steps (each on its own real batch from `nextReal`, images in [−1, 1]),
   * then one generator step. Returns the last D step's figures and the G step's loss.
   */
  step(nextReal: () => tf.Tensor4D): GanStepResult {
    let last: Omit<GanStepResult, 'gLoss'> | undefined;
    let n = 0;
    for (let i = 0; i < this.options.dSteps; i++) {
      if (last) tf.dispose([last.dLoss, last.dReal, last.dFake]);
      const real = nextReal();
      n = real.shape[0];
      last = this.discriminatorStep(real);
      real.dispose();
    }
    return { ...last!, gLoss: this.generatorStep(n) };
  }

  private discriminatorStep(real: tf.Tensor4D): Omit<GanStepResult, 'gLoss'> {
    const z = this.sampleZ(real.shape[0]);
    const fake = tf.tidy(() => this.gan.generator.apply(z, { training: true }) as tf.Tensor4D); // a constant for D's step
    let dReal!: tf.Scalar, dFake!: tf.Scalar;
    const vars = trainable(this.gan.discriminator);
    const { value, grads } = tf.variableGrads(() => {
      const realLogits = this.gan.discriminator.apply(real) as tf.Tensor;
      const fakeLogits = this.gan.discriminator.apply(fake) as tf.Tensor;
      dReal = tf.keep(tf.sigmoid(realLogits).mean() as tf.Scalar);
      dFake = tf.keep(tf.sigmoid(fakeLogits).mean() as tf.Scalar);
      return discriminatorLoss(realLogits, fakeLogits);
    }, vars);
    this.optD.applyGradients(grads);
    tf.dispose([z, fake, grads]);
    return { dLoss: value, dReal, dFake };
  }

  private generatorStep(n: number): tf.Scalar {
    const z = this.sampleZ(n);
    const loss = this.options.loss === 'minimax' ? minimaxGeneratorLoss : nonSaturatingGeneratorLoss;
    const { value, grads } = tf.variableGrads(
      () => loss(this.gan.discriminator.apply(this.gan.generator.apply(z, { training: true })) as tf.Tensor),
      trainable(this.gan.generator),
    );
    this.optG.applyGradients(grads);
    tf.dispose([z, grads]);
    return value;
  }

  /** The generator's gradients for a batch of z under a loss (for tests and teaching: it does not step). */
  generatorGradients(z: tf.Tensor2D, loss: GeneratorLoss): tf.NamedTensorMap {
    const f = loss === 'minimax' ? minimaxGeneratorLoss : nonSaturatingGeneratorLoss;
    const { value, grads } = tf.variableGrads(() => f(this.gan.discriminator.apply(this.gan.generator.apply(z, { training: true })) as tf.Tensor), trainable(this.gan.generator));
    value.dispose();
    return grads;
  }

  dispose(): void {
    this.optD.dispose();
    this.optG.dispose();
  }
}

function trainable(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
}

function checkDcganShape(network: tf.LayersModel, where: string): DcganConfig {
  const ins = network.inputs.map((t) => t.shape);
  const outs = network.outputs.map((t) => t.shape);
  const zDim = ins[0]?.[1];
  const ok = ins.length === 2 && outs.length === 2 && typeof zDim === 'number' && ins[0].length === 2 &&
    shapeText(ins[1]) === '[null,28,28,1]' && shapeText(outs[0]) === '[null,28,28,1]' && shapeText(outs[1]) === '[null,1]';
  if (!ok) {
    const [inputs, outputs] = [ins.map(shapeText).join(', '), outs.map(shapeText).join(', ')];
    throw new WeightsError(
      () => msg(str`${where} holds a different model (inputs ${inputs}; outputs ${outputs}): a DCGAN here has inputs z [null,d] and x [null,28,28,1], outputs G(z) [null,28,28,1] and D(x) [null,1]`),
      where,
    );
  }
  const conv = network.layers.find((l) => l.name === 'd_conv_1');
  const filters = (conv?.getConfig() as { filters?: number } | undefined)?.filters ?? DCGAN_DEFAULTS.filters;
  const depth = network.layers.some((l) => l.name === 'd_conv_3') ? 3 : 2;
  const codeLayer = network.layers.find((l) => l.name === 'g_code');
  const { code, tau } = codeLayer instanceof LatentCode ? codeLayer : { code: 0, tau: DCGAN_DEFAULTS.codeTau };
  return { zDim, filters, depth, code, codeTau: tau };
}
