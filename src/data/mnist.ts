/**
 * The shipped MNIST digits (weights/mnist/, written by tools/pack-mnist.mjs): two PNG sprites of 28×28 tiles and
 * their labels. Decoded once per page and shared as plain arrays; tensors are made by whoever needs them.
 */
import { msg, str } from '@lit/localize';
import { shippedUrl } from '../runtime/assets.js';
import { explained } from '../runtime/reader-text.js';
import { decodeSprite } from './sprite.js';

export type MnistSplitName = 'train' | 'test';

export interface DigitSet {
  /** count × 784 intensities in [0, 1], row-major digits */
  pixels: Float32Array;
  labels: Uint8Array;
  count: number;
}

const SIDE = 28;
const cache = new Map<string, Promise<DigitSet>>();

/** Loads a split of the shipped digits; `base` overrides the folder (default: the package's weights/mnist/). */
export function loadMnist(split: MnistSplitName, base = shippedUrl('mnist/')): Promise<DigitSet> {
  const key = `${base}|${split}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = fetchSplit(split, base);
    cache.set(key, entry);
    entry.catch(() => cache.delete(key));
  }
  return entry;
}

async function fetchSplit(split: MnistSplitName, base: string): Promise<DigitSet> {
  const labelsUrl = new URL('labels.json', base).href;
  const response = await fetch(labelsUrl);
  const { status } = response;
  if (!response.ok) throw explained(() => msg(str`MNIST labels at ${labelsUrl} returned ${status}`));
  const labels = Uint8Array.from(((await response.json()) as Record<MnistSplitName, number[]>)[split]);
  const pixels = await decodeSprite(new URL(`${split}.png`, base).href, SIDE, labels.length);
  return { pixels, labels, count: labels.length };
}

/** The project's fixed binarisation (same as tools/mnist_data.py): pixel > 0.5. */
export function binarise(pixels: Float32Array): Float32Array {
  return pixels.map((v) => (v > 0.5 ? 1 : 0));
}
