/**
 * Defects a course author met (issue: leaks, lost checkpoints, false errors, strict CSP): each test failed before
 * its fix. Runs once, on the CPU backend (the defects live in shared element code, not in a backend).
 */
import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import '../../src/index.js';
import type { GanTrainer } from '../../src/index.js';
import { parseColor } from '../../src/elements/parts/css-color.js';
import { sharedCount } from '../../src/runtime/shared.js';
import { eventOnce, frames, elementSuite } from '../helpers.js';

function add<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}): { el: HTMLElementTagNameMap[K]; first: Promise<CustomEvent> } {
  const el = document.createElement(tag);
  el.setAttribute('loading', 'eager');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  // the first of model-load and model-error (no timer left behind for the one that never comes)
  const first = new Promise<CustomEvent>((resolve) => {
    const done = (e: Event) => {
      el.removeEventListener('model-load', done);
      el.removeEventListener('model-error', done);
      resolve(e as CustomEvent);
    };
    el.addEventListener('model-load', done);
    el.addEventListener('model-error', done);
  });
  document.body.append(el);
  return { el, first };
}

/**
 * Makes every fetch of a URL containing "stalled" a download that never ends on its own (only an abort settles it),
 * and records the signal each was given.
 */
function stallFetches(): { signals: AbortSignal[]; restore: () => void } {
  const realFetch = window.fetch;
  const signals: AbortSignal[] = [];
  window.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    if (!String(input).includes('stalled')) return realFetch(input, init);
    const signal = init?.signal;
    if (signal) signals.push(signal);
    return new Promise<Response>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
  }) as typeof fetch;
  return { signals, restore: () => (window.fetch = realFetch) };
}

const settle = async () => {
  await new Promise((r) => setTimeout(r, 300));
  await frames(2);
};

describe('what a course author hit', function () {
  const baseline = elementSuite();

  for (const tag of ['pixelcnn-autocomplete', 'gan-interpolator'] as const) {
    it(`<${tag}>: a bad src in between leaves no lease behind (removal frees every tensor)`, async () => {
      const before = tf.memory().numTensors;
      const { el, first } = add(tag);
      expect((await first).type).to.equal('model-load');
      const failed = eventOnce<CustomEvent>(el, 'model-error');
      el.setAttribute('src', '/no/such/model.json');
      expect((await failed).detail.message).to.contain('404');
      const back = eventOnce<CustomEvent>(el, 'model-load');
      el.removeAttribute('src');
      await back;
      await settle();
      el.remove();
      await settle();
      expect(sharedCount()).to.equal(0);
      expect(tf.memory().numTensors).to.equal(before);
    });
  }

  it('<gan-interpolator>: removed while a draw reads back, redraw() waits until the draw let go of its tensor', async () => {
    const before = tf.memory().numTensors;
    const { el, first } = add('gan-interpolator', { steps: '3' });
    expect((await first).type).to.equal('model-load');
    await el.redraw();
    // a slow machine: every read-back takes a while
    const data = tf.Tensor.prototype.data;
    tf.Tensor.prototype.data = async function (this: tf.Tensor) {
      await new Promise((r) => setTimeout(r, 400));
      return data.call(this);
    } as typeof data;
    try {
      void el.redraw();
      await new Promise((r) => setTimeout(r, 50)); // the draw is waiting on its read
      el.remove();
      await frames(2);
      await el.redraw();
      expect(tf.memory().numTensors).to.equal(before);
    } finally {
      tf.Tensor.prototype.data = data;
    }
  });

  it('removing an element aborts its weight download', async () => {
    const { signals, restore } = stallFetches();
    try {
      const { el } = add('vae-latent-grid', { src: '/stalled/model.json' });
      for (let i = 0; i < 400 && signals.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(signals.length).to.equal(1);
      expect(signals[0].aborted).to.equal(false);
      el.remove();
      await frames(2);
      expect(signals[0].aborted).to.equal(true);
      expect(sharedCount()).to.equal(0);
    } finally {
      restore();
    }
  });

  it('a new src while a download stalls aborts it: the new model loads, the old one never shows', async () => {
    const { signals, restore } = stallFetches();
    try {
      const { el } = add('vae-latent-grid', { src: '/stalled/replaced/model.json' });
      for (let i = 0; i < 400 && signals.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(signals.length).to.equal(1);
      const loads: string[] = [];
      const errors: string[] = [];
      el.addEventListener('model-load', (e) => loads.push((e as CustomEvent).detail.url));
      el.addEventListener('model-error', (e) => errors.push((e as CustomEvent).detail.message));
      const loaded = eventOnce<CustomEvent>(el, 'model-load');
      el.removeAttribute('src'); // back to the shipped weights
      expect((await loaded).detail.url).to.contain('vae-mnist/model.json');
      expect(signals[0].aborted, 'the replaced download was cancelled').to.equal(true);
      await settle();
      expect(loads).to.have.length(1);
      expect(errors, 'an aborted load is not an error to show').to.deep.equal([]);
      expect((el as unknown as { loaded: boolean }).loaded).to.equal(true);
      el.remove();
      await settle();
      expect(sharedCount()).to.equal(0);
    } finally {
      restore();
    }
  });

  it('a shared download is aborted only when no element waits for it any more', async () => {
    const { signals, restore } = stallFetches();
    try {
      const a = add('vae-latent-grid', { src: '/stalled/shared/model.json' }).el;
      const b = add('vae-latent-grid', { src: '/stalled/shared/model.json' }).el;
      for (let i = 0; i < 400 && signals.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(signals.length).to.equal(1); // one download for both
      a.remove();
      await frames(2);
      expect(signals[0].aborted).to.equal(false);
      b.remove();
      await frames(2);
      expect(signals[0].aborted).to.equal(true);
    } finally {
      restore();
    }
  });

  it('model-progress fires fractions that rise to 1', async () => {
    const fractions: number[] = [];
    const el = document.createElement('vae-latent-grid');
    el.setAttribute('loading', 'eager');
    el.addEventListener('model-progress', (e) => fractions.push((e as CustomEvent).detail.fraction));
    const loaded = eventOnce(el, 'model-load');
    document.body.append(el);
    await loaded;
    expect(fractions.length).to.be.at.least(2);
    expect(fractions[0]).to.equal(0);
    expect(fractions[fractions.length - 1]).to.equal(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).to.be.at.least(fractions[i - 1]);
  });

  describe('<gan-trainer>', function () {
    const trainer = async (attrs: Record<string, string> = {}) => {
      const { el, first } = add('gan-trainer', { 'batch-size': '4', 'checkpoint-every': '0', ...attrs });
      expect((await first).type).to.equal('model-load');
      return el as GanTrainer;
    };
    const text = (el: Element) => el.shadowRoot!.textContent ?? '';
    const waitFor = async (test: () => boolean) => {
      for (let i = 0; i < 2000 && !test(); i++) await new Promise((r) => setTimeout(r, 25));
    };

    it('two trainers without an id keep their own checkpoints', async () => {
      const [one, two] = [await trainer(), await trainer()];
      expect(one.checkpointKey()).to.not.equal(two.checkpointKey());
      await one.train({ steps: 2 });
      await one.checkpoint();
      await two.train({ steps: 4 });
      await two.checkpoint();
      const urls = (await tf.io.listModels());
      try {
        one.remove();
        two.remove();
        await frames(2);
        const [again1, again2] = [await trainer(), await trainer()];
        await waitFor(() => /reached step/.test(text(again1)) && /reached step/.test(text(again2)));
        expect(text(again1)).to.match(/reached step 2\b/);
        expect(text(again2)).to.match(/reached step 4\b/);
      } finally {
        for (const url of Object.keys(urls)) if (url.includes('gan-trainer')) await tf.io.removeModel(url);
      }
    });

    it('checkpoint-every saves a checkpoint by itself', async () => {
      const el = await trainer({ 'checkpoint-every': '2', id: 'autosave' });
      const url = () => Object.keys(listed).find((u) => u.endsWith('#autosave'));
      let listed = await tf.io.listModels();
      if (url()) await tf.io.removeModel(url()!);
      await el.train({ steps: 2 });
      for (let i = 0; i < 400; i++) {
        listed = await tf.io.listModels();
        if (url()) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(url()).to.be.a('string');
      await tf.io.removeModel(url()!);
    });

    it('changing a setting after a run is no error, and the page keeps the run’s last weights', async () => {
      const el = await trainer();
      const errors: string[] = [];
      el.addEventListener('model-error', (e) => errors.push((e as CustomEvent).detail.message));
      await el.train({ steps: 2 });
      el.batchSize = 16;
      await el.updateComplete;
      await settle();
      await settle();
      expect(errors).to.deep.equal([]);
      expect(el.shadowRoot!.querySelector('[part=status]')!.classList.contains('error')).to.equal(false);
      await el.train({ steps: 1 });
      expect(el.steps).to.equal(3);
      expect(errors).to.deep.equal([]);
    });

    it('with ema, the grid shows the EMA of G (it barely moves at decay 0.9999 while G moves), and says so', async () => {
      const grid = (el: GanTrainer) => {
        const c = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas[part=canvas]')!;
        return c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.slice();
      };
      const change = async (ema: string) => {
        const el = await trainer({ ema, seed: '3' });
        await waitFor(() => el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas[part=canvas]')!.width === 8 * 28);
        const before = grid(el);
        await el.train({ steps: 3 });
        await settle();
        const after = grid(el);
        let sum = 0;
        for (let i = 0; i < after.length; i += 4) sum += Math.abs(after[i] - before[i]);
        return { el, mean: sum / (after.length / 4) };
      };
      const live = await change('0');
      const averaged = await change('0.9999');
      // the status line says so in a reader's words, and gives the decay in its detail (the title)
      const detail = (el: Element) => el.shadowRoot!.querySelector<HTMLElement>('[part=status]')!.title;
      expect(text(averaged.el)).to.contain('samples from G’s running average');
      expect(detail(averaged.el)).to.contain('samples from an EMA of G (decay 0.9999)');
      expect(text(live.el) + detail(live.el)).to.not.match(/EMA|running average/);
      expect(live.mean).to.be.greaterThan(0.5);
      expect(averaged.mean).to.be.below(live.mean / 3);
    });

    it('says MNIST, not "null", after the dataset attribute is removed', async () => {
      const el = await trainer({ dataset: 'mnist' });
      el.removeAttribute('dataset');
      await el.updateComplete;
      await el.train({ steps: 1 });
      await el.updateComplete;
      expect(text(el)).to.not.contain('null');
      expect(text(el)).to.contain('MNIST');
    });
  });

  describe('colours: any CSS colour in the custom properties', function () {
    it('parses every colour syntax an author may write', () => {
      expect(parseColor('white')).to.deep.equal([255, 255, 255]);
      expect(parseColor('#fff')).to.deep.equal([255, 255, 255]);
      expect(parseColor('#102030')).to.deep.equal([16, 32, 48]);
      expect(parseColor('rgb(10 20 30)')).to.deep.equal([10, 20, 30]);
      expect(parseColor('rgb(10, 20, 30)')).to.deep.equal([10, 20, 30]);
      expect(parseColor('hsl(120 100% 25%)')).to.deep.equal([0, 128, 0]);
      const mixed = parseColor('color-mix(in srgb, white 50%, black)')!;
      for (const c of mixed) expect(c).to.be.within(126, 129);
      expect(parseColor('not-a-colour')).to.equal(null);
      expect(parseColor('')).to.equal(null);
    });

    const pixelAt = (canvas: HTMLCanvasElement, x: number, y: number) => [...canvas.getContext('2d')!.getImageData(x, y, 1, 1).data.slice(0, 3)];

    it('--ge-paper and --ge-ink on a canvas of samples (<gan-interpolator>)', async () => {
      const { el, first } = add('gan-interpolator', { steps: '3' });
      el.style.setProperty('--ge-paper', 'white');
      el.style.setProperty('--ge-ink', 'hsl(240 100% 50%)');
      expect((await first).type).to.equal('model-load');
      await settle();
      await (el as unknown as { redraw(): Promise<void> }).redraw();
      const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas')!;
      for (const c of pixelAt(canvas, 0, 0)) expect(c).to.be.at.least(250); // a corner of a digit tile is paper (was black)
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = false;
      for (let i = 0; i < data.length; i += 4) if (data[i] < 40 && data[i + 1] < 40 && data[i + 2] > 200) inked = true;
      expect(inked).to.equal(true); // the strokes are blue
    });

    it('--ge-paper, --ge-ink and --ge-accent on the drawing pad', async () => {
      const { el, first } = add('pixelcnn-autocomplete', { input: 'draw' });
      el.style.setProperty('--ge-paper', 'color-mix(in srgb, white 50%, rgb(0 0 255))');
      el.style.setProperty('--ge-ink', '#0f0');
      el.style.setProperty('--ge-accent', 'rgb(255 0 0)');
      expect((await first).type).to.equal('model-load');
      await settle();
      const pad = el.shadowRoot!.querySelector('ge-draw-pad') as HTMLElement & { value: Float32Array; updateComplete: Promise<unknown> };
      expect(pad, 'the drawing pad').to.not.equal(null);
      const pixels = new Float32Array(784);
      pixels[10 * 28 + 10] = 1;
      pad.shadowRoot!.querySelector('canvas')!.focus(); // the keyboard cursor (at the centre) is drawn in the accent
      pad.value = pixels;
      await pad.updateComplete;
      await frames(2);
      const canvas = pad.shadowRoot!.querySelector('canvas')!;
      const s = canvas.width / 28;
      const paper = pixelAt(canvas, Math.floor(5.5 * s), Math.floor(20.5 * s));
      expect(paper[0]).to.be.within(126, 129);
      expect(paper[2]).to.equal(255);
      expect(pixelAt(canvas, Math.floor(10.5 * s), Math.floor(10.5 * s))).to.deep.equal([0, 255, 0]);
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let accent = false;
      for (let i = 0; i < data.length; i += 4) if (data[i] === 255 && data[i + 1] === 0 && data[i + 2] === 0) accent = true;
      expect(accent).to.equal(true); // the keyboard cursor
    });
  });

  after(() => {
    expect(baseline()).to.be.a('number');
  });
});
