/** −log p(x) of images under a PixelCNN: the exact score of one parallel pass, in nats and in bits per dimension. */
import type * as TF from '@tensorflow/tfjs';
import type { PixelModel } from '../../models/pixel-models.js';
import { msg, str } from '@lit/localize';
import { readAndDispose } from '../../runtime/read.js';
import { formatNumber } from '../base/localize.js';

const PIXELS = 784;

/** −log p(x) in nats of each 784-value image in {0, 1}: one batch, one exact parallel pass, read back once. */
export async function imageNll(tf: typeof TF, model: PixelModel, images: Float32Array[]): Promise<number[]> {
  const batch = new Float32Array(images.length * PIXELS);
  images.forEach((image, i) => batch.set(image, i * PIXELS));
  const scores = tf.tidy(() => model.nll(tf.tensor2d(batch, [images.length, PIXELS])));
  return Array.from(await readAndDispose(scores));
}

/**
 * An image's −log p(x) in words: nats and bits per dimension, with the held-out digits' average when it is known
 * (empty before the image is scored). In the current locale: call it while rendering.
 */
export function describeNll(nll: number | undefined, average?: number): string[] {
  if (nll === undefined) return [];
  const lines = [msg(str`−log p(x) = ${formatNumber(nll, 1)} nats`), msg(str`${formatNumber(nll / (PIXELS * Math.LN2), 3)} bits/dim`)];
  if (average !== undefined) lines.push(msg(str`held-out digits: ${formatNumber(average, 1)} on average`));
  return lines;
}
