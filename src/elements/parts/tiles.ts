/**
 * Showing batches of 28×28 images: assemble them into one rows × columns image on the device (one readback), and
 * paint intensities onto a canvas with the element's ink and paper colours.
 */
import type * as TF from '@tensorflow/tfjs';
import { rgb } from './css-color.js';

export { cssColor } from './css-color.js';

export const TILE = 28;

/** [n, 28, 28, 1] (or [n, 784]) images in [0, 1] → one [rows·28, columns·28] image; missing tiles are blank. */
export function tileImages(tf: typeof TF, images: TF.Tensor, columns: number): TF.Tensor2D {
  return tf.tidy(() => {
    const n = images.shape[0];
    const rows = Math.ceil(n / columns);
    let x = images.reshape([n, TILE, TILE]);
    if (rows * columns > n) x = x.concat(tf.zeros([rows * columns - n, TILE, TILE]));
    return x.reshape([rows, columns, TILE, TILE]).transpose([0, 2, 1, 3]).reshape([rows * TILE, columns * TILE]) as TF.Tensor2D;
  });
}

/** Paints width × height intensities onto the canvas (resizing it), mixing paper (0) to ink (1). */
export function paintIntensities(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, width: number, ink: string, paper: string, height = width): void {
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(width, height);
  const [ir, ig, ib] = rgb(ink);
  const [pr, pg, pb] = rgb(paper);
  const out = image.data;
  for (let i = 0; i < width * height; i++) {
    const v = Math.min(1, Math.max(0, pixels[i]));
    out[4 * i] = pr + (ir - pr) * v;
    out[4 * i + 1] = pg + (ig - pg) * v;
    out[4 * i + 2] = pb + (ib - pb) * v;
    out[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}
