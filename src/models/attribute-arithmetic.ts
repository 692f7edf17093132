/**
 * The lecture's latent vector arithmetic ("smiling woman − neutral woman + neutral man") on digits: groups of
 * samples picked by an attribute measured from their pixels (src/data/attributes.ts) and by their class (the shipped
 * digit classifier). For `thickness`: A = the thickest 7s, B = the thinnest 7s, C = the thinnest 0s among a pool of
 * seeded samples; G(mean A − mean B + mean C) should be a 0 with thick strokes. (Target 0: measured on the shipped
 * DCGAN over 80 pools of 256 samples, the thickness of 7s moves a 0 by at least half of A − B, keeping it a 0, in 65 %
 * of pools; a 1, in 39 %.) DOM-free: one generator pass and one
 * classifier pass for the whole pool, one readback.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dcgan } from './dcgan.js';
import type { DigitClassifier } from './classifier.js';
import { ATTRIBUTES, type DigitAttribute } from '../data/attributes.js';
import { readAllAndDispose } from '../runtime/read.js';

export interface ArithmeticPreset {
  attribute: DigitAttribute;
  /** the class of groups A and B (which differ in the attribute) */
  source: number;
  /** the class of group C (low in the attribute) */
  target: number;
  /** A holds the highest values of the attribute (true) or the lowest */
  high: boolean;
}

/** The presets `<gan-interpolator arithmetic="…">` knows, by name. */
export const ARITHMETIC_PRESETS: Record<DigitAttribute, ArithmeticPreset> = {
  thickness: { attribute: 'thickness', source: 7, target: 0, high: true },
  slant: { attribute: 'slant', source: 1, target: 7, high: true },
};

/** A judged sample: its class, the classifier's probability for it, and the attribute measured from its pixels. */
export interface Judged { z: Float32Array; digit: number; confidence: number; value: number }

export interface PresetGroups {
  preset: ArithmeticPreset;
  A: Judged[];
  B: Judged[];
  C: Judged[];
}

/** Only samples the classifier is this sure of join a group. */
export const CONFIDENT = 0.9;

/** Class, confidence and attribute of G(z) for every z (one batched pass each, one readback). */
export async function judge(gan: Dcgan, classifier: DigitClassifier, zs: Float32Array[], attribute: DigitAttribute): Promise<Judged[]> {
  const d = gan.config.zDim;
  const flat = new Float32Array(zs.length * d);
  zs.forEach((z, i) => flat.set(z, i * d));
  const [images, probs] = tf.tidy(() => {
    const x = gan.samples(tf.tensor2d(flat, [zs.length, d]));
    return [x, classifier.classify(x)];
  });
  const [pixels, p] = await readAllAndDispose([images, probs]);
  const measure = ATTRIBUTES[attribute].measure;
  return zs.map((z, i) => {
    const row = p.subarray(i * 10, i * 10 + 10);
    let digit = 0;
    for (let c = 1; c < 10; c++) if (row[c] > row[digit]) digit = c;
    return { z, digit, confidence: row[digit], value: measure(pixels.subarray(i * 784, (i + 1) * 784)) };
  });
}

/**
 * Groups A, B, C of `size` samples each from a pool of candidate z: A and B the extremes of the attribute among
 * confident samples of the source class, C the low end among confident samples of the target class. Returns a
 * readable message when the pool holds too few confident samples of a class.
 */
export async function presetGroups(gan: Dcgan, classifier: DigitClassifier, preset: ArithmeticPreset, pool: Float32Array[], size = 3): Promise<PresetGroups | string> {
  const judged = await judge(gan, classifier, pool, preset.attribute);
  const of = (digit: number) => judged.filter((j) => j.digit === digit && j.confidence >= CONFIDENT).sort((a, b) => a.value - b.value);
  const source = of(preset.source);
  const target = of(preset.target);
  for (const [digit, found] of [[preset.source, source.length], [preset.target, target.length]]) {
    const need = digit === preset.source ? 2 * size : size;
    if (found < need) return `the generator drew only ${found} clear ${digit}s among ${pool.length} samples (${need} needed): is it trained on digits?`;
  }
  const [low, high] = [source.slice(0, size), source.slice(-size).reverse()];
  return { preset, A: preset.high ? high : low, B: preset.high ? low : high, C: preset.high ? target.slice(0, size) : target.slice(-size) };
}

/** The mean of the attribute over a group. */
export const meanValue = (group: Judged[]) => group.reduce((s, j) => s + j.value, 0) / group.length;
