/** Batches of 28×28 images as one rows × columns picture, assembled on the device (one readback for the lot). */
import type * as TF from '@tensorflow/tfjs';

export const TILE = 28;

/** [n, 28, 28, 1] (or [n, 784]) images → one [rows·28, columns·28] image, row-major tiles; missing tiles are blank. */
export function tileImages(tf: typeof TF, images: TF.Tensor, columns: number): TF.Tensor2D {
  return tf.tidy(() => {
    const n = images.shape[0];
    const rows = Math.ceil(n / columns);
    let x = images.reshape([n, TILE, TILE]);
    if (rows * columns > n) x = x.concat(tf.zeros([rows * columns - n, TILE, TILE]));
    return x.reshape([rows, columns, TILE, TILE]).transpose([0, 2, 1, 3]).reshape([rows * TILE, columns * TILE]) as TF.Tensor2D;
  });
}
