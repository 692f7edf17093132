/** What the <pixelcnn-autocomplete> tests share (pixelcnn-autocomplete.test.ts, pixelrnn-autocomplete.test.ts). */
import type { PixelCnnAutocomplete } from '../../src/index.js';
import * as tf from '@tensorflow/tfjs';
import { eventOnce, frames } from '../helpers.js';

/** Adds an eager element with these attributes; resolves with its first model-load or model-error. */
export async function addAutocomplete(attrs: Record<string, string> = {}): Promise<{ el: PixelCnnAutocomplete; first: CustomEvent }> {
  const el = document.createElement('pixelcnn-autocomplete');
  el.setAttribute('loading', 'eager');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  const first = Promise.race([eventOnce(el, 'model-load'), eventOnce(el, 'model-error')]);
  document.body.append(el);
  return { el, first: await first };
}

export const statusText = (el: PixelCnnAutocomplete) => el.shadowRoot!.querySelector('[part=status]')!.textContent ?? '';

/**
 * tf.memory().numTensors once the element's last readbacks have settled: a score still reading back when the element
 * was removed disposes its tensor when the read resolves (on a software GPU that can take more than a few frames).
 * A tensor that stays leaked still shows after the wait.
 */
export async function settledTensors(expected: number): Promise<number> {
  for (let i = 0; i < 300 && tf.memory().numTensors !== expected; i++) await frames(1);
  return tf.memory().numTensors;
}
