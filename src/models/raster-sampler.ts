/**
 * Raster-order sampling, the part every autoregressive image model shares (PixelCNN today; a PixelRNN's sampler
 * would supply its own row logits): for each unknown pixel i in raster order, x_i ~ Bernoulli(σ(logit_i / T)), using
 * one uniform u_i per pixel and sample drawn on the device from `seed` (x_i = u_i < p_i; T = 0 takes the most likely
 * value). A subclass says how it gets the logits of the current row (rowLogits) and what it keeps of a finished row
 * (endRow). All `samples` completions run together as one batch; a finished row is read back once.
 */
import * as tf from '@tensorflow/tfjs';
import { PIXELS, SIDE } from './pixelcnn.js';
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

/** Raster-order completion; subclasses supply the logits of the current row. */
export abstract class RasterSampler<M = unknown> {
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

  constructor(protected readonly model: M, partial: PartialImage, { samples = 4, temperature = 1, seed = 0 }: SamplerOptions = {}) {
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
