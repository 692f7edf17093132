/** Image sprites: a grid of equal square tiles in one PNG, read as grayscale intensities in [0, 1]. */
import { msg, str } from '@lit/localize';
import { explained } from '../runtime/reader-text.js';

/**
 * Fetches and decodes a sprite into `count` tiles of tile×tile pixels, row-major (tiles left to right, then
 * down). Colour images are read as their mean of R, G, B.
 */
export async function decodeSprite(url: string, tile: number, count?: number): Promise<Float32Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw explained(() => msg(str`image sprite at ${url} could not be fetched (network error or blocked by CORS)`), { cause: e });
  }
  const { status } = response;
  if (!response.ok) throw explained(() => msg(str`image sprite at ${url} returned ${status}`));
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(await response.blob(), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch (e) {
    throw explained(() => msg(str`image sprite at ${url} is not an image the browser can decode`), { cause: e });
  }
  const { width, height } = bitmap;
  const perRow = Math.floor(width / tile);
  const rows = Math.floor(height / tile);
  if (perRow === 0 || rows === 0 || width % tile !== 0 || height % tile !== 0) {
    bitmap.close();
    throw explained(() => msg(str`image sprite at ${url} is ${width}×${height}, not a grid of ${tile}×${tile} tiles`));
  }
  const n = count ?? perRow * rows;
  if (n > perRow * rows) {
    bitmap.close();
    const holds = perRow * rows;
    throw explained(() => msg(str`image sprite at ${url} holds ${holds} tiles of ${tile}×${tile}, fewer than the ${n} expected`));
  }
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const out = new Float32Array(n * tile * tile);
  // 9,000 tiles take ~100 ms on a laptop: give the page's thread back every few milliseconds
  let slice = performance.now();
  for (let k = 0; k < n; k++) {
    if (performance.now() - slice > 8) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      slice = performance.now();
    }
    const x0 = (k % perRow) * tile;
    const y0 = Math.floor(k / perRow) * tile;
    for (let y = 0; y < tile; y++) {
      for (let x = 0; x < tile; x++) {
        const i = ((y0 + y) * width + x0 + x) * 4;
        out[(k * tile + y) * tile + x] = (rgba[i] + rgba[i + 1] + rgba[i + 2]) / 765;
      }
    }
  }
  return out;
}
