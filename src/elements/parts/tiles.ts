/**
 * Showing batches of 28×28 images: paint intensities onto a canvas with the element's ink and paper colours (the
 * batch is tiled into one picture on the device by src/data/tile-images.ts).
 */
import { rgb } from './css-color.js';

export { cssColor } from './css-color.js';
export { tileImages, TILE } from '../../data/tile-images.js';

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
