/** The domain of <gan-interpolator>: what it draws, the groups of its arithmetic, and where a picked sample goes. */
import { msg, str } from '@lit/localize';
import type { Text } from '../base/localize.js';

/** the things drawn with the generator, each in one batched call */
export type View = 'strip' | 'frame' | 'candidates' | 'arithmetic';
export type Group = 'A' | 'B' | 'C';
/** where a picked sample goes: an endpoint of the strip, or a group of the arithmetic */
export type Target = 'from' | 'to' | Group;

export const VIEWS: readonly View[] = ['strip', 'frame', 'candidates', 'arithmetic'];
export const GROUPS: readonly Group[] = ['A', 'B', 'C'];
export const TARGETS: readonly Target[] = ['from', 'to', 'A', 'B', 'C'];
/** A target's name for the reader, in the current locale (call at render time). */
export function targetName(target: Target): string {
  if (target === 'from') return msg('start z_a');
  if (target === 'to') return msg('end z_b');
  return msg(str`group ${target}`);
}
/** seeded candidate samples shown under the strip */
export const CANDIDATES = 8;

/** a latent vector and what it is, for labels and announcements */
export interface Member { z: Float32Array; label: Text }
/** a view as drawn: its z, their labels, and G(z) as one row of tiles */
export interface Shown { z: Float32Array[]; labels: Text[]; pixels?: Float32Array }

