/**
 * Attributes of a digit measured from its pixels (28×28 intensities in [0, 1], binarised at 0.5), for the
 * lecture's latent vector arithmetic on MNIST: what "smiling" is to faces, stroke thickness and slant are to digits.
 */
export type DigitAttribute = 'thickness' | 'slant';

const SIDE = 28;

/**
 * Stroke thickness in pixels: 2 × ink area / ink outline length. A stroke of width w and length L has area w·L and
 * an outline of about 2·L pixel edges, so the ratio is w.
 */
export function strokeThickness(pixels: ArrayLike<number>, side = SIDE): number {
  let area = 0;
  let edges = 0;
  const ink = (x: number, y: number) => x >= 0 && y >= 0 && x < side && y < side && pixels[y * side + x] > 0.5;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const here = ink(x, y);
      if (here) area++;
      // each edge between ink and paper (or the border) counted once: from the right and the lower neighbour
      if (here !== ink(x + 1, y)) edges++;
      if (here !== ink(x, y + 1)) edges++;
      if (x === 0 && here) edges++;
      if (y === 0 && here) edges++;
    }
  }
  return edges ? (2 * area) / edges : 0;
}

/**
 * Slant: the horizontal shift of the ink per pixel of height, from its second moments (cov(x, y) / var(y)), with y
 * pointing up, so a digit leaning right has a positive slant (the classic deskewing measure).
 */
export function slant(pixels: ArrayLike<number>, side = SIDE): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < side * side; i++) {
    const w = pixels[i] > 0.5 ? 1 : 0;
    n += w;
    sx += w * (i % side);
    sy += w * (side - 1 - Math.floor(i / side));
  }
  if (n < 2) return 0;
  const mx = sx / n;
  const my = sy / n;
  let cov = 0;
  let vy = 0;
  for (let i = 0; i < side * side; i++) {
    if (pixels[i] <= 0.5) continue;
    const dy = side - 1 - Math.floor(i / side) - my;
    cov += ((i % side) - mx) * dy;
    vy += dy * dy;
  }
  return vy ? cov / vy : 0;
}

export const ATTRIBUTES: Record<DigitAttribute, { measure: (pixels: ArrayLike<number>) => number; unit: string; name: string }> = {
  thickness: { measure: strokeThickness, unit: 'px', name: 'stroke thickness' },
  slant: { measure: slant, unit: '', name: 'slant' },
};
