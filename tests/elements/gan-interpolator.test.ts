import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import '../../src/elements/gan-interpolator/gan-interpolator.js';
import '../../src/elements/gan-trainer/gan-trainer.js';
import type { GanInterpolator } from '../../src/elements/gan-interpolator/gan-interpolator.js';
import { Dcgan } from '../../src/models/dcgan.js';
import { GeneratorChangeEvent, GeneratorRemoveEvent, ModelLoadEvent } from '../../src/elements/base/events.js';
import { gaussian, gaussianVector, latentArithmetic, mulberry32 } from '../../src/latent/index.js';
import { sharedCount } from '../../src/runtime/shared.js';
import { shippedUrl } from '../../src/runtime/assets.js';
import { prefersReducedMotion } from '../../src/elements/base/visibility.js';
import { emulateMedia } from '@web/test-runner-commands';
import { eventOnce, frames, elementSuite, itBackendIndependent, statusLine } from '../helpers.js';
import { DEFAULT_FROM_SEED, DEFAULT_TO_SEED } from '../../src/elements/gan-interpolator/settings.js';

const good = shippedUrl('dcgan-mnist/model.json');
const small = { zDim: 8, filters: 4 };

/**
 * Stands in for <gan-trainer>: a live generator behind a `dcgan` getter, model-load when it first has one and
 * generator-change whenever its weights change.
 */
class StandInTrainer extends HTMLElement {
  dcgan?: Dcgan;
  private step = 0;

  load(seed: number): void {
    this.dcgan = Dcgan.create(small, seed);
    this.dispatchEvent(new ModelLoadEvent({ backend: tf.getBackend(), url: 'stand-in' }));
    this.dispatchEvent(new GeneratorChangeEvent({ step: this.step }));
  }

  /** "Trains": new weights in the same model, then tells its followers. */
  train(seed: number): void {
    const other = Dcgan.create(small, seed);
    this.dcgan!.network.setWeights(other.network.getWeights());
    other.dispose();
    this.dispatchEvent(new GeneratorChangeEvent({ step: ++this.step }));
  }
}
if (!customElements.get('stand-in-trainer')) customElements.define('stand-in-trainer', StandInTrainer);

/** Adds an interpolator (eager, small) and waits for its first model-load or model-error. */
async function addInterpolator(attrs: Record<string, string> = {}): Promise<{ el: GanInterpolator; first: CustomEvent }> {
  const el = document.createElement('gan-interpolator');
  el.setAttribute('loading', 'eager');
  el.setAttribute('steps', '4');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  const first = Promise.race([eventOnce(el, 'model-load'), eventOnce(el, 'model-error')]);
  document.body.append(el);
  return { el, first: await first };
}

/** Waits until a row (the strip by default) is painted with `tiles` tiles; returns its pixels. */
async function painted(el: GanInterpolator, tiles = el.steps, row = 'strip'): Promise<ImageData> {
  for (let i = 0; i < 4000; i++) {
    const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>(`canvas.${row}`)!;
    if (canvas.width === tiles * 28 && canvas.height === 28) {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      if (data.data[3] === 255) return data; // putImageData paints every pixel opaque
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the ${row} was never painted`);
}

/** The red channel of tile i of a row. */
function tile(image: ImageData, i: number): number[] {
  const out: number[] = [];
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) out.push(image.data[4 * (y * image.width + i * 28 + x)]);
  return out;
}

const statusText = (el: GanInterpolator) => el.shadowRoot?.querySelector('[part=status]')?.textContent ?? '';
const seeded = (seed: number, d: number) => gaussianVector(d, gaussian(mulberry32(seed)));
const norm = (v: ArrayLike<number>) => Math.hypot(...Array.from(v));
const close = (a: ArrayLike<number>, b: ArrayLike<number>, eps = 1e-5) => {
  expect(a.length).to.equal(b.length);
  for (let i = 0; i < a.length; i++) expect(a[i]).to.be.closeTo(b[i], eps);
};

/** A real <gan-trainer> on the shipped weights, without checkpoints. */
function addTrainer(id: string): HTMLElementTagNameMap['gan-trainer'] {
  const trainer = document.createElement('gan-trainer');
  trainer.id = id;
  trainer.setAttribute('loading', 'eager');
  trainer.setAttribute('checkpoint-every', '0');
  document.body.append(trainer);
  return trainer;
}

describe('<gan-interpolator>', function () {
  const baseline = elementSuite();

  it('loads the shipped DCGAN, fires model-load and paints a non-blank strip from the seeds’ z', async () => {
    const { el, first } = await addInterpolator();
    expect(first.type).to.equal('model-load');
    expect(first.detail.url).to.equal(good);
    expect(el.loaded).to.equal(true);
    const image = await painted(el);
    const reds = image.data.filter((_, j) => j % 4 === 0);
    expect(Math.max(...reds) - Math.min(...reds)).to.be.greaterThan(16); // not one flat colour
    await painted(el, 8, 'candidates');
    await painted(el, 1, 'frame');
    for (let i = 0; i < 600 && !statusLine(el).text.includes('%'); i++) await frames(1); // the figure comes with meta.json
    const line = statusLine(el);
    expect(line.text).to.match(/^DCGAN · \d+ % of its samples are clear digits · on (the GPU|a software GPU|the CPU)$/);
    expect(line).to.include({ lines: 1, jargon: false });
    expect(line.detail).to.contain(el.backendName).and.match(/Fréchet distance \d+\.\d \(real digits: \d+\.\d\)/);
    // same seed, same z: z_a and z_b are the standard normal vectors of the default from-seed and to-seed
    const path = el.pathLatents();
    expect(path.length).to.equal(4);
    close(path[0], seeded(DEFAULT_FROM_SEED, 64));
    close(path[3], seeded(DEFAULT_TO_SEED, 64));
  });

  it('clamps steps, falls back on a bad method or seed, one warning each', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...a: unknown[]) => warnings.push(a.join(' '));
    try {
      const el = document.createElement('gan-interpolator');
      el.hidden = true; // lazy and never on screen: no model, attributes only
      el.setAttribute('steps', '100');
      el.setAttribute('method', 'cubic');
      el.setAttribute('from-seed', 'abc');
      document.body.append(el);
      await el.updateComplete;
      expect(el.steps).to.equal(64);
      expect(el.method).to.equal('slerp');
      expect(el.fromSeed).to.equal(DEFAULT_FROM_SEED);
      el.setAttribute('steps', '1');
      await el.updateComplete;
      expect(el.steps).to.equal(2);
      el.setAttribute('steps', '1'); // the same bad value again: no second warning
      el.steps = 1;
      await el.updateComplete;
      expect(warnings.filter((w) => w.includes('steps=')).length).to.equal(2);
      expect(warnings.find((w) => w.includes('steps="100"'))).to.contain('out of range 2–64');
      expect(warnings.filter((w) => w.includes('method=')).length).to.equal(1);
      expect(warnings.filter((w) => w.includes('from-seed=')).length).to.equal(1);
    } finally {
      console.warn = warn;
    }
  });

  itBackendIndependent('two on a page show different candidates; the empty arithmetic box says what will appear', async () => {
    const { el: first } = await addInterpolator();
    const { el: second } = await addInterpolator();
    await painted(second, 8, 'candidates');
    const [a, b] = [first.candidateLatents(), second.candidateLatents()];
    expect(a.length).to.equal(8);
    for (let i = 0; i < 8; i++) expect(Array.from(a[i])).to.not.deep.equal(Array.from(b[i]));
    const root = first.shadowRoot!;
    expect(root.querySelector('.empty-result')!.textContent).to.equal('A − B + C appears here');
    expect(root.querySelector('.targets legend')!.textContent).to.match(/:$/); // a prompt, not half a sentence
    await first.arithmetic([first.candidateLatents()[0]], [first.candidateLatents()[1]], [first.candidateLatents()[2]]);
    await painted(first, 4, 'arithmetic');
    await first.updateComplete;
    expect(root.querySelector('.empty-result')).to.equal(null);
  });

  it('slerp and lerp share their endpoints but not their middle', async () => {
    const { el } = await addInterpolator({ steps: '5', method: 'slerp' });
    const slerpImage = await painted(el);
    const slerpPath = el.pathLatents().map((z) => Float32Array.from(z));
    el.method = 'lerp';
    await el.updateComplete;
    await el.redraw();
    const lerpImage = await painted(el);
    const lerpPath = el.pathLatents();
    close(lerpPath[0], slerpPath[0]);
    close(lerpPath[4], slerpPath[4]);
    // lerp cuts through the low-density centre: its midpoint is shorter than slerp's
    expect(norm(lerpPath[2])).to.be.lessThan(norm(slerpPath[2]) * 0.95);
    expect(tile(lerpImage, 0)).to.deep.equal(tile(slerpImage, 0));
    expect(tile(lerpImage, 4)).to.deep.equal(tile(slerpImage, 4));
    expect(tile(lerpImage, 2)).to.not.deep.equal(tile(slerpImage, 2));
  });

  it('setEndpoints with a wrong length shows a readable message, and the element keeps working', async () => {
    const { el } = await addInterpolator();
    const before = (await painted(el)).data.slice();
    const error = eventOnce<CustomEvent>(el, 'model-error');
    expect(await el.setEndpoints([1, 2, 3], new Array(64).fill(0))).to.equal(false);
    const message = (await error).detail.message;
    expect(message).to.match(/za has 3 numbers, but this generator's z has 64/);
    await el.updateComplete;
    expect(statusText(el)).to.contain(message);
    expect(Array.from((await painted(el)).data)).to.deep.equal(Array.from(before)); // unchanged
    const za = seeded(7, 64);
    const zb = seeded(8, 64);
    expect(await el.setEndpoints(za, Array.from(zb))).to.equal(true);
    await el.updateComplete;
    expect(statusText(el)).to.not.contain('za has');
    close(el.pathLatents()[0], za);
    close(el.pathLatents()[3], zb);
    const after = (await painted(el)).data;
    expect(after.some((v, i) => v !== before[i])).to.equal(true);
  });

  it('arithmetic(a, b, c) returns mean(a) − mean(b) + mean(c) and shows it', async () => {
    const { el } = await addInterpolator();
    await painted(el);
    const [a, b, c] = [[1, 2], [3], [4, 5, 6]].map((seeds) => seeds.map((s) => seeded(s, 64)));
    const result = await el.arithmetic(a, b, c);
    expect(result).to.be.instanceOf(Float32Array);
    const expected = new Float32Array(64);
    for (let i = 0; i < 64; i++) expected[i] = (a[0][i] + a[1][i]) / 2 - b[0][i] + (c[0][i] + c[1][i] + c[2][i]) / 3;
    close(result!, expected);
    close(result!, latentArithmetic(a, b, c));
    expect(el.groups.C.length).to.equal(3);
    await painted(el, 4, 'arithmetic');
    const error = eventOnce<CustomEvent>(el, 'model-error');
    expect(await el.arithmetic(a, [], c)).to.equal(undefined);
    expect((await error).detail.message).to.match(/b must be a non-empty array of z vectors/);
  });

  it('picks with the keyboard: a candidate becomes z_a, others go into groups A, B and C', async () => {
    const { el } = await addInterpolator();
    await painted(el, 8, 'candidates');
    const root = el.shadowRoot!;
    const row = root.querySelector<HTMLCanvasElement>('canvas.candidates')!;
    const key = (k: string) => row.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    row.focus();
    key('ArrowRight'); // the first arrow puts the cursor on the first candidate
    key('ArrowRight');
    key('ArrowRight');
    const changed = eventOnce<CustomEvent>(el, 'endpoints-change');
    key('Enter');
    const { detail } = await changed;
    expect(detail.cause).to.equal('pick');
    const candidates = el.candidateLatents();
    close(detail.from, candidates[2]);
    close(el.pathLatents()[0], candidates[2]);
    const target = (value: string) => {
      const radio = root.querySelector<HTMLInputElement>(`input[name=target][value=${value}]`)!;
      radio.click();
    };
    // Home and End place the cursor whatever became of it when the radio was clicked
    target('A');
    row.focus();
    key('Home');
    key('ArrowRight');
    key('ArrowRight');
    key(' ');
    target('B');
    row.focus();
    key('Home');
    key('Enter');
    target('C');
    row.focus();
    key('End');
    key('Enter');
    await el.updateComplete;
    close(el.groups.A[0], candidates[2]);
    close(el.groups.B[0], candidates[0]);
    close(el.groups.C[0], candidates[7]);
    await painted(el, 4, 'arithmetic');
    // a chip removes its sample
    root.querySelector<HTMLButtonElement>('[data-group=B] button.chip')!.click();
    expect(el.groups.B.length).to.equal(0);
  });

  it('a click on a sample of the strip makes it z_b', async () => {
    const { el } = await addInterpolator();
    await painted(el);
    const path = el.pathLatents().map((z) => Float32Array.from(z));
    el.shadowRoot!.querySelector<HTMLInputElement>('input[name=target][value=to]')!.click();
    const strip = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.strip')!;
    const rect = strip.getBoundingClientRect();
    const changed = eventOnce<CustomEvent>(el, 'endpoints-change');
    strip.dispatchEvent(new MouseEvent('click', { clientX: rect.left + 1.5 * (rect.width / 4), clientY: rect.top + rect.height / 2, bubbles: true }));
    const { detail } = await changed;
    close(detail.to, path[1]);
    close(detail.from, path[0]);
    close(el.pathLatents()[3], path[1]);
  });

  it('follows a trainer that comes later, redraws when its weights change, and never disposes its generator', async () => {
    const el = document.createElement('gan-interpolator');
    el.setAttribute('loading', 'eager');
    el.setAttribute('steps', '3');
    el.setAttribute('generator', 'live-trainer');
    document.body.append(el);
    for (let i = 0; i < 200 && !statusText(el).includes('Waiting'); i++) await frames(1);
    expect(statusText(el)).to.contain('Waiting for the generator of #live-trainer');
    const trainer = document.createElement('stand-in-trainer') as StandInTrainer;
    trainer.id = 'live-trainer';
    document.body.append(trainer);
    try {
      const loaded = eventOnce<CustomEvent>(el, 'model-load');
      trainer.load(1);
      expect((await loaded).detail.url).to.equal('#live-trainer');
      expect(el.zDim).to.equal(8);
      const before = (await painted(el)).data.slice();
      trainer.train(2);
      let after = before;
      for (let i = 0; i < 400 && after.every((v, j) => v === before[j]); i++) {
        await new Promise((r) => setTimeout(r, 50));
        after = (await painted(el)).data;
      }
      expect(after.some((v, j) => v !== before[j])).to.equal(true);
      expect(statusText(el)).to.contain('live generator of #live-trainer at step 1');
      el.remove();
      await frames(2);
      await el.redraw(); // waits for a draw still in flight (a removed element draws nothing new)
      expect(trainer.dcgan!.isDisposed).to.equal(false);
    } finally {
      trainer.dcgan?.dispose();
    }
    expect(tf.memory().numTensors).to.equal(baseline());
  });

  itBackendIndependent('follows a real <gan-trainer>, and its new generator after reset()', async () => {
    const trainer = addTrainer('real-trainer');
    const { el, first } = await addInterpolator({ generator: 'real-trainer', steps: '3' });
    expect(first.type).to.equal('model-load');
    expect(first.detail.url).to.equal('#real-trainer');
    const before = (await painted(el)).data.slice();
    const again = eventOnce<CustomEvent>(el, 'model-load');
    await trainer.reset(); // fresh weights in a new model object
    expect((await again).detail.url).to.equal('#real-trainer');
    let after = before;
    for (let i = 0; i < 400 && after.every((v, j) => v === before[j]); i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = (await painted(el)).data;
    }
    expect(after.some((v, j) => v !== before[j])).to.equal(true);
    el.remove();
    await frames(2);
    expect(trainer.dcgan?.isDisposed).to.equal(false);
  });

  it('lets go of a followed trainer\'s generator when the trainer is removed, and says so', async () => {
    const trainer = addTrainer('leaving-trainer');
    const { el, first } = await addInterpolator({ generator: 'leaving-trainer', steps: '3' });
    expect(first.type).to.equal('model-load');
    await painted(el);
    const removal = eventOnce(document, 'generator-remove');
    trainer.remove();
    const e = await removal;
    expect(e).to.be.instanceOf(GeneratorRemoveEvent); // typed, as every event the elements fire
    expect(e.detail).to.deep.equal({ id: 'leaving-trainer' });
    for (let i = 0; i < 100 && el.loaded; i++) await frames(1);
    expect(el.loaded).to.equal(false);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=status]')!.textContent).to.contain('#leaving-trainer was removed');
  });

  it('goes back to src when generator is removed, and says so when the id names no trainer', async () => {
    const div = document.createElement('div');
    div.id = 'not-a-trainer';
    document.body.append(div);
    const { el, first } = await addInterpolator({ generator: 'not-a-trainer' });
    expect(first.type).to.equal('model-error');
    expect(first.detail.message).to.match(/generator="not-a-trainer" names a <div>, not a <gan-trainer>/);
    const loaded = eventOnce<CustomEvent>(el, 'model-load');
    el.removeAttribute('generator');
    expect((await loaded).detail.url).to.equal(good);
    await painted(el);
    expect(el.zDim).to.equal(64);
    // and over to a trainer that has loaded already
    const trainer = document.createElement('stand-in-trainer') as StandInTrainer;
    trainer.id = 'ready-trainer';
    document.body.append(trainer);
    trainer.load(3);
    try {
      const borrowed = eventOnce<CustomEvent>(el, 'model-load');
      el.setAttribute('generator', 'ready-trainer');
      expect((await borrowed).detail.url).to.equal('#ready-trainer');
      expect(el.zDim).to.equal(8);
      await painted(el);
      expect(sharedCount()).to.equal(0); // the shipped model was let go
      el.remove();
      await frames(2);
      await el.redraw();
      expect(trainer.dcgan!.isDisposed).to.equal(false);
    } finally {
      trainer.dcgan!.dispose();
    }
  });

  it('shows a readable error for a 404 and for another model, then loads a good src', async () => {
    const { el, first } = await addInterpolator({ src: '/weights/no-such-model/model.json' });
    expect(first.type).to.equal('model-error');
    expect(statusText(el)).to.match(/weights at .*no-such-model\/model\.json returned 404/);
    for (const src of ['/tests/fixtures/other-model/model.json', shippedUrl('vae-mnist/model.json')]) {
      const error = eventOnce<CustomEvent>(el, 'model-error');
      el.src = src;
      expect((await error).detail.message).to.match(/holds a different model/);
      expect(statusText(el)).to.match(/holds a different model/);
    }
    const loaded = eventOnce(el, 'model-load');
    el.src = good;
    await loaded;
    expect(statusText(el)).to.not.match(/404|different model/);
    await painted(el);
  });

  it('exports weights that load back through src and draw the same strip', async () => {
    const { el } = await addInterpolator();
    const original = (await painted(el)).data.slice();
    const [json, bin] = await el.exportWeights({ download: false });
    expect(json.name).to.equal('gan-interpolator.json');
    const model = JSON.parse(await json.text());
    model.weightsManifest[0].paths = [URL.createObjectURL(bin)];
    const jsonUrl = URL.createObjectURL(new Blob([JSON.stringify(model)], { type: 'application/json' }));
    const loaded = eventOnce<CustomEvent>(el, 'model-load');
    el.src = jsonUrl;
    expect((await loaded).detail.url).to.equal(jsonUrl);
    await el.redraw();
    const reloaded = (await painted(el)).data;
    let maxDiff = 0;
    for (let i = 0; i < original.length; i++) maxDiff = Math.max(maxDiff, Math.abs(original[i] - reloaded[i]));
    expect(maxDiff).to.be.at.most(1);
  });

  it('walks when animate is set, but not while off-screen', async function () {
    if (prefersReducedMotion()) this.skip(); // the walk is off by design then
    const spacer = document.createElement('div');
    spacer.style.height = '20000px';
    document.body.append(spacer);
    const { el } = await addInterpolator({ steps: '2' });
    await painted(el);
    el.animated = true;
    await frames(30);
    expect(el.t).to.equal(0.5);
    expect(el.hasAttribute('animate')).to.equal(true);
    el.scrollIntoView();
    for (let i = 0; i < 600 && el.t === 0.5; i++) await frames(1);
    expect(el.t).to.not.equal(0.5);
    el.animated = false;
    await el.updateComplete;
    const t = el.t;
    await frames(10);
    expect(el.t).to.equal(t);
  });

  it('does not walk when the reader asks for reduced motion', async () => {
    await emulateMedia({ reducedMotion: 'reduce' }); // the browser's own media emulation (DevTools protocol)
    try {
      expect(prefersReducedMotion()).to.equal(true);
      const { el } = await addInterpolator({ animate: '' });
      await painted(el);
      await frames(30);
      expect(el.t).to.equal(0.5);
      await el.updateComplete;
      expect(statusText(el)).to.contain('no walk (reduced motion)');
      expect(el.shadowRoot!.querySelector<HTMLButtonElement>('button.walk')!.disabled).to.equal(true);
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });

  it('frees every tensor when removed, also while loading or walking', async () => {
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent | PromiseRejectionEvent) => errors.push('reason' in e ? e.reason : e.error);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    try {
      const loading = document.createElement('gan-interpolator');
      loading.setAttribute('loading', 'eager');
      document.body.append(loading);
      await frames(1);
      loading.remove();
      const { el } = await addInterpolator({ animate: '' });
      await painted(el);
      await frames(5);
      el.remove();
      await new Promise((r) => setTimeout(r, 500));
      await frames(2);
      await el.redraw(); // waits for a draw still in flight (a removed element draws nothing new)
      expect(errors).to.deep.equal([]);
      expect(sharedCount()).to.equal(0);
      expect(tf.memory().numTensors).to.equal(baseline());
    } finally {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onError);
    }
  });
});
