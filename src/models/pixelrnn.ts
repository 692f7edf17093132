/**
 * PixelRNN (van den Oord et al. 2016, §3.1: the Row LSTM) for 28×28 binarised digits, DOM-free.
 *
 *   p(x) = Π_i p(x_i | x_<i)   in raster order, as for the PixelCNN (pixelcnn.ts); here the dependency on the
 *   pixels above is carried by an LSTM that runs down the image one row at a time.
 *
 * Why the Row LSTM and not the Diagonal BiLSTM (§3.2): its recurrence is over rows, so the state a sampler carries
 * from one row to the next is exactly the LSTM's hidden and cell state of the previous row (see pixelrnn-sampler.ts),
 * and a row step is two small convolutions — what a browser runs well. The price, which the paper names, is a
 * triangular receptive field: a pixel sees a cone above it and only a few pixels to its left in its own row.
 *
 *   masked_a      k×k masked conv (mask A: a pixel never sees itself), 1 → 2h channels
 *   lstm_i        Row LSTM over the residual stream a (2h channels), h units; for row r:
 *                   gates = input_to_state(a)[r] + state_to_state(h[r−1])       (4h: i, f, o, g in that order)
 *                   c[r] = σ(f) c[r−1] + σ(i) tanh(g),   h[r] = σ(o) tanh(c[r])
 *                 input_to_state is a 1×k conv along the row with mask B (a position sees itself and the pixels to
 *                 its left, never to its right); state_to_state a 1×k conv over the previous row's hidden state,
 *                 all of which lies before row r in raster order. h[−1] = c[−1] = 0.
 *   lstm_i_out    1×1 conv h → 2h, added to a (the residual connection between LSTM layers)
 *   head          relu, 1×1 2h → head, relu, 1×1 head → 1 Bernoulli logit per pixel
 *
 * Training and scoring still take one pass (the image is known, so every row's input is there at once); only the
 * recurrence over rows is sequential (28 steps per layer), where the PixelCNN has none. Sampling is sequential for
 * both. Layer names are the contract with tools/train_pixelrnn.py.
 */
import * as tf from '@tensorflow/tfjs';
import { msg, str } from '@lit/localize';
import { WeightsError } from '../runtime/weights.js';
import { blankKernels, loadChecked, reinitialise, shapeText, type LoadOptions, type ModelSource } from './load.js';
import { AutoregressiveModel, MaskedConv2D, SIDE } from './pixelcnn.js';

export interface PixelRnnConfig {
  /** h: LSTM units per layer; the residual stream carries 2h channels */
  hidden: number;
  /** Row LSTM layers */
  layers: number;
  /** channels of the 1×1 layer before the logit */
  head: number;
  /** kernel size of the first (mask A) convolution, odd */
  firstKernel: number;
  /** k of the 1×k input-to-state and state-to-state convolutions, odd */
  rowKernel: number;
}

/** The shipped model (weights/pixelrnn-mnist/). */
export const PIXELRNN_DEFAULTS: Readonly<PixelRnnConfig> = { hidden: 32, layers: 3, head: 64, firstKernel: 7, rowKernel: 3 };
/** A model small enough to train in a page, with about as many parameters as PIXELCNN_SMALL (2,413 against 2,433). */
export const PIXELRNN_SMALL: Readonly<PixelRnnConfig> = { hidden: 5, layers: 2, head: 16, firstKernel: 5, rowKernel: 3 };

/** The 1×k row mask B as [1, k, 1, 1] values: 1 at and left of the centre, 0 to its right. */
export function rowMask(k: number): number[] {
  return Array.from({ length: k }, (_, i) => (i <= (k - 1) / 2 ? 1 : 0));
}

interface RowLstmArgs {
  /** h: hidden units */
  units: number;
  /** k, odd */
  kernelSize: number;
  name?: string;
  trainable?: boolean;
  blank?: boolean | ReturnType<typeof blankKernels>['kernelInitializer'];
}

/** One row's LSTM state: [n, 28, h] each. */
export interface RowState {
  h: tf.Tensor3D;
  c: tf.Tensor3D;
}

/**
 * A Row LSTM layer: input [n, 28, 28, c] → hidden states [n, 28, 28, h]. Weights: input_kernel [1, k, c, 4h] (mask B
 * applied on every call), input_bias [4h], state_kernel [k, h, 4h] (a conv1d kernel, no bias).
 */
export class RowLstm extends tf.layers.Layer {
  static className = 'RowLstm';
  readonly units: number;
  readonly kernelSize: number;
  private inputKernel?: tf.LayerVariable;
  private inputBias?: tf.LayerVariable;
  private stateKernel?: tf.LayerVariable;
  private mask?: tf.Tensor4D;
  private readonly blank: NonNullable<RowLstmArgs['blank']>;

  constructor(args: RowLstmArgs) {
    super(args);
    if (!(Number.isInteger(args.kernelSize) && args.kernelSize % 2 === 1 && args.kernelSize > 0)) throw new Error(`RowLstm: kernelSize must be odd, got ${args.kernelSize}`);
    if (!(Number.isInteger(args.units) && args.units > 0)) throw new Error(`RowLstm: units must be a whole number ≥ 1, got ${args.units}`);
    this.units = args.units;
    this.kernelSize = args.kernelSize;
    this.blank = args.blank ?? false;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1] as number;
    const { units: u, kernelSize: k } = this;
    const init = (fallback: ReturnType<typeof tf.initializers.zeros>) => (typeof this.blank === 'object' ? this.blank : this.blank ? tf.initializers.zeros() : fallback);
    this.inputKernel = this.addWeight('input_kernel', [1, k, channels, 4 * u], 'float32', init(tf.initializers.glorotUniform({})));
    this.inputBias = this.addWeight('input_bias', [4 * u], 'float32', tf.initializers.zeros());
    this.stateKernel = this.addWeight('state_kernel', [k, u, 4 * u], 'float32', init(tf.initializers.glorotUniform({})));
    this.mask = tf.keep(tf.tensor4d(rowMask(k), [1, k, 1, 1]));
    if (!this.blank) this.openForgetGates();
    this.built = true;
  }

  /** Forget-gate biases 1, the others 0 (an LSTM that starts by remembering: Gers et al. 2000). */
  openForgetGates(): void {
    const u = this.units;
    const bias = tf.tidy(() => tf.concat([tf.zeros([u]), tf.ones([u]), tf.zeros([2 * u])]));
    this.inputBias!.write(bias);
    bias.dispose();
  }

  /** What reinitialise() (load.ts) calls after it zeroed the biases. */
  afterReinitialise(): void {
    this.openForgetGates();
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const [n, , width] = x.shape;
      const rows = tf.unstack(this.inputToState(x), 1) as tf.Tensor3D[];
      let state: RowState = { h: tf.zeros([n, width, this.units]), c: tf.zeros([n, width, this.units]) };
      const out: tf.Tensor3D[] = [];
      for (const row of rows) {
        state = this.rowStep(row, state);
        out.push(state.h);
      }
      return tf.stack(out, 1);
    });
  }

  /** The input-to-state term of every position of x [n, rows, 28, c]: [n, rows, 28, 4h] (the caller owns it). */
  inputToState(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => tf.conv2d(x, (this.inputKernel!.read() as tf.Tensor4D).mul(this.mask!) as tf.Tensor4D, 1, 'same').add(this.inputBias!.read()) as tf.Tensor4D);
  }

  /** One row: its input-to-state term [n, 28, 4h] and the previous row's state → this row's state (new tensors). */
  rowStep(inputToState: tf.Tensor3D, previous: RowState): RowState {
    return tf.tidy(() => {
      const gates = inputToState.add(tf.conv1d(previous.h, this.stateKernel!.read() as tf.Tensor3D, 1, 'same'));
      const [i, f, o, g] = tf.split(gates, 4, 2);
      const c = tf.sigmoid(f).mul(previous.c).add(tf.sigmoid(i).mul(tf.tanh(g))) as tf.Tensor3D;
      const h = tf.sigmoid(o).mul(tf.tanh(c)) as tf.Tensor3D;
      return { h, c };
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, kernelSize: this.kernelSize };
  }

  override dispose(): { refCountAfterDispose: number; numDisposedVariables: number } {
    const result = super.dispose();
    if (result.refCountAfterDispose === 0) this.mask?.dispose();
    return result;
  }
}
tf.serialization.registerClass(RowLstm);

/** Builds the untrained network: input x [null, 28, 28, 1] in {0, 1}, output logits [null, 28, 28, 1]. */
export function buildPixelRnnNetwork(config: PixelRnnConfig, source: boolean | tf.LayersModel = false): tf.LayersModel {
  const init = blankKernels(source);
  const blank = init.kernelInitializer ?? false;
  const { hidden: h, layers, head, firstKernel, rowKernel } = config;
  const x = tf.input({ shape: [SIDE, SIDE, 1], name: 'x' });
  const conv1x1 = (filters: number, name: string) => tf.layers.conv2d({ filters, kernelSize: 1, name, ...init });
  let a = new MaskedConv2D({ filters: 2 * h, kernelSize: firstKernel, maskType: 'A', name: 'masked_a', blank }).apply(x) as tf.SymbolicTensor;
  for (let i = 1; i <= layers; i++) {
    const state = new RowLstm({ units: h, kernelSize: rowKernel, name: `lstm_${i}`, blank }).apply(a) as tf.SymbolicTensor;
    const up = conv1x1(2 * h, `lstm_${i}_out`).apply(state) as tf.SymbolicTensor;
    a = tf.layers.add({ name: `lstm_${i}_add` }).apply([a, up]) as tf.SymbolicTensor;
  }
  const relu = (t: tf.SymbolicTensor, name: string) => tf.layers.reLU({ name }).apply(t) as tf.SymbolicTensor;
  const g = conv1x1(head, 'head_hidden').apply(relu(a, 'head_relu_in')) as tf.SymbolicTensor;
  const logits = conv1x1(1, 'head_logits').apply(relu(g, 'head_relu_mid')) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: logits, name: 'pixelrnn' });
}

/** The layers one row step needs, in the order the network applies them (see pixelrnn-sampler.ts). */
export interface PixelRnnLayers {
  maskedA: MaskedConv2D;
  lstms: { lstm: RowLstm; out: tf.layers.Layer }[];
  headHidden: tf.layers.Layer;
  headLogits: tf.layers.Layer;
}

export class PixelRnn extends AutoregressiveModel<PixelRnnConfig> {
  readonly kind = 'pixelrnn';
  readonly layers: PixelRnnLayers;

  private constructor(network: tf.LayersModel, config: PixelRnnConfig) {
    super(network, config);
    const get = (name: string) => network.getLayer(name);
    this.layers = {
      maskedA: get('masked_a') as MaskedConv2D,
      lstms: Array.from({ length: config.layers }, (_, i) => ({ lstm: get(`lstm_${i + 1}`) as RowLstm, out: get(`lstm_${i + 1}_out`) })),
      headHidden: get('head_hidden'),
      headLogits: get('head_logits'),
    };
  }

  /** A new, untrained PixelRNN. `seed` fixes the initial weights. */
  static create(config: Partial<PixelRnnConfig> = {}, seed?: number): PixelRnn {
    const full = { ...PIXELRNN_DEFAULTS, ...config };
    const network = buildPixelRnnNetwork(full, seed !== undefined);
    if (seed !== undefined) reinitialise(network, seed);
    return new PixelRnn(network, full);
  }

  /** Loads a PixelRNN saved by save() or shipped in weights/ (a URL of model.json, or any tf.io.IOHandler). */
  static async load(source: ModelSource, options?: LoadOptions): Promise<PixelRnn> {
    return loadChecked(source, options, PixelRnn.fromNetwork);
  }

  /** Wraps a loaded network, after checking that it is a PixelRNN of this architecture (else a WeightsError). */
  static fromNetwork(network: tf.LayersModel, where: string): PixelRnn {
    return new PixelRnn(network, checkPixelRnnShape(network, where));
  }

  protected blankCopy(): this {
    return new PixelRnn(buildPixelRnnNetwork(this.config, this.network), this.config) as this;
  }
}

/** True when a loaded network has the PixelRNN's layers (a Row LSTM), whatever their sizes. */
export function isPixelRnnNetwork(network: tf.LayersModel): boolean {
  return network.layers.some((l) => l.getClassName() === RowLstm.className);
}

/** Checks that a loaded network is a PixelRNN of this architecture, and reads its config from it. */
function checkPixelRnnShape(network: tf.LayersModel, where: string): PixelRnnConfig {
  const ins = network.inputs.map((t) => t.shape);
  const outs = network.outputs.map((t) => t.shape);
  const same = (s: tf.Shape, c: number) => s.length === 4 && s[1] === SIDE && s[2] === SIDE && s[3] === c;
  const names = new Set(network.layers.map((l) => l.name));
  const layers = network.layers.filter((l) => /^lstm_\d+$/.test(l.name)).length;
  const lstms = Array.from({ length: layers }, (_, i) => network.layers.find((l) => l.name === `lstm_${i + 1}`));
  const layout = layers > 0 && names.has('masked_a') && names.has('head_hidden') && names.has('head_logits') &&
    lstms.every((l, i) => l instanceof RowLstm && names.has(`lstm_${i + 1}_out`));
  if (!(ins.length === 1 && outs.length === 1 && same(ins[0], 1) && same(outs[0], 1) && layout)) {
    const [inputs, outputs] = [ins.map(shapeText).join(', '), outs.map(shapeText).join(', ')];
    throw new WeightsError(
      () => msg(str`${where} holds a different model (inputs ${inputs}; outputs ${outputs}): a PixelRNN here has input x [null,28,28,1], output logits [null,28,28,1] and layers masked_a, lstm_i (RowLstm), lstm_i_out, head_hidden, head_logits`),
      where,
    );
  }
  const first = lstms[0] as RowLstm;
  const a = network.getLayer('masked_a') as MaskedConv2D;
  // every LSTM's weights must have the shapes its config implies (a misshapen file fails here, not mid-sampling)
  for (const [i, l] of (lstms as RowLstm[]).entries()) {
    const [kernel, bias, state] = l.getWeights();
    const u = l.units;
    const k = l.kernelSize;
    const ok = kernel?.shape.join() === [1, k, a.filters, 4 * u].join() && bias?.shape.join() === String(4 * u) && state?.shape.join() === [k, u, 4 * u].join() && a.filters === 2 * u;
    if (!ok) {
      throw new WeightsError(
        `${where}: the Row LSTM lstm_${i + 1} has weights of shapes ${[kernel, bias, state].map((w) => (w ? shapeText(w.shape) : 'missing')).join(', ')}; ` +
          `with ${u} units over ${a.filters} channels they are input_kernel [1,${k},${a.filters},${4 * u}], input_bias [${4 * u}], state_kernel [${k},${u},${4 * u}] (and masked_a has 2 × units channels)`,
        where,
      );
    }
  }
  const head = network.getLayer('head_hidden').getConfig() as { filters: number };
  return { hidden: first.units, layers, head: head.filters, firstKernel: a.kernelSize, rowKernel: first.kernelSize };
}
