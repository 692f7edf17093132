/**
 * The latent vectors <gan-interpolator> works with: the z of a seed (same seed, same z, on every backend), and
 * checks of vectors handed in from script, with messages that say what is wrong.
 */
import { gaussian, mulberry32 } from '../../latent/random.js';
import { gaussianVector, interpolationPath, latentArithmetic, meanVector, type InterpolationMethod } from '../../latent/interpolate.js';

/** Latent vectors to draw in one row, with a label for each. */
export interface LatentRow { z: Float32Array[]; labels: string[] }

/** The z of a seed: a standard normal vector of size d drawn with mulberry32 and Box–Muller. */
export function seededLatent(seed: number, d: number): Float32Array {
  return gaussianVector(d, gaussian(mulberry32(seed)));
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** A z from script: d finite numbers, else a message naming `what` and the problem. */
export function checkLatent(v: unknown, d: number, what: string): Float32Array | string {
  if (!isArrayLike(v)) return `${what} is not an array of numbers`;
  if (v.length !== d) return `${what} has ${v.length} numbers, but this generator's z has ${d}`;
  const z = Float32Array.from(v as ArrayLike<number>);
  if (!z.every(Number.isFinite)) return `${what} holds something that is not a finite number`;
  return z;
}

/** A non-empty array of z from script, else a message. */
export function checkGroup(v: unknown, d: number, what: string): Float32Array[] | string {
  if (!Array.isArray(v) || v.length === 0) return `${what} must be a non-empty array of z vectors`;
  const out: Float32Array[] = [];
  for (const [i, x] of v.entries()) {
    const z = checkLatent(x, d, `${what}[${i}]`);
    if (typeof z === 'string') return z;
    out.push(z);
  }
  return out;
}

/** `steps` points from z_a to z_b (both included) along `method`, each a view into one buffer. */
export function pathOf([za, zb]: [Float32Array, Float32Array], steps: number, method: InterpolationMethod): Float32Array[] {
  const d = za.length;
  const path = interpolationPath(za, zb, steps, method);
  return Array.from({ length: steps }, (_, i) => path.subarray(i * d, (i + 1) * d));
}

/** `count` candidate samples: those of round r of an element with seed s have the z of seeds s + 100 + r·count + i. */
export function candidateRow(seed: number, round: number, count: number, d: number): LatentRow {
  const seeds = Array.from({ length: count }, (_, i) => (seed + 100 + round * count + i) % (2 ** 31 - 1));
  return { z: seeds.map((s) => seededLatent(s, d)), labels: seeds.map((s) => `seed ${s}`) };
}

/** mean A, mean B, mean C and mean A − mean B + mean C (Radford et al. 2016), once every group has a member. */
export function arithmeticRow([a, b, c]: Float32Array[][]): LatentRow | undefined {
  if (!a.length || !b.length || !c.length) return undefined;
  return { z: [meanVector(a), meanVector(b), meanVector(c), latentArithmetic(a, b, c)], labels: ['mean of A', 'mean of B', 'mean of C', 'A − B + C'] };
}
