/** <gan-trainer>'s attribute rules as one table: each setting's range or allowed words, and what a change does to a run. */
import type { PropertyValues } from 'lit';
import type { DcganTrainerOptions, GeneratorLoss } from '../../models/dcgan.js';
import { sanitizeChoice, sanitizeNumber, type NumberRule } from '../base/attributes.js';
import type { TrainingThread } from '../base/training-controller.js';

/** The trainer's settings that follow a rule (the element's properties of these names). */
export interface TrainerSettings {
  tileSize: number;
  lrG: number;
  lrD: number;
  dSteps: number;
  zDim: number;
  ema: number;
  checkpointEvery: number;
  loss: GeneratorLoss;
  init: 'pretrained' | 'scratch';
  trainingThread: TrainingThread;
}

/** a number's range, or the allowed words, under the attribute's name */
type Rule<T> = { attribute: string } & ([T] extends [number] ? NumberRule : { allowed: readonly T[]; fallback: T });

const RULES: { [K in keyof TrainerSettings]: Rule<TrainerSettings[K]> } = {
  tileSize: { attribute: 'tile-size', min: 4, max: 512, fallback: 28, integer: true },
  lrG: { attribute: 'lr-g', min: 1e-6, max: 0.1, fallback: 2e-4 },
  lrD: { attribute: 'lr-d', min: 1e-6, max: 0.1, fallback: 2e-4 },
  dSteps: { attribute: 'd-steps', min: 1, max: 10, fallback: 1, integer: true },
  zDim: { attribute: 'z-dim', min: 2, max: 256, fallback: 64, integer: true },
  ema: { attribute: 'ema', min: 0, max: 0.9999, fallback: 0 },
  checkpointEvery: { attribute: 'checkpoint-every', min: 0, max: 1e6, fallback: 200, integer: true },
  loss: { attribute: 'loss', allowed: ['non-saturating', 'minimax'], fallback: 'non-saturating' },
  init: { attribute: 'init', allowed: ['pretrained', 'scratch'], fallback: 'pretrained' },
  trainingThread: { attribute: 'training-thread', allowed: ['worker', 'main'], fallback: 'worker' },
};

/** settings that a run takes at once (its session is retuned: a new trainer, Adam's moments afresh) */
export const RETUNING: readonly string[] = ['lrG', 'lrD', 'dSteps', 'loss'];
/** settings that a run's session was opened with: changing one while paused ends it (keeping its weights) */
export const REOPENING: readonly string[] = ['trainingData', 'tileSize', 'batchSize', 'trainingThread', 'ema'];

/** Puts each changed setting back within its rule: clamped, or the fallback, with one console warning. */
export function sanitizeSettings(tag: string, settings: TrainerSettings, changed: PropertyValues): void {
  const target = settings as unknown as Record<keyof TrainerSettings, unknown>;
  for (const key of Object.keys(RULES) as (keyof TrainerSettings)[]) {
    if (!changed.has(key)) continue;
    const rule: Rule<number> | Rule<string> = RULES[key];
    target[key] = 'allowed' in rule ? sanitizeChoice(tag, rule.attribute, settings[key], rule.allowed, rule.fallback)
      : sanitizeNumber(tag, rule.attribute, settings[key], rule);
  }
}

/**
 * batch-size: 1–512, else the clamped value or `fallback`; the attribute removed (null) or never set stays unset,
 * for the backend's default.
 */
export function sanitizeBatchSize(tag: string, value: number | undefined | null, fallback: number): number | undefined {
  return value === undefined || value === null ? undefined : sanitizeNumber(tag, 'batch-size', value, { min: 1, max: 512, fallback, integer: true });
}

/** The options of the game's trainer: the settings' learning rates, k and loss, and the element's seed. */
export function trainerOptions(s: Pick<TrainerSettings, 'lrG' | 'lrD' | 'dSteps' | 'loss'> & { readonly seed: number }): DcganTrainerOptions {
  return { learningRateG: s.lrG, learningRateD: s.lrD, dSteps: s.dSteps, loss: s.loss, seed: s.seed };
}
