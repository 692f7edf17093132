/**
 * PixelCNN (van den Oord et al. 2016) for 28×28 binarised digits, DOM-free.
 *
 *   p(x) = Π_i p(x_i | x_<i)   in raster order, each factor a Bernoulli whose logit comes out of the network
 *
 * The network sees the whole image at once and stays causal through masked convolutions: the first (mask A) never
 * lets a pixel see itself, the later ones (mask B) let a position see its own features from the layer below. So
 * training and scoring are one parallel pass (the density is explicit and tractable), while sampling must go pixel
 * by pixel (see pixelcnn-sampler.ts).
 *
 *   masked_a      k×k masked conv (mask A), 1 → 2h channels
 *   block_i       a + expand(relu(masked(relu(reduce(relu(a))))))   reduce 1×1 2h → h, masked 3×3 (mask B), expand 1×1 h → 2h
 *   head          relu, 1×1 2h → head, relu, 1×1 head → 1 logit per pixel
 *
 * Layer names are the contract with tools/train_pixelcnn.py.
 */
import * as tf from '@tensorflow/tfjs';
import { msg, str } from '@lit/localize';
import { WeightsError } from '../runtime/weights.js';
import { blankKernels, loadChecked, NetworkOwner, reinitialise, shapeText, type LoadOptions, type ModelSource } from './load.js';

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;

export interface PixelCnnConfig {
  /** h: the residual stream carries 2h channels, each block's masked conv h */
  hidden: number;
  /** residual blocks */
  blocks: number;
  /** channels of the 1×1 layer before the logit */
  head: number;
  /** kernel size of the first (mask A) convolution, odd */
  firstKernel: number;
}

/** The shipped model (weights/pixelcnn-mnist/, about 100k parameters). */
export const PIXELCNN_DEFAULTS: Readonly<PixelCnnConfig> = { hidden: 32, blocks: 7, head: 64, firstKernel: 7 };
/** A model small enough to train in a page in a minute or two. */
export const PIXELCNN_SMALL: Readonly<PixelCnnConfig> = { hidden: 8, blocks: 2, head: 16, firstKernel: 5 };

export type MaskType = 'A' | 'B';

/**
 * The k×k causal mask as [k, k, 1, 1] values: 1 for taps strictly above the centre row, and left of the centre in
 * the centre row; the centre itself only for mask B. Everything below or to the right is 0.
 */
export function causalMask(k: number, type: MaskType): number[] {
  const c = (k - 1) / 2;
  const mask: number[] = [];
  for (let r = 0; r < k; r++) {
    for (let col = 0; col < k; col++) mask.push(r < c || (r === c && (col < c || (col === c && type === 'B'))) ? 1 : 0);
  }
  return mask;
}

interface MaskedConv2DArgs {
  filters: number;
  kernelSize: number;
  maskType: MaskType;
  name?: string;
  trainable?: boolean;
  /** build with a zero kernel (a network about to receive weights), or with this initializer (see blankKernels) */
  blank?: boolean | ReturnType<typeof blankKernels>['kernelInitializer'];
}

/**
 * A 'same'-padded stride-1 convolution whose kernel is multiplied by the causal mask on every call, so masked taps
 * are exactly zero in the output and get no gradient, whatever the stored kernel holds.
 */
export class MaskedConv2D extends tf.layers.Layer {
  static className = 'MaskedConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly maskType: MaskType;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;
  private mask?: tf.Tensor4D;
  /** zero kernel at build, or a copy's (weights follow): not part of the saved config */
  private readonly blank: NonNullable<MaskedConv2DArgs['blank']>;

  constructor(args: MaskedConv2DArgs) {
    super(args);
    if (!(args.kernelSize % 2 === 1 && args.kernelSize > 0)) throw new Error(`MaskedConv2D: kernelSize must be odd, got ${args.kernelSize}`);
    // tfjs's serialisation snake-cases string values ('A' is saved as 'a'): accept either case.
    const maskType = String(args.maskType).toUpperCase();
    if (maskType !== 'A' && maskType !== 'B') throw new Error(`MaskedConv2D: maskType must be A or B, got ${args.maskType}`);
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.maskType = maskType;
    this.blank = args.blank ?? false;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1] as number;
    const k = this.kernelSize;
    this.kernel = this.addWeight('kernel', [k, k, channels, this.filters], 'float32', typeof this.blank === 'object' ? this.blank : this.blank ? tf.initializers.zeros() : tf.initializers.glorotUniform({}));
    this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.mask = tf.keep(tf.tensor4d(causalMask(k, this.maskType), [k, k, 1, 1]));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      return tf.conv2d(x, this.maskedKernel(), 1, 'same').add(this.bias!.read());
    });
  }

  /** The kernel times the mask (a new tensor; the caller owns it). */
  maskedKernel(): tf.Tensor4D {
    return tf.tidy(() => (this.kernel!.read() as tf.Tensor4D).mul(this.mask!));
  }

  /** The bias variable's current value (not a copy). */
  biasValue(): tf.Tensor1D {
    return this.bias!.read() as tf.Tensor1D;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), filters: this.filters, kernelSize: this.kernelSize, maskType: this.maskType };
  }

  override dispose(): { refCountAfterDispose: number; numDisposedVariables: number } {
    const result = super.dispose();
    if (result.refCountAfterDispose === 0) this.mask?.dispose();
    return result;
  }
}
tf.serialization.registerClass(MaskedConv2D);

/** Builds the untrained network: input x [null, 28, 28, 1] in {0, 1}, output logits [null, 28, 28, 1]. */
export function buildPixelCnnNetwork(config: PixelCnnConfig, source: boolean | tf.LayersModel = false): tf.LayersModel {
  const init = blankKernels(source);
  const blank = init.kernelInitializer ?? false;
  const { hidden: h, blocks, head, firstKernel } = config;
  const x = tf.input({ shape: [SIDE, SIDE, 1], name: 'x' });
  const conv1x1 = (filters: number, name: string) => tf.layers.conv2d({ filters, kernelSize: 1, name, ...init });
  const relu = (t: tf.SymbolicTensor, name: string) => tf.layers.reLU({ name }).apply(t) as tf.SymbolicTensor;
  let a = new MaskedConv2D({ filters: 2 * h, kernelSize: firstKernel, maskType: 'A', name: 'masked_a', blank }).apply(x) as tf.SymbolicTensor;
  for (let i = 1; i <= blocks; i++) {
    let t = conv1x1(h, `block_${i}_reduce`).apply(relu(a, `block_${i}_relu_in`)) as tf.SymbolicTensor;
    t = new MaskedConv2D({ filters: h, kernelSize: 3, maskType: 'B', name: `block_${i}_masked`, blank }).apply(relu(t, `block_${i}_relu_mid`)) as tf.SymbolicTensor;
    t = conv1x1(2 * h, `block_${i}_expand`).apply(relu(t, `block_${i}_relu_out`)) as tf.SymbolicTensor;
    a = tf.layers.add({ name: `block_${i}_add` }).apply([a, t]) as tf.SymbolicTensor;
  }
  const g = conv1x1(head, 'head_hidden').apply(relu(a, 'head_relu_in')) as tf.SymbolicTensor;
  const logits = conv1x1(1, 'head_logits').apply(relu(g, 'head_relu_mid')) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: logits, name: 'pixelcnn' });
}

/** −log p(x) per image in nats: Σ over pixels of the Bernoulli cross-entropy of the logits (numerically stable). */
export function pixelNll(x: tf.Tensor, logits: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const n = x.shape[0]!;
    const l = logits.reshape([n, -1]);
    return tf.relu(l).sub(l.mul(x.reshape([n, -1]))).add(tf.log1p(tf.exp(tf.neg(tf.abs(l))))).sum(1) as tf.Tensor1D;
  });
}

/** nats per image → bits per dimension (per pixel). */
export function bitsPerDim(nats: number, pixels = PIXELS): number {
  return nats / (pixels * Math.LN2);
}

/** The weights one raster step needs, in the order the network applies them (see pixelcnn-sampler.ts). */
export interface PixelCnnLayers {
  maskedA: MaskedConv2D;
  blocks: { reduce: tf.layers.Layer; masked: MaskedConv2D; expand: tf.layers.Layer }[];
  headHidden: tf.layers.Layer;
  headLogits: tf.layers.Layer;
}

/**
 * What the lecture's two fully visible belief networks share (PixelCNN here, PixelRNN in pixelrnn.ts): a network
 * from a batch of {0, 1} images to one Bernoulli logit per pixel, each logit seeing only the pixels before it in raster
 * order, so that −log p(x) is exact; trained by Adam on that NLL.
 */
export abstract class AutoregressiveModel<C> extends NetworkOwner {
  abstract readonly kind: 'pixelcnn' | 'pixelrnn';

  protected constructor(network: tf.LayersModel, readonly config: C) {
    super(network);
  }

  /** Parameters of the network (trainable weights). */
  get parameters(): number {
    return this.network.countParams();
  }

  /** Logits of p(x_i = 1 | x_<i) for every pixel of a batch [n, 28, 28, 1] (or [n, 784]) of {0, 1} images. */
  logits(x: tf.Tensor): tf.Tensor4D {
    return tf.tidy(() => this.network.apply(x.reshape([-1, SIDE, SIDE, 1])) as tf.Tensor4D);
  }

  /** −log p(x) in nats per image, exact, from one pass of the network (a PixelRNN's pass steps through the rows). */
  nll(x: tf.Tensor): tf.Tensor1D {
    return tf.tidy(() => pixelNll(x.reshape([-1, SIDE, SIDE, 1]), this.logits(x)));
  }

  /** An Adam trainer that minimises the mean NLL of this model's weights in place. */
  createTrainer({ learningRate = 2e-3 }: { learningRate?: number } = {}): NllTrainer {
    return new NllTrainer(this, learningRate);
  }

  /** A copy with its own weights (to train without touching a shared model). */
  clone(): this {
    const copy = this.blankCopy();
    copy.network.setWeights(this.network.getWeights());
    return copy;
  }

  /** The same architecture, its kernels sharing this network's data until the copy's weights are set. */
  protected abstract blankCopy(): this;
}

export class PixelCnn extends AutoregressiveModel<PixelCnnConfig> {
  readonly kind = 'pixelcnn';
  readonly layers: PixelCnnLayers;

  private constructor(network: tf.LayersModel, config: PixelCnnConfig) {
    super(network, config);
    const get = (name: string) => network.getLayer(name);
    this.layers = {
      maskedA: get('masked_a') as MaskedConv2D,
      blocks: Array.from({ length: config.blocks }, (_, i) => ({
        reduce: get(`block_${i + 1}_reduce`),
        masked: get(`block_${i + 1}_masked`) as MaskedConv2D,
        expand: get(`block_${i + 1}_expand`),
      })),
      headHidden: get('head_hidden'),
      headLogits: get('head_logits'),
    };
  }

  /** A new, untrained PixelCNN. `seed` fixes the initial weights. */
  static create(config: Partial<PixelCnnConfig> = {}, seed?: number): PixelCnn {
    const full = { ...PIXELCNN_DEFAULTS, ...config };
    // with a seed, the seeded draws below are the initial weights: the layers need not draw their own first
    const network = buildPixelCnnNetwork(full, seed !== undefined);
    if (seed !== undefined) reinitialise(network, seed);
    return new PixelCnn(network, full);
  }

  /** Loads a PixelCNN saved by save() or shipped in weights/ (a URL of model.json, or any tf.io.IOHandler). */
  static async load(source: ModelSource, options?: LoadOptions): Promise<PixelCnn> {
    return loadChecked(source, options, PixelCnn.fromNetwork);
  }

  /** Wraps a loaded network, after checking that it is a PixelCNN of this architecture (else a WeightsError). */
  static fromNetwork(network: tf.LayersModel, where: string): PixelCnn {
    return new PixelCnn(network, checkPixelCnnShape(network, where));
  }

  protected blankCopy(): this {
    return new PixelCnn(buildPixelCnnNetwork(this.config, this.network), this.config) as this;
  }
}

/** What an NLL trainer needs of an autoregressive model (a PixelCNN or a PixelRNN). */
export interface NllModel {
  readonly network: tf.LayersModel;
  nll(x: tf.Tensor): tf.Tensor1D;
}

/** Adam on the mean exact NLL of a batch, for any autoregressive model: its weights change in place. */
export class NllTrainer {
  private readonly optimizer: tf.Optimizer;

  constructor(private readonly model: NllModel, learningRate: number) {
    this.optimizer = tf.train.adam(learningRate);
  }

  /** One gradient step on the mean NLL (nats) of the batch x; returns that loss before the step (caller disposes). */
  step(x: tf.Tensor): tf.Scalar {
    const vars = this.model.network.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const { value, grads } = tf.variableGrads(() => this.model.nll(x).mean() as tf.Scalar, vars);
    this.optimizer.applyGradients(grads);
    tf.dispose(grads);
    return value;
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

/** (the PixelCNN's trainer, by its earlier name) */
export { NllTrainer as PixelCnnTrainer };

/** Checks that a loaded network is a PixelCNN of this architecture, and reads its config from it. */
function checkPixelCnnShape(network: tf.LayersModel, where: string): PixelCnnConfig {
  const ins = network.inputs.map((t) => t.shape);
  const outs = network.outputs.map((t) => t.shape);
  const same = (s: tf.Shape, c: number) => s.length === 4 && s[1] === SIDE && s[2] === SIDE && s[3] === c;
  const names = new Set(network.layers.map((l) => l.name));
  const blocks = network.layers.filter((l) => /^block_\d+_masked$/.test(l.name)).length;
  const layout = names.has('masked_a') && names.has('head_hidden') && names.has('head_logits') &&
    Array.from({ length: blocks }, (_, i) => ['reduce', 'masked', 'expand'].every((p) => names.has(`block_${i + 1}_${p}`))).every(Boolean);
  if (!(ins.length === 1 && outs.length === 1 && same(ins[0], 1) && same(outs[0], 1) && layout)) {
    const [inputs, outputs] = [ins.map(shapeText).join(', '), outs.map(shapeText).join(', ')];
    throw new WeightsError(
      () => msg(str`${where} holds a different model (inputs ${inputs}; outputs ${outputs}): a PixelCNN here has input x [null,28,28,1], output logits [null,28,28,1] and layers masked_a, block_i_{reduce,masked,expand}, head_hidden, head_logits`),
      where,
    );
  }
  const a = network.getLayer('masked_a') as MaskedConv2D;
  const b = network.getLayer('block_1_masked') as MaskedConv2D | undefined;
  const head = network.getLayer('head_hidden').getConfig() as { filters: number };
  return { hidden: b ? b.filters : a.filters / 2, blocks, head: head.filters, firstKernel: a.kernelSize };
}
