/** The domain of <gan-interpolator>: what it draws, the groups of its arithmetic, and where a picked sample goes. */

/** the things drawn with the generator, each in one batched call */
export type View = 'strip' | 'frame' | 'candidates' | 'arithmetic';
export type Group = 'A' | 'B' | 'C';
/** where a picked sample goes: an endpoint of the strip, or a group of the arithmetic */
export type Target = 'from' | 'to' | Group;

export const VIEWS: readonly View[] = ['strip', 'frame', 'candidates', 'arithmetic'];
export const GROUPS: readonly Group[] = ['A', 'B', 'C'];
export const TARGETS: readonly Target[] = ['from', 'to', 'A', 'B', 'C'];
export const TARGET_NAMES: Record<Target, string> = { from: 'start z_a', to: 'end z_b', A: 'group A', B: 'group B', C: 'group C' };
export const VIEW_NAMES: Record<View, string> = { strip: 'strip', frame: 'sample at t', candidates: 'candidate', arithmetic: 'arithmetic' };
/** seeded candidate samples shown under the strip */
export const CANDIDATES = 8;

/** a latent vector and what it is, for labels and announcements */
export interface Member { z: Float32Array; label: string }
/** a view as drawn: its z, their labels, and G(z) as one row of tiles */
export interface Shown { z: Float32Array[]; labels: string[]; pixels?: Float32Array }

