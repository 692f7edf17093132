/**
 * Walking a Gaussian latent space. Linear interpolation cuts through the low-density centre of a high-dimensional
 * Gaussian (its mass lies near the sphere of radius √d), so midpoints look washed out; spherical interpolation
 * (Shoemake 1985; White 2016, "Sampling generative networks") keeps the path at typical norms.
 */

export type InterpolationMethod = 'slerp' | 'lerp';

/** (1 − t)·a + t·b */
export function lerp(a: ArrayLike<number>, b: ArrayLike<number>, t: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (1 - t) * a[i] + t * b[i];
  return out;
}

/**
 * Spherical interpolation: sin((1 − t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b, Ω the angle between a and b.
 * Falls back to lerp when a and b are (anti)parallel or zero.
 */
export function slerp(a: ArrayLike<number>, b: ArrayLike<number>, t: number): Float32Array {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  const denominator = Math.sqrt(na * nb);
  if (denominator === 0) return lerp(a, b, t);
  const omega = Math.acos(Math.min(1, Math.max(-1, dot / denominator)));
  const so = Math.sin(omega);
  if (so < 1e-6) return lerp(a, b, t);
  const wa = Math.sin((1 - t) * omega) / so;
  const wb = Math.sin(t * omega) / so;
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = wa * a[i] + wb * b[i];
  return out;
}

/** `steps` points from a to b inclusive (steps ≥ 2), as one steps × d array. */
export function interpolationPath(a: ArrayLike<number>, b: ArrayLike<number>, steps: number, method: InterpolationMethod = 'slerp'): Float32Array {
  const d = a.length;
  const out = new Float32Array(steps * d);
  const f = method === 'slerp' ? slerp : lerp;
  for (let s = 0; s < steps; s++) out.set(f(a, b, steps === 1 ? 0 : s / (steps - 1)), s * d);
  return out;
}

/** The mean of several latent vectors (a "concept" in the DCGAN paper's vector arithmetic). */
export function meanVector(vectors: ArrayLike<number>[]): Float32Array {
  if (vectors.length === 0) throw new Error('meanVector needs at least one vector');
  const out = new Float32Array(vectors[0].length);
  for (const v of vectors) for (let i = 0; i < out.length; i++) out[i] += v[i] / vectors.length;
  return out;
}

/**
 * The category a class-conditional generator reads from z: the argmax of its first `code` coordinates (for one z on
 * the page's side; models/latent-code.ts's codeCategory does it for a batch of tensors).
 */
export function codeOf(z: ArrayLike<number>, code: number): number {
  let best = 0;
  for (let i = 1; i < code; i++) if (z[i] > z[best]) best = i;
  return best;
}

/**
 * Latent vector arithmetic (Radford et al. 2016): mean(A) − mean(B) + mean(C).
 *
 * `code` > 0: z's first `code` coordinates are a class code (the generator draws the category of their argmax). When
 * every member of A and B has the same category, A − B carries no class, only style (thick 7s − thin 7s), so its
 * code coordinates are left out and the result keeps C's: averaged, they are noise that would otherwise change C's
 * digit in about a third of such sums.
 */
export function latentArithmetic(a: ArrayLike<number>[], b: ArrayLike<number>[], c: ArrayLike<number>[], code = 0): Float32Array {
  const [ma, mb, mc] = [meanVector(a), meanVector(b), meanVector(c)];
  const styleOnly = code > 0 && new Set([...a, ...b].map((z) => codeOf(z, code))).size === 1;
  return ma.map((v, i) => (styleOnly && i < code ? mc[i] : v - mb[i] + mc[i]));
}

/** A seeded standard normal vector of size d. */
export function gaussianVector(d: number, normal: () => number): Float32Array {
  const out = new Float32Array(d);
  for (let i = 0; i < d; i++) out[i] = normal();
  return out;
}
