/**
 * Image datasets for training on the reader's own pictures: a sprite sheet at a URL (tiles of tile × tile), or
 * image files dropped onto an element. Every image becomes 28×28 grayscale intensities in [0, 1].
 */
import { msg } from '@lit/localize';
import { decodeSprite } from './sprite.js';
import { explained } from '../runtime/reader-text.js';

export interface ImageSet {
  /** count × 784 intensities in [0, 1] */
  pixels: Float32Array;
  count: number;
  /** where it came from, for the status line */
  source: string;
}

const SIDE = 28;

/** A sprite of tile × tile images, resized to 28×28 if tile differs. */
export async function imagesFromSprite(url: string, tile: number): Promise<ImageSet> {
  const raw = await decodeSprite(url, tile);
  const count = raw.length / (tile * tile);
  const pixels = tile === SIDE ? raw : resizeAll(raw, count, tile);
  return { pixels, count, source: url };
}

/** Image files (PNG, JPEG, …): each centre-cropped to a square and scaled to 28×28. Non-images are skipped. */
export async function imagesFromFiles(files: Iterable<File>): Promise<ImageSet> {
  const list = [...files].filter((f) => f.type.startsWith('image/'));
  if (list.length === 0) throw explained(() => msg('none of the dropped files is an image (PNG, JPEG, GIF, WebP)'));
  const canvas = new OffscreenCanvas(SIDE, SIDE);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const pixels = new Float32Array(list.length * SIDE * SIDE);
  let count = 0;
  for (const file of list) {
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(file);
    } catch {
      continue; // an image type the browser cannot decode
    }
    const side = Math.min(bitmap.width, bitmap.height);
    ctx.clearRect(0, 0, SIDE, SIDE);
    ctx.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, SIDE, SIDE);
    bitmap.close();
    const rgba = ctx.getImageData(0, 0, SIDE, SIDE).data;
    for (let i = 0; i < SIDE * SIDE; i++) pixels[count * SIDE * SIDE + i] = ((rgba[4 * i] + rgba[4 * i + 1] + rgba[4 * i + 2]) / 765) * (rgba[4 * i + 3] / 255);
    count++;
  }
  if (count === 0) throw explained(() => msg('none of the dropped images could be decoded'));
  return { pixels: pixels.subarray(0, count * SIDE * SIDE), count, source: `${count} dropped image${count === 1 ? '' : 's'}` };
}

/** Box-filter resize of count square tiles from tile × tile to 28 × 28. */
function resizeAll(raw: Float32Array, count: number, tile: number): Float32Array {
  const out = new Float32Array(count * SIDE * SIDE);
  const scale = tile / SIDE;
  for (let k = 0; k < count; k++) {
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        let sum = 0, n = 0;
        for (let sy = Math.floor(y * scale); sy < Math.max(Math.floor(y * scale) + 1, Math.floor((y + 1) * scale)); sy++) {
          for (let sx = Math.floor(x * scale); sx < Math.max(Math.floor(x * scale) + 1, Math.floor((x + 1) * scale)); sx++) {
            sum += raw[(k * tile + Math.min(tile - 1, sy)) * tile + Math.min(tile - 1, sx)];
            n++;
          }
        }
        out[(k * SIDE + y) * SIDE + x] = sum / n;
      }
    }
  }
  return out;
}
