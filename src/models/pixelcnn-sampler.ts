/**
 * Sampling a PixelCNN, pixel by pixel in raster order, completing the pixels a partial image leaves unknown.
 *
 * Both samplers draw the same thing (the raster-order draw in raster-sampler.ts); they differ only in how they get
 * logit_i:
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
import { RasterSampler, type CompletedRow, type PartialImage, type SamplerOptions } from './raster-sampler.js';

export { RasterSampler, type CompletedRow, type PartialImage, type SamplerOptions };

export type SamplerKind = 'cached' | 'naive';

/** What the naive sampler needs of a model: the logits of whole images (a PixelCNN, or a PixelRNN). */
export interface ImageLogits {
  logits(x: tf.Tensor): tf.Tensor4D;
}

/** Recomputes the whole image for every pixel: the reference, and what the lecture means by "slow". */
export class NaiveSampler extends RasterSampler<ImageLogits> {
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
export class CachedSampler extends RasterSampler<PixelCnn> {
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
