/**
 * The categorical code of a class-conditional generator, read from z itself: the first `code` coordinates of
 * z ~ N(0, I) choose a category (their argmax, uniform over the categories), and G sees them as
 * softmax(z[:code] / τ) — a one-hot almost everywhere that still changes continuously along a path in z, so an
 * interpolation between two samples of different categories crosses over smoothly. The other coordinates pass
 * through. Sampling stays z ~ N(0, I): nothing outside z chooses the category.
 * With the shipped weights (trained against a projection discriminator that judged real digits with their labels and
 * fakes with their code: tools/train_gan.py --projection), category k draws digit k.
 */
import * as tf from '@tensorflow/tfjs';

export interface LatentCodeArgs {
  /** categories: how many leading coordinates of z form the code */
  code: number;
  /** softmax temperature τ */
  tau: number;
  name?: string;
}

export class LatentCode extends tf.layers.Layer {
  static className = 'LatentCode';
  readonly code: number;
  readonly tau: number;

  constructor(args: LatentCodeArgs) {
    super(args);
    if (!(Number.isInteger(args.code) && args.code >= 2)) throw new Error(`LatentCode: code must be an integer >= 2, got ${args.code}`);
    if (!(args.tau > 0)) throw new Error(`LatentCode: tau must be > 0, got ${args.tau}`);
    this.code = args.code;
    this.tau = args.tau;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const z = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      const [head, rest] = tf.split(z, [this.code, z.shape[1]! - this.code], 1);
      return tf.concat([tf.softmax(head.div(this.tau)), rest], 1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), code: this.code, tau: this.tau };
  }
}
tf.serialization.registerClass(LatentCode);

/** The category each z draws: argmax of its first `code` coordinates. The caller owns the result. */
export function codeCategory(z: tf.Tensor2D, code: number): tf.Tensor1D {
  return tf.tidy(() => tf.argMax(z.slice([0, 0], [-1, code]), 1) as tf.Tensor1D);
}
