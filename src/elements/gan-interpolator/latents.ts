/**
 * The latent vectors <gan-interpolator> works with: the z of a seed (same seed, same z, on every backend), the path
 * from z_a to z_b, the candidates, the arithmetic, and the z each view draws. (Vectors handed in from script are
 * checked in script-input.ts.)
 */
import { msg, str } from '@lit/localize';
import { formatNumber, type Text } from '../base/localize.js';
import { gaussian, mulberry32 } from '../../latent/random.js';
import { gaussianVector, interpolationPath, latentArithmetic, lerp, meanVector, slerp, type InterpolationMethod } from '../../latent/interpolate.js';
import { CANDIDATES, GROUPS, type Group, type Member, type View } from './types.js';

/** Latent vectors to draw in one row, with a label for each. */
export interface LatentRow { z: Float32Array[]; labels: Text[] }

/** The label of the z of a seed, e.g. "seed 17" (words made when shown). */
export function seedLabel(seed: number): Text {
  return () => msg(str`seed ${seed}`);
}

/** The label of a point of the path, e.g. "t = 0.50" (digits in the locale shown). */
export function tLabel(t: number): Text {
  return () => `t = ${formatNumber(t, 2)}`;
}

/** The z of a seed: a standard normal vector of size d drawn with mulberry32 and Box–Muller. */
export function seededLatent(seed: number, d: number): Float32Array {
  return gaussianVector(d, gaussian(mulberry32(seed)));
}

/** z_a and z_b: those chosen (picked, walked to or set from script) when they fit a `d`-D z, else the z of the seeds. */
export function endpointsOf(chosen: readonly (Member | undefined)[], [fromSeed, toSeed]: [number, number], d: number): [Float32Array, Float32Array] {
  const [a, b] = chosen;
  return [a && a.z.length === d ? a.z : seededLatent(fromSeed, d), b && b.z.length === d ? b.z : seededLatent(toSeed, d)];
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
  return { z: seeds.map((s) => seededLatent(s, d)), labels: seeds.map(seedLabel) };
}

/**
 * mean A, mean B, mean C and mean A − mean B + mean C (Radford et al. 2016), once every group has a member; `code`:
 * the generator's class-code coordinates (see latentArithmetic).
 */
export function arithmeticRow([a, b, c]: Float32Array[][], code = 0): LatentRow | undefined {
  if (!a.length || !b.length || !c.length) return undefined;
  return { z: [meanVector(a), meanVector(b), meanVector(c), latentArithmetic(a, b, c, code)], labels: [() => msg('mean of A'), () => msg('mean of B'), () => msg('mean of C'), 'A − B + C'] };
}

/** Copies of the z of groups A, B and C. */
export function copyGroups(members: Record<Group, Member[]>): Record<Group, Float32Array[]> {
  const copy = (g: Group) => members[g].map((m) => Float32Array.from(m.z));
  return { A: copy('A'), B: copy('B'), C: copy('C') };
}

/** What the views of <gan-interpolator> are drawn from: its endpoints, attributes and picks. */
export interface Scene {
  /** z_a and z_b */
  ends: [Float32Array, Float32Array];
  steps: number;
  method: InterpolationMethod;
  /** the point of the path shown large */
  t: number;
  seed: number;
  /** how many times the reader asked for new candidates */
  round: number;
  /** groups A, B and C of the arithmetic */
  members: Record<Group, Member[]>;
  /** how many of z's first coordinates are the generator's class code (0: none) */
  code: number;
}

/** The z a view draws and their labels: the path, the point at t, the seeded candidates, or the arithmetic. */
export function viewLatents(view: View, s: Scene): LatentRow | undefined {
  if (view === 'strip') {
    const z = pathOf(s.ends, s.steps, s.method);
    return { z, labels: z.map((_, i) => tLabel(i / (z.length - 1))) };
  }
  if (view === 'frame') return { z: [(s.method === 'slerp' ? slerp : lerp)(s.ends[0], s.ends[1], s.t)], labels: [tLabel(s.t)] };
  if (view === 'candidates') return candidateRow(s.seed, s.round, CANDIDATES, s.ends[0].length);
  return arithmeticRow(GROUPS.map((g) => s.members[g].map((m) => m.z)), s.code);
}
