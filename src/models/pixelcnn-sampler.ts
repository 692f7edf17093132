/**
 * Sampling a PixelCNN, pixel by pixel in raster order, completing the pixels a partial image leaves unknown.
 *
 * Both samplers draw the same thing: for each unknown pixel i in raster order, x_i ~ Bernoulli(σ(logit_i / T)),
 * using one uniform u_i per pixel and sample drawn on the device from `seed` (x_i = u_i < p_i; T = 0 takes the
 * most likely value). They differ only in how they get logit_i:
 *
 *   NaiveSampler   runs the whole network on the whole 28×28 image for every pixel: 784 positions of work for one.
 *   CachedSampler  runs it on the current row only. A position's features depend only on pixels before it in raster
 *                  order, so the features of finished rows never change: each masked convolution keeps the rows
 *                  above the current one that its kernel reaches (its input, cached when a row is finished), and a
 *                  step convolves the current row against that cache with 'valid' padding vertically. One step is
 *                  28 positions of work instead of 784; rows that are wholly known cost one pass each.
 *
 * All `samples` completions run together as one batch. Sampled pixels stay on the device; a finished row is read
 * back once (its pixels and the model's probability for each sampled pixel). The caller drives the work one step
 * (at most one network pass) at a time, so it can yield to the browser between steps (see FrameLoop).
 */
import * as tf from '@tensorflow/tfjs';
import { PIXELS, SIDE, type PixelCnn } from './pixelcnn.js';
import { readAndDispose } from '../runtime/read.js';

export interface PartialImage {
  /** 784 pixel values in raster order; only those marked known are used (values > 0.5 are ink) */
  pixels: ArrayLike<number>;
  /** 784 flags in raster order: truthy where the pixel is given and must not change */
  known: ArrayLike<number | boolean>;
}

export interface SamplerOptions {
  /** completions drawn together (default 4) */
  samples?: number;
  /** divides the logits before sampling; 0 takes the most likely value (default 1) */
  temperature?: number;
  /** seed of the uniforms (default 0) */
  seed?: number;
}

export interface CompletedRow {
  /** 0..27 */
  row: number;
  /** samples × 28 values in {0, 1}, sample-major */
  pixels: Float32Array;
  /** samples × 28: p(x_i = 1 | x_<i) under the model (temperature 1) for each sampled pixel; NaN where known */
  probabilities: Float32Array;
}

export type SamplerKind = 'cached' | 'naive';

/** Raster-order completion; subclasses supply the logits of the current row. */
export abstract class RasterSampler {
  readonly samples: number;
  readonly temperature: number;
  /** network passes run so far */
  passes = 0;
  /** pixels sampled so far (per completion) */
  sampled = 0;
  protected row = 0;
  private column = 0;
  private rowValues: tf.Tensor4D;
  private rowProbabilities: tf.Tensor4D;
  private readonly uniforms: tf.Tensor2D;
  /** the current row's uniforms [samples, 1, 28, 1], sliced once per row */
  private rowUniforms?: tf.Tensor4D;
  private readonly columnMasks: tf.Tensor4D[];
  /** 784 flags: the pixel is given */
  readonly known: boolean[];
  /** 784 values in {0, 1}: the given pixels (0 where hidden) */
  readonly given: Float32Array;
  private finished = false;
  private disposed = false;

  constructor(protected readonly model: PixelCnn, partial: PartialImage, { samples = 4, temperature = 1, seed = 0 }: SamplerOptions = {}) {
    if (partial.pixels.length !== PIXELS || partial.known.length !== PIXELS) {
      throw new Error(`a partial image has ${PIXELS} pixels and ${PIXELS} known flags (got ${partial.pixels.length} and ${partial.known.length})`);
    }
    if (!(Number.isInteger(samples) && samples >= 1)) throw new Error(`samples must be a whole number ≥ 1, got ${samples}`);
    if (!(temperature >= 0 && Number.isFinite(temperature))) throw new Error(`temperature must be ≥ 0, got ${temperature}`);
    this.samples = samples;
    this.temperature = temperature;
    this.known = Array.from(partial.known, Boolean);
    this.given = Float32Array.from(partial.pixels, (v, i) => (this.known[i] && v > 0.5 ? 1 : 0));
    this.uniforms = tf.randomUniform([samples, PIXELS], 0, 1, 'float32', seed);
    this.columnMasks = Array.from({ length: SIDE }, (_, c) => tf.tidy(() => tf.oneHot([c], SIDE).cast('bool').reshape([1, 1, SIDE, 1]) as tf.Tensor4D));
    this.rowValues = this.givenRow(0);
    this.rowProbabilities = tf.zeros([samples, 1, SIDE, 1]);
  }

  /** True once all 28 rows are finished. */
  get done(): boolean {
    return this.finished;
  }

  /** Raster index of the next pixel to consider (784 when done). */
  get position(): number {
    return this.finished ? PIXELS : this.row * SIDE + this.column;
  }

  /**
   * One unit of work: samples the next unknown pixel of the current row (one pass), or finishes the row and reads
   * it back (the only read-back). Resolves with the row when a row with sampled pixels was finished.
   */
  async step(): Promise<CompletedRow | undefined> {
    if (this.finished || this.disposed) return undefined;
    const r = this.row;
    let c = this.column;
    while (c < SIDE && this.known[r * SIDE + c]) c++;
    if (c < SIDE) {
      this.samplePixel(c);
      this.column = c + 1;
      return undefined;
    }
    this.endRow(this.rowValues);
    this.rowUniforms?.dispose();
    this.rowUniforms = undefined;
    const values = this.rowValues;
    const probabilities = this.rowProbabilities;
    let sampledHere = false;
    for (let col = 0; col < SIDE; col++) sampledHere ||= !this.known[r * SIDE + col];
    // A wholly given row is not read back: nothing in it was sampled.
    const both = sampledHere ? tf.tidy(() => tf.concat([values.reshape([this.samples, SIDE]), probabilities.reshape([this.samples, SIDE])], 1)) : undefined;
    this.row++;
    this.column = 0;
    this.finished = this.row === SIDE;
    this.rowValues = this.finished ? values : this.givenRow(this.row);
    this.rowProbabilities = this.finished ? probabilities : tf.zeros([this.samples, 1, SIDE, 1]);
    if (!this.finished) tf.dispose([values, probabilities]);
    if (!both) return undefined;
    const data = await readAndDispose(both);
    const pixels = new Float32Array(this.samples * SIDE);
    const probs = new Float32Array(this.samples * SIDE);
    for (let s = 0; s < this.samples; s++) {
      pixels.set(data.subarray(s * 2 * SIDE, s * 2 * SIDE + SIDE), s * SIDE);
      probs.set(data.subarray(s * 2 * SIDE + SIDE, (s + 1) * 2 * SIDE), s * SIDE);
      for (let c = 0; c < SIDE; c++) if (this.known[r * SIDE + c]) probs[s * SIDE + c] = NaN;
    }
    return { row: r, pixels, probabilities: probs };
  }

  /** Resolves when the device has finished the work queued so far (reads one value of the current row back). */
  async sync(): Promise<void> {
    if (this.disposed) return;
    const probe = tf.tidy(() => this.rowValues.slice([0, 0, 0, 0], [1, 1, 1, 1]));
    await probe.data();
    probe.dispose();
  }

  /** Frees every tensor this sampler made (safe to call twice, and mid-way). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([this.rowValues, this.rowProbabilities, this.uniforms, ...this.columnMasks]);
    this.rowUniforms?.dispose();
    this.disposeCache();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Logits of the current row [samples, 1, 28, 1] given `row` (pixels from the current column on do not matter); the caller disposes them. */
  protected abstract rowLogits(row: tf.Tensor4D): tf.Tensor4D;
  /** Called with the finished row, before the next one starts. */
  protected abstract endRow(row: tf.Tensor4D): void;
  protected abstract disposeCache(): void;

  private samplePixel(c: number): void {
    const logits = this.rowLogits(this.rowValues);
    if (!this.rowUniforms) {
      const r = this.row;
      this.rowUniforms = tf.tidy(() => this.uniforms.slice([0, r * SIDE], [this.samples, SIDE]).reshape([this.samples, 1, SIDE, 1]));
    }
    const u = this.rowUniforms;
    // The whole row is drawn at once (a handful of ops whatever the width), and column c is kept.
    const [values, probabilities] = tf.tidy(() => {
      const belief = tf.sigmoid(logits);
      const p = this.temperature === 1 ? belief : this.temperature > 0 ? tf.sigmoid(logits.div(this.temperature)) : undefined;
      const x = (p ? tf.less(u, p) : tf.greater(logits, 0)).cast('float32');
      const m = this.columnMasks[c];
      return [tf.where(m, x, this.rowValues) as tf.Tensor4D, tf.where(m, belief, this.rowProbabilities) as tf.Tensor4D];
    });
    tf.dispose([logits, this.rowValues, this.rowProbabilities]);
    this.rowValues = values;
    this.rowProbabilities = probabilities;
    this.sampled++;
    this.afterPass(c);
  }

  /** Hook after a pixel was sampled at column c of the current row. */
  protected afterPass(_column: number): void {}

  /** The given pixels of row r (0 where unknown), for every sample: [samples, 1, 28, 1]. */
  private givenRow(r: number): tf.Tensor4D {
    return tf.tidy(() => tf.tensor4d(this.given.subarray(r * SIDE, (r + 1) * SIDE), [1, 1, SIDE, 1]).tile([this.samples, 1, 1, 1]));
  }
}

/** Recomputes the whole image for every pixel: the reference, and what the lecture means by "slow". */
export class NaiveSampler extends RasterSampler {
  private above?: tf.Tensor4D;

  protected rowLogits(row: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const parts = [this.above, row, this.row < SIDE - 1 ? tf.zeros([this.samples, SIDE - 1 - this.row, SIDE, 1]) : undefined];
      const image = tf.concat(parts.filter((t): t is tf.Tensor4D => t !== undefined), 1);
      this.passes++;
      return this.model.logits(image).slice([0, this.row, 0, 0], [this.samples, 1, SIDE, 1]);
    });
  }

  protected endRow(row: tf.Tensor4D): void {
    const previous = this.above;
    this.above = previous ? tf.concat([previous, row], 1) : row.clone();
    previous?.dispose();
  }

  protected disposeCache(): void {
    this.above?.dispose();
  }
}

interface RowPass {
  logits: tf.Tensor4D;
  /** the input row of every masked convolution after the first, at index j of the convolution (index 0 is empty: the image row) */
  inputs: tf.Tensor4D[];
}

/** Runs only the current row, against cached rows above it (see the module comment). */
export class CachedSampler extends RasterSampler {
  /** per masked convolution: its kernel's rows down to the centre, masked (owned) */
  private readonly kernels: tf.Tensor4D[];
  /** per masked convolution: the last (k − 1) / 2 rows of its input, zeros above the image (owned) */
  private history: tf.Tensor4D[];
  private last?: { column: number; inputs: tf.Tensor4D[] };
  /** the 1×1 layers' kernel and bias (the model's own variables, not copies) */
  private readonly pointwiseWeights = new Map<tf.layers.Layer, [tf.Tensor4D, tf.Tensor1D]>();

  constructor(model: PixelCnn, partial: PartialImage, options?: SamplerOptions) {
    super(model, partial, options);
    const masked = [model.layers.maskedA, ...model.layers.blocks.map((b) => b.masked)];
    this.kernels = masked.map((layer) =>
      tf.tidy(() => {
        const k = layer.kernelSize;
        const full = layer.maskedKernel();
        return full.slice([0, 0, 0, 0], [(k + 1) / 2, k, full.shape[2], full.shape[3]]);
      }),
    );
    this.history = masked.map((layer, j) => {
      const channels = j === 0 ? 1 : model.config.hidden;
      return tf.zeros([this.samples, (layer.kernelSize - 1) / 2, SIDE, channels]) as tf.Tensor4D;
    });
  }

  protected rowLogits(row: tf.Tensor4D): tf.Tensor4D {
    this.dropLast();
    const { logits, inputs } = this.pass(row);
    this.last = { column: -1, inputs };
    return logits;
  }

  protected override afterPass(column: number): void {
    if (this.last) this.last.column = column;
  }

  protected endRow(row: tf.Tensor4D): void {
    // The pass at the last column saw every pixel of this row that any feature of this row depends on, so its
    // layer inputs are final (the image row itself is `row`). Otherwise run one pass on the finished row.
    let inputs = this.last?.column === SIDE - 1 ? this.last.inputs : undefined;
    if (!inputs) {
      const pass = this.pass(row);
      pass.logits.dispose();
      this.dropLast();
      this.last = { column: -1, inputs: pass.inputs };
      inputs = pass.inputs;
    }
    const next = this.history.map((h, j) =>
      tf.tidy(() => {
        const input = j === 0 ? row : inputs[j];
        return (h.shape[1] > 1 ? tf.concat([h.slice([0, 1, 0, 0], [-1, h.shape[1] - 1, -1, -1]), input], 1) : input.clone()) as tf.Tensor4D;
      }),
    );
    tf.dispose(this.history);
    this.history = next;
    this.dropLast();
  }

  protected disposeCache(): void {
    this.dropLast();
    tf.dispose([...this.kernels, ...this.history]);
  }

  private dropLast(): void {
    if (!this.last) return;
    tf.dispose(this.last.inputs.filter(Boolean));
    this.last = undefined;
  }

  /**
   * The network on one row: masked convs see [cached rows above; this row], 'valid' vertically, 'same' across.
   * Bias and ReLU are fused into the convolutions (one op each instead of three: a pass is bound by op count at
   * small batches).
   */
  private pass(row: tf.Tensor4D): RowPass {
    const inputs: tf.Tensor4D[] = [];
    const logits = tf.tidy(() => {
      const { layers } = this.model;
      const maskedConv = (j: number, input: tf.Tensor4D, bias: tf.Tensor1D, activation: 'linear' | 'relu') => {
        if (j > 0) inputs[j] = tf.keep(input);
        const p = (this.kernels[j].shape[1] - 1) / 2;
        const stack = this.history[j].shape[1] > 0 ? tf.concat([this.history[j], input], 1) : input;
        return tf.fused.conv2d({ x: stack, filter: this.kernels[j], strides: 1, pad: [[0, 0], [0, 0], [p, p], [0, 0]], bias, activation });
      };
      const pointwise = (layer: tf.layers.Layer, x: tf.Tensor4D, activation: 'linear' | 'relu') => {
        let weights = this.pointwiseWeights.get(layer);
        if (!weights) this.pointwiseWeights.set(layer, (weights = layer.getWeights() as [tf.Tensor4D, tf.Tensor1D]));
        return tf.fused.conv2d({ x, filter: weights[0], strides: 1, pad: 'valid', bias: weights[1], activation });
      };
      let a = maskedConv(0, row, layers.maskedA.biasValue(), 'linear');
      layers.blocks.forEach((block, i) => {
        const t = pointwise(block.reduce, tf.relu(a), 'relu');
        const m = maskedConv(i + 1, t, block.masked.biasValue(), 'relu');
        a = a.add(pointwise(block.expand, m, 'linear'));
      });
      return pointwise(layers.headLogits, pointwise(layers.headHidden, tf.relu(a), 'relu'), 'linear');
    });
    this.passes++;
    return { logits, inputs };
  }
}

export function createSampler(kind: SamplerKind, model: PixelCnn, partial: PartialImage, options?: SamplerOptions): RasterSampler {
  return kind === 'naive' ? new NaiveSampler(model, partial, options) : new CachedSampler(model, partial, options);
}

export interface Completion {
  /** samples × 784 values in {0, 1}, sample-major */
  pixels: Float32Array;
  /** samples × 784 model probabilities of the sampled pixels (NaN where known) */
  probabilities: Float32Array;
  passes: number;
}

/** Runs a sampler to the end (for scripts and tests; an element drives step() from its frame loop). */
export async function complete(sampler: RasterSampler): Promise<Completion> {
  const pixels = new Float32Array(sampler.samples * PIXELS);
  const probabilities = new Float32Array(sampler.samples * PIXELS).fill(NaN);
  for (let s = 0; s < sampler.samples; s++) pixels.set(sampler.given, s * PIXELS);
  try {
    while (!sampler.done) {
      const row = await sampler.step();
      if (!row) continue;
      for (let s = 0; s < sampler.samples; s++) {
        pixels.set(row.pixels.subarray(s * SIDE, (s + 1) * SIDE), s * PIXELS + row.row * SIDE);
        probabilities.set(row.probabilities.subarray(s * SIDE, (s + 1) * SIDE), s * PIXELS + row.row * SIDE);
      }
    }
    return { pixels, probabilities, passes: sampler.passes };
  } finally {
    sampler.dispose();
  }
}
