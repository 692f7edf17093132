/**
 * The image to complete: a held-out test digit (the test set loads once) or the reader's drawing, in {0, 1}, and
 * its −log p(x) under the model shown. DOM-free.
 */
import type * as TF from '@tensorflow/tfjs';
import type { PixelModel } from '../../models/pixel-models.js';
import { loadMnist, binarise, type DigitSet } from '../../data/mnist.js';
import { binarisePixels } from '../../data/partial.js';
import { msg, str } from '@lit/localize';
import { message } from '../../runtime/backend.js';
import type { Text } from '../base/localize.js';
import { imageNll } from './image-nll.js';

const PIXELS = 784;

export interface InputImageCallbacks {
  /** something shown changed: the held-out digits arrived, or the score */
  changed: () => void;
  /** shows a readable failure in the element */
  fail: (text: Text, cause: unknown) => void;
  /** the same for a failure of work on the GPU */
  failOnDevice: (text: Text, cause: unknown) => void;
}

/** The held-out test digits and the reader's drawing, either of which the element completes, and the input's score. */
export class InputImage {
  /** the reader's drawing: 784 intensities in [0, 1] */
  drawing = new Float32Array(PIXELS);
  private testDigits?: DigitSet;
  private scored?: { nll: number; image: Float32Array };

  constructor(private readonly callbacks: InputImageCallbacks) {}

  /** −log p(x) of the input in nats (exact), once scored. */
  get nll(): number | undefined {
    return this.scored?.nll;
  }

  /** Loads the held-out digits (once; after a failure, shown via fail, the next call tries again). */
  async load(): Promise<void> {
    if (this.testDigits) return;
    try {
      this.testDigits = await loadMnist('test');
      this.callbacks.changed();
    } catch (e) {
      this.callbacks.fail(() => msg(str`the held-out digits could not load: ${message(e)}`), e);
    }
  }

  /** The full input image in {0, 1}: held-out digit `digit` (blank until they load), or the drawing. */
  pixels(input: 'digit' | 'draw', digit: number): Float32Array {
    if (input === 'draw') return binarisePixels(this.drawing);
    const d = this.testDigits;
    return d ? binarise(d.pixels.subarray(digit * PIXELS, (digit + 1) * PIXELS)) : new Float32Array(PIXELS);
  }

  /**
   * Scores `image` with `model`: −log p(x) in nats (exact, one parallel pass), kept as the input's score while
   * `shown()` (the model is still the one shown); undefined when it fails (shown via failOnDevice).
   */
  async score(tf: typeof TF, model: PixelModel, image: Float32Array, shown: () => boolean): Promise<number | undefined> {
    try {
      const [nll] = await imageNll(tf, model, [image]);
      if (shown()) this.keep({ nll, image });
      return nll;
    } catch (e) {
      if (shown() && !model.isDisposed) this.callbacks.failOnDevice(() => msg(str`the input could not be scored: ${message(e)}`), e);
      return undefined;
    }
  }

  /** Forgets the score (the model shown changed, or the element left the page). */
  forget(): void {
    this.keep(undefined);
  }

  private keep(scored: { nll: number; image: Float32Array } | undefined): void {
    if (scored === this.scored) return;
    this.scored = scored;
    this.callbacks.changed();
  }
}
