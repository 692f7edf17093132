/** What the <pixelcnn-autocomplete> tests share (pixelcnn-autocomplete.test.ts, pixelrnn-autocomplete.test.ts). */
import type { PixelCnnAutocomplete } from '../../src/index.js';
import { eventOnce } from '../helpers.js';

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
