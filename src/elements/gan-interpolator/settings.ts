/** The attributes of <gan-interpolator> that take numbers or words: their defaults, and bad values put right. */
import type { PropertyValues } from 'lit';
import { sanitizeChoice, sanitizeNumber } from '../base/attributes.js';
import type { InterpolationMethod } from '../../latent/interpolate.js';
import type { DigitAttribute } from '../../data/attributes.js';

/**
 * Default endpoints: seeds whose samples from the shipped DCGAN are clear digits of two different classes (a 1 and
 * a 9 as the shipped classifier judges them), so the default strip visibly turns one digit into another; checked
 * on the shipped weights by tests/reliability/shipped-figures.test.ts (new weights may need other seeds).
 */
export const DEFAULT_FROM_SEED = 17;
export const DEFAULT_TO_SEED = 30;

/** the largest seed (seeds are 31-bit) */
export const MAX_SEED = 2 ** 31 - 1;

/** The settings as the page set them (perhaps out of range). */
export interface Settings {
  steps: number;
  method: InterpolationMethod;
  t: number;
  arithmeticPreset: '' | DigitAttribute;
  fromSeed: number;
  toSeed: number;
}

/** Puts each changed setting right: clamped or back to its default, with one console warning naming `tag`. */
export function sanitizeSettings(tag: string, s: Settings, changed: PropertyValues): void {
  const seed = (name: string, v: number, fallback: number) => sanitizeNumber(tag, name, v, { min: 0, max: MAX_SEED, fallback, integer: true });
  if (changed.has('steps')) s.steps = sanitizeNumber(tag, 'steps', s.steps, { min: 2, max: 64, fallback: 8, integer: true });
  if (changed.has('method')) s.method = sanitizeChoice(tag, 'method', s.method, ['slerp', 'lerp'] as const, 'slerp');
  if (changed.has('t')) s.t = sanitizeNumber(tag, 't', s.t, { min: 0, max: 1, fallback: 0.5 });
  if (changed.has('arithmeticPreset')) s.arithmeticPreset = s.arithmeticPreset ? sanitizeChoice(tag, 'arithmetic', s.arithmeticPreset, ['thickness', 'slant'] as const, '') : '';
  if (changed.has('fromSeed')) s.fromSeed = seed('from-seed', s.fromSeed, DEFAULT_FROM_SEED);
  if (changed.has('toSeed')) s.toSeed = seed('to-seed', s.toSeed, DEFAULT_TO_SEED);
}
