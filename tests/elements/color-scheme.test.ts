import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { VaeLatentGrid } from '../../src/index.js';
import { eventOnce, elementSuite, frames, itBackendIndependent } from '../helpers.js';

/** Mean brightness (0–255) of an element's canvas[part=canvas] and of its corner pixel (paper in every cell). */
function canvasLight(el: HTMLElement): { mean: number; corner: number } {
  const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas[part=canvas]')!;
  const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  let sum = 0;
  for (let i = 0; i < d.length; i += 4) sum += d[i];
  return { mean: sum / (d.length / 4), corner: d[0] };
}

/** Relative luminance of a computed CSS colour ('rgb(r, g, b)'), 0 (black) to 1 (white). */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

async function until(test: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (test()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never: ${what}`);
}

describe('colour scheme: the elements follow the page’s light or dark scheme, live', function () {
  elementSuite();
  afterEach(() => {
    document.documentElement.style.colorScheme = '';
  });

  itBackendIndependent('on a color-scheme: dark page, text and canvases turn dark (paper) and light (ink); back to light when the page changes back', async () => {
    const el = document.createElement('vae-latent-grid') as VaeLatentGrid;
    el.setAttribute('loading', 'eager');
    el.setAttribute('grid', '4');
    const loaded = eventOnce(el, 'model-load');
    document.body.append(el);
    await loaded;
    await until(() => canvasLight(el).corner > 200, 'the grid painted on white paper');
    const light = canvasLight(el);
    const status = () => getComputedStyle(el.shadowRoot!.querySelector('[part=status]')!).color;
    const lightText = luminance(getComputedStyle(el).color);
    expect(lightText).to.be.below(0.1); // dark text on a light page

    document.documentElement.style.colorScheme = 'dark';
    await until(() => canvasLight(el).corner < 40, 'the grid repainted on dark paper');
    const dark = canvasLight(el);
    expect(dark.mean).to.be.below(light.mean - 100); // digits light on dark: mostly dark paper
    expect(luminance(getComputedStyle(el).color)).to.be.above(0.6);
    // the muted status text keeps at least WCAG AA contrast (4.5:1) against the dark paper
    const paper = luminance('rgb(13, 17, 23)');
    expect((luminance(status()) + 0.05) / (paper + 0.05)).to.be.above(4.5);

    document.documentElement.style.colorScheme = '';
    await until(() => canvasLight(el).corner > 200, 'the grid repainted on white paper again');
    expect(Math.abs(canvasLight(el).mean - light.mean)).to.be.below(1);
  });

  itBackendIndependent('an author’s own --ge-paper wins over the scheme’s', async () => {
    document.documentElement.style.colorScheme = 'dark';
    const el = document.createElement('vae-latent-grid') as VaeLatentGrid;
    el.setAttribute('loading', 'eager');
    el.setAttribute('grid', '4');
    el.style.setProperty('--ge-paper', '#ffeecc');
    const loaded = eventOnce(el, 'model-load');
    document.body.append(el);
    await loaded;
    await frames(2);
    await until(() => canvasLight(el).corner > 200, 'the grid painted on the author’s paper');
  });
});
