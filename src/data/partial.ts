/**
 * Partial images for completion: which of the 784 pixels are given and which the model must fill in. DOM-free.
 *
 *   bottom   the lower half is hidden (rows 14–27)
 *   right    the right half is hidden (columns 14–27)
 *   random   each pixel hidden with probability ½ (seeded); a PixelCNN still conditions only on pixels before a
 *            hidden one in raster order, so given pixels below it do not inform it
 *   none     nothing is hidden (the image is only scored)
 */
import { mulberry32 } from '../latent/random.js';

export const HIDDEN_REGIONS = ['bottom', 'right', 'random', 'none'] as const;
export type HiddenRegion = (typeof HIDDEN_REGIONS)[number];

const SIDE = 28;

/** 784 flags in raster order: 1 where the pixel is given, 0 where it is hidden. */
export function knownMask(region: HiddenRegion, seed = 0): Uint8Array {
  const known = new Uint8Array(SIDE * SIDE);
  const rng = mulberry32(seed * 7 + 13);
  for (let i = 0; i < known.length; i++) {
    const row = Math.floor(i / SIDE);
    const column = i % SIDE;
    known[i] = region === 'bottom' ? +(row < SIDE / 2) : region === 'right' ? +(column < SIDE / 2) : region === 'random' ? +(rng() < 0.5) : 1;
  }
  return known;
}

/** Ink (1) or paper (0) per pixel: the project's binarisation, pixel > 0.5. */
export function binarisePixels(pixels: ArrayLike<number>): Float32Array {
  return Float32Array.from(pixels, (v) => (v > 0.5 ? 1 : 0));
}
