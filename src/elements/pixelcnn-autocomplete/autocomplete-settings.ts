/** The attributes of <pixelcnn-autocomplete> that take numbers or words: bad values put right. */
import type { PropertyValues } from 'lit';
import type { SamplerKind } from '../../models/pixelcnn-sampler.js';
import { HIDDEN_REGIONS, type HiddenRegion } from '../../data/partial.js';
import { sanitizeChoice, sanitizeNumber } from '../base/attributes.js';
import type { TrainingThread } from '../base/training-controller.js';

/** The settings as the page set them (perhaps out of range): the element's properties of these names. */
export interface AutocompleteSettings {
  architecture: 'pixelcnn' | 'pixelrnn';
  mask: HiddenRegion;
  input: 'digit' | 'draw';
  sampler: SamplerKind;
  trainingThread: TrainingThread;
  digit: number;
  samples: number;
  temperature: number;
  speed: number;
}

/** Puts each changed setting right: clamped or back to its default, with one console warning naming `tag`. */
export function sanitizeSettings(tag: string, s: AutocompleteSettings, changed: PropertyValues): void {
  if (changed.has('architecture')) s.architecture = sanitizeChoice(tag, 'model', s.architecture, ['pixelcnn', 'pixelrnn'] as const, 'pixelcnn');
  if (changed.has('mask')) s.mask = sanitizeChoice(tag, 'mask', s.mask, HIDDEN_REGIONS, 'bottom');
  if (changed.has('input')) s.input = sanitizeChoice(tag, 'input', s.input, ['digit', 'draw'] as const, 'digit');
  if (changed.has('sampler')) s.sampler = sanitizeChoice(tag, 'sampler', s.sampler, ['cached', 'naive'] as const, 'cached');
  if (changed.has('trainingThread')) s.trainingThread = sanitizeChoice(tag, 'training-thread', s.trainingThread, ['worker', 'main'] as const, 'worker');
  if (changed.has('digit')) s.digit = sanitizeNumber(tag, 'digit', s.digit, { min: 0, max: 999, fallback: 0, integer: true });
  if (changed.has('samples')) s.samples = sanitizeNumber(tag, 'samples', s.samples, { min: 1, max: 16, fallback: 4, integer: true });
  if (changed.has('temperature')) s.temperature = sanitizeNumber(tag, 'temperature', s.temperature, { min: 0, max: 3, fallback: 1 });
  if (changed.has('speed')) s.speed = sanitizeNumber(tag, 'speed', s.speed, { min: 10, max: 100000, fallback: 300 });
}
