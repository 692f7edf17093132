/**
 * Sampling a PixelRNN (Row LSTM), pixel by pixel in raster order, carrying the LSTM's state from row to row.
 *
 * The draw itself is raster-sampler.ts's (the same uniforms, the same rule), so for the same seed this gives what
 * NaiveSampler (pixelcnn-sampler.ts) gives by running the whole network on the whole image for every pixel. Here:
 *
 *   RowStateSampler  keeps, per LSTM layer, the hidden and cell state of the previous row (h[r−1], c[r−1]: the
 *                    recurrence's own cache), and the few image rows above that the first (mask A) convolution
 *                    reaches. A pass is one row step per layer: the masked conv on [cached rows; this row], then for
 *                    each layer its 1×k input-to-state conv on the row and one LSTM step from the cached state. When
 *                    a row is finished its states become the cache. 28 positions of work per pass, not 784 × 28 row
 *                    steps.
 *
 * As with the PixelCNN, a position's values depend only on pixels before it, so the pass that sampled the last
 * column of a row already holds that row's final states; a row with nothing to sample costs one pass.
 */
import * as tf from '@tensorflow/tfjs';
import { SIDE } from './pixelcnn.js';
import type { PixelRnn, RowState } from './pixelrnn.js';
import { RasterSampler, type PartialImage, type SamplerOptions } from './raster-sampler.js';

interface RowPass {
  logits: tf.Tensor4D;
  /** each LSTM layer's state after this row */
  states: RowState[];
}

export class RowStateSampler extends RasterSampler<PixelRnn> {
  /** masked_a's kernel rows down to the centre, masked (owned) */
  private readonly kernelA: tf.Tensor4D;
  /** the last (k − 1) / 2 image rows, zeros above the image (owned) */
  private history: tf.Tensor4D;
  /** per LSTM layer: the previous row's state (owned) */
  private previous: RowState[];
  private last?: { column: number; states: RowState[] };
  /** the 1×1 layers' kernel and bias (the model's own variables, not copies) */
  private readonly pointwiseWeights = new Map<tf.layers.Layer, [tf.Tensor4D, tf.Tensor1D]>();

  constructor(model: PixelRnn, partial: PartialImage, options?: SamplerOptions) {
    super(model, partial, options);
    const a = model.layers.maskedA;
    const k = a.kernelSize;
    this.kernelA = tf.tidy(() => {
      const full = a.maskedKernel();
      return full.slice([0, 0, 0, 0], [(k + 1) / 2, k, full.shape[2], full.shape[3]]);
    });
    this.history = tf.zeros([this.samples, (k - 1) / 2, SIDE, 1]);
    const u = model.config.hidden;
    this.previous = model.layers.lstms.map(() => ({ h: tf.zeros([this.samples, SIDE, u]), c: tf.zeros([this.samples, SIDE, u]) }));
  }

  protected rowLogits(row: tf.Tensor4D): tf.Tensor4D {
    this.dropLast();
    const { logits, states } = this.pass(row);
    this.last = { column: -1, states };
    return logits;
  }

  protected override afterPass(column: number): void {
    if (this.last) this.last.column = column;
  }

  protected endRow(row: tf.Tensor4D): void {
    let states = this.last?.column === SIDE - 1 ? this.last.states : undefined;
    if (!states) {
      const pass = this.pass(row);
      pass.logits.dispose();
      this.dropLast();
      states = pass.states;
    } else {
      this.last = undefined; // its states become the cache below
    }
    disposeStates(this.previous);
    this.previous = states;
    const p = this.history.shape[1];
    const next = tf.tidy(() => (p > 1 ? tf.concat([this.history.slice([0, 1, 0, 0], [-1, p - 1, -1, -1]), row], 1) : row.clone()) as tf.Tensor4D);
    this.history.dispose();
    this.history = next;
  }

  protected disposeCache(): void {
    this.dropLast();
    disposeStates(this.previous);
    tf.dispose([this.kernelA, this.history]);
  }

  private dropLast(): void {
    if (!this.last) return;
    disposeStates(this.last.states);
    this.last = undefined;
  }

  /** The network on one row, from the cached rows above and the cached states of the previous row. */
  private pass(row: tf.Tensor4D): RowPass {
    const states: RowState[] = [];
    const logits = tf.tidy(() => {
      const { layers } = this.model;
      const pointwise = (layer: tf.layers.Layer, x: tf.Tensor4D, activation: 'linear' | 'relu') => {
        let weights = this.pointwiseWeights.get(layer);
        if (!weights) this.pointwiseWeights.set(layer, (weights = layer.getWeights() as [tf.Tensor4D, tf.Tensor1D]));
        return tf.fused.conv2d({ x, filter: weights[0], strides: 1, pad: 'valid', bias: weights[1], activation });
      };
      const p = (this.kernelA.shape[1] - 1) / 2;
      const stack = this.history.shape[1] > 0 ? tf.concat([this.history, row], 1) : row;
      let a = tf.fused.conv2d({ x: stack, filter: this.kernelA, strides: 1, pad: [[0, 0], [0, 0], [p, p], [0, 0]], bias: layers.maskedA.biasValue() });
      layers.lstms.forEach(({ lstm, out }, i) => {
        const s = lstm.inputToState(a).reshape([this.samples, SIDE, -1]) as tf.Tensor3D;
        const state = lstm.rowStep(s, this.previous[i]);
        states.push({ h: tf.keep(state.h), c: tf.keep(state.c) });
        a = a.add(pointwise(out, state.h.reshape([this.samples, 1, SIDE, -1]), 'linear'));
      });
      return pointwise(layers.headLogits, pointwise(layers.headHidden, tf.relu(a), 'relu'), 'linear');
    });
    this.passes++;
    return { logits, states };
  }
}

function disposeStates(states: RowState[]): void {
  for (const { h, c } of states) tf.dispose([h, c]);
}
