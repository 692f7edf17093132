import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import '../../src/index.js';
import type { VaeLatentGrid } from '../../src/index.js';
import { sharedCount } from '../../src/runtime/shared.js';
import { shippedUrl } from '../../src/runtime/assets.js';
import { eventOnce, frames, elementSuite, itBackendIndependent, statusLine } from '../helpers.js';
import { testDigit } from '../../src/elements/vae-latent-grid/pad-digit.js';

const good = shippedUrl('vae-mnist/model.json');

/** Adds a grid (eager, small) and waits for its first model-load or model-error. */
async function addGrid(attrs: Record<string, string> = {}): Promise<{ el: VaeLatentGrid; first: CustomEvent }> {
  const el = document.createElement('vae-latent-grid');
  el.setAttribute('loading', 'eager');
  el.setAttribute('grid', '6');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  const first = Promise.race([eventOnce(el, 'model-load'), eventOnce(el, 'model-error')]);
  document.body.append(el);
  return { el, first: await first };
}

/** Waits until the grid has been decoded and painted. */
async function painted(el: VaeLatentGrid, cells = el.grid): Promise<ImageData> {
  for (let i = 0; i < 2400; i++) {
    const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas[part=canvas]')!;
    if (canvas.width !== cells * 28) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    if (data.data[3] === 255) return data; // putImageData paints every pixel opaque
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the grid was never painted');
}

function statusText(el: VaeLatentGrid): string {
  return el.shadowRoot!.querySelector('[part=status]')!.textContent ?? '';
}

describe('<vae-latent-grid>', function () {
  const baseline = elementSuite();

  it('loads the shipped VAE, fires model-load and paints non-blank digits', async () => {
    const { el, first } = await addGrid();
    expect(first.type).to.equal('model-load');
    expect(first.detail.url).to.equal(good);
    expect(first.detail.backend).to.equal(el.backendName);
    expect(el.loaded).to.equal(true);
    const image = await painted(el);
    expect(image.width).to.equal(6 * 28);
    const reds = image.data.filter((_, j) => j % 4 === 0);
    const ink = reds.filter((v) => v < 128).length / reds.length;
    expect(ink).to.be.within(0.03, 0.6); // strokes on paper, not a blank or black square
    // one plain line (model, quality, where it runs); the backend by name in its detail
    for (let i = 0; i < 600 && !statusLine(el).text.includes('ELBO'); i++) await frames(1); // the figure comes with meta.json
    const line = statusLine(el);
    expect(line.text).to.match(/^VAE · test −ELBO \d+ nats · on (the GPU|a software GPU|the CPU)$/);
    expect(line).to.include({ lines: 1, jargon: false });
    expect(line.detail).to.contain(el.backendName).and.contain('2-D latent');
  });

  it('clamps a bad grid with one warning and falls back on a non-number', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...a: unknown[]) => warnings.push(a.join(' '));
    try {
      const { el } = await addGrid({ grid: '100' });
      await el.updateComplete;
      expect(el.grid).to.equal(40);
      el.setAttribute('grid', 'many');
      await el.updateComplete;
      expect(el.grid).to.equal(15);
      el.setAttribute('grid', '1');
      await el.updateComplete;
      expect(el.grid).to.equal(2);
      expect(warnings.filter((w) => w.includes('grid=')).length).to.equal(3);
      expect(warnings[0]).to.contain('out of range 2–40');
      await painted(el);
    } finally {
      console.warn = warn;
    }
  });

  it('shows a readable error for a 404, a non-JSON file, a missing shard and another model, then loads a good src', async () => {
    const { el } = await addGrid({ src: '/weights/no-such-model/model.json' });
    const text = () => statusText(el);
    expect(text()).to.match(/weights at .*no-such-model\/model\.json returned 404/);
    const cases: [string, RegExp][] = [
      ['/weights/mnist/labels.json', /not a TensorFlow\.js LayersModel/],
      ['/README.md', /are not JSON/],
      ['/tests/fixtures/missing-shard/model.json', /weight shard "nowhere\.bin" listed in .* returned 404/],
      ['/tests/fixtures/other-model/model.json', /holds a different model/],
    ];
    for (const [src, message] of cases) {
      const error = eventOnce(el, 'model-error');
      el.src = src;
      expect((await error).detail.message).to.match(message);
      expect(text()).to.match(message);
    }
    const loaded = eventOnce(el, 'model-load');
    el.src = good;
    await loaded;
    expect(text()).to.not.match(/404|not JSON/);
    await painted(el);
  });

  it('keeps its last good model when a later src fails', async () => {
    const { el } = await addGrid();
    const before = (await painted(el)).data.slice();
    const error = eventOnce(el, 'model-error');
    el.src = '/weights/gone/model.json';
    await error;
    expect(el.loaded).to.equal(true);
    el.grid = 6;
    await el.redraw();
    const after = (await painted(el)).data;
    expect(after).to.deep.equal(before);
  });

  it('moves with the arrow keys and fires latent-select with the cell’s z on Enter', async () => {
    const { el } = await addGrid({ spacing: 'linear', extent: '2' });
    await painted(el);
    const overlay = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.overlay')!;
    overlay.focus();
    const key = (k: string) => overlay.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
    key('ArrowDown'); // first key puts the cursor in the centre cell (3, 3)
    key('ArrowLeft');
    key('ArrowLeft');
    key('ArrowUp');
    const selected = eventOnce<CustomEvent>(el, 'latent-select');
    key('Enter');
    const { detail } = await selected;
    expect(detail.row).to.equal(2);
    expect(detail.column).to.equal(1);
    // linear spacing over 6 cells from −2 to 2: column 1 → x = −1.2, row 2 → y = 0.4
    expect(detail.z[0]).to.be.closeTo(-1.2, 1e-5);
    expect(detail.z[1]).to.be.closeTo(0.4, 1e-5);
  });

  it('exports weights that load back through src and draw the same grid', async () => {
    const { el } = await addGrid();
    const original = (await painted(el)).data.slice();
    const [json, bin] = await el.exportWeights({ download: false });
    expect(json.name).to.equal('vae-latent-grid.json');
    const model = JSON.parse(await json.text());
    const binUrl = URL.createObjectURL(bin);
    model.weightsManifest[0].paths = [binUrl];
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

  it('trains in the page: train-step losses are finite, the grid changes, train-end fires', async () => {
    const { el } = await addGrid();
    const before = (await painted(el)).data.slice();
    const steps: CustomEvent[] = [];
    el.addEventListener('train-step', (e) => steps.push(e));
    const end = eventOnce<CustomEvent>(el, 'train-end');
    await el.train({ steps: 3, batchSize: 8, learningRate: 0.05 });
    expect((await end).detail).to.deep.equal({ step: 3, reason: 'done' });
    expect(steps.length).to.be.at.least(1);
    const { reconstruction, kl, negElbo } = steps[0].detail.losses;
    for (const v of [reconstruction, kl, negElbo]) expect(Number.isFinite(v)).to.equal(true);
    expect(negElbo).to.be.closeTo(reconstruction + kl, 1e-3);
    expect(el.training).to.equal(false);
    await el.redraw();
    const after = (await painted(el)).data;
    expect(after.some((v, i) => v !== before[i])).to.equal(true);
  });

  itBackendIndependent('exportWeights() during a run in the worker saves the worker’s weights of that moment', async () => {
    const { el } = await addGrid();
    const weightsOf = async (files: File[]) => new Float32Array(await files[1].arrayBuffer());
    const loaded = await weightsOf(await el.exportWeights({ download: false }));
    const ended = eventOnce<CustomEvent>(el, 'train-end');
    let steps = 0;
    el.addEventListener('train-step', () => steps++);
    void el.train({ steps: 1e6, batchSize: 8, learningRate: 0.05 });
    for (let i = 0; i < 1200 && steps < 2; i++) await frames(1);
    expect(el.trainingIn).to.equal('worker');
    // the page's copy is not synced while the worker trains (the worker draws the grid): the export asks for it
    const during = await weightsOf(await el.exportWeights({ download: false }));
    el.stop();
    await ended;
    expect(during.length).to.equal(loaded.length);
    expect(during.some((v, i) => Math.abs(v - loaded[i]) > 1e-4)).to.equal(true);
  });

  itBackendIndependent('trains in the training worker by default, on the page’s thread with training-thread="main": the same steps, and the status line says where', async () => {
    const { el } = await addGrid();
    const run = async () => {
      const first = eventOnce<CustomEvent>(el, 'train-step');
      let status = '';
      el.addEventListener('train-step', () => void el.updateComplete.then(() => (status ||= statusText(el))), { once: true });
      await el.train({ steps: 2, batchSize: 8, from: 'scratch' });
      return { negElbo: (await first).detail.losses.negElbo as number, where: el.trainingIn, status };
    };
    const worker = await run();
    expect(worker.where).to.equal('worker');
    expect(worker.status).to.contain(`training in a worker (${el.backendName})`);
    el.setAttribute('training-thread', 'main');
    await el.updateComplete;
    const main = await run();
    expect(main.where).to.equal('main');
    expect(main.status).to.contain('training on the main thread');
    expect(worker.negElbo).to.be.closeTo(main.negElbo, 1e-3 * main.negElbo);
  });

  itBackendIndependent('a test digit on the pad shows log p(x) by quadrature, the ELBO below it and their gap, as tools/vae_evidence.py computes them', async () => {
    const { el } = await addGrid();
    await painted(el);
    const meta = await (await fetch(good.replace('model.json', 'meta.json'))).json();
    const reference = meta.evidence.digits.find((d: { testIndex: number }) => d.testIndex === 0);
    const result = (await el.showTestDigit(0))!;
    expect(result.source).to.match(/^test digit #0 \(a \d\)$/);
    expect(result.evidence.logPx[0]).to.be.closeTo(reference.logPx, 0.02);
    expect(result.evidence.elbo[0]).to.be.closeTo(reference.elbo, 0.02);
    expect(result.evidence.gap[0]).to.be.above(0);
    await el.updateComplete;
    const panel = el.shadowRoot!.querySelector('ge-bound-panel')!;
    await panel.updateComplete;
    const text = panel.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    const nats = (v: number) => `${v < 0 ? '−' : ''}${Math.abs(v).toFixed(1)}`;
    expect(text).to.contain(`log p(x)${nats(result.evidence.logPx[0])}`).and.contain(`ELBO${nats(result.evidence.elbo[0])}`)
      .and.contain(`gap = KL(q‖p(z|x))${nats(result.evidence.gap[0])}`);
    // the heat map is painted: some cells carry the posterior's colour
    const map = panel.shadowRoot!.querySelector('canvas')!;
    const alpha = map.getContext('2d')!.getImageData(0, 0, map.width, map.height).data.filter((_, i) => i % 4 === 3);
    expect(alpha.filter((a) => a > 128).length).to.be.above(3);
    // the pad holds the digit and q(z|x) is drawn: its caption gives μ and σ
    await frames(2);
    expect(el.shadowRoot!.textContent).to.match(/μ = \(-?\d+\.\d\d, -?\d+\.\d\d\)/);
  });

  itBackendIndependent('clicking a cell integrates its decoding; a new digit replaces one still being integrated', async () => {
    const { el } = await addGrid({ spacing: 'linear' });
    await painted(el);
    const first = el.measureEvidence((await testDigit(5)).pixels, 'test digit #5');
    const overlay = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.overlay')!;
    const rect = overlay.getBoundingClientRect();
    overlay.dispatchEvent(new MouseEvent('click', { clientX: rect.left + rect.width * 0.5 + 1, clientY: rect.top + rect.height * 0.1, bubbles: true }));
    expect(await first).to.equal(undefined); // replaced before it finished
    for (let i = 0; i < 6000 && !el.shadowRoot!.querySelector('ge-bound-panel')!.result; i++) await new Promise((r) => setTimeout(r, 50));
    const { result } = el.shadowRoot!.querySelector('ge-bound-panel')!;
    expect(result!.source).to.equal('the cell in row 1, column 4');
    expect(result!.evidence.elbo[0]).to.be.below(result!.evidence.logPx[0]);
  });

  itBackendIndependent('beta: out of range is clamped with one warning; train-step and the status line carry β and the β-weighted loss', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...a: unknown[]) => void warnings.push(a.join(' '));
    try {
      const { el } = await addGrid({ beta: '40' });
      await el.updateComplete;
      expect(el.beta).to.equal(10);
      expect(warnings.filter((w) => w.includes('beta'))).to.have.length(1);
      el.beta = 4;
      const step = eventOnce<CustomEvent>(el, 'train-step');
      let status = '';
      el.addEventListener('train-step', () => void el.updateComplete.then(() => (status ||= statusText(el))), { once: true });
      await el.train({ steps: 2, batchSize: 8, from: 'scratch' });
      const { losses } = (await step).detail;
      expect(losses.beta).to.equal(4);
      expect(losses.loss).to.be.closeTo(losses.reconstruction + 4 * losses.kl, 1e-3 * losses.loss);
      expect(losses.negElbo).to.be.closeTo(losses.reconstruction + losses.kl, 1e-3 * losses.negElbo);
      expect(status).to.contain('β = 4');
    } finally {
      console.warn = warn;
    }
  });

  itBackendIndependent('model="autoencoder" shows the plain autoencoder: a grid over the box of its codes, its caption, no p(x) to integrate', async () => {
    const { el, first } = await addGrid({ model: 'autoencoder', 'show-encodings': '' });
    expect(first.type).to.equal('model-load');
    expect(first.detail.url).to.equal(shippedUrl('ae-mnist/model.json'));
    await painted(el);
    for (let i = 0; i < 600 && !statusLine(el).text.includes('reconstruction'); i++) await frames(1);
    expect(statusLine(el).text).to.match(/^Autoencoder · test reconstruction \d+ nats · on /);
    // the axes span the codes: the 1,000 test codes all lie inside the grid, which reaches further than the VAE's ±2
    const ticks = [...el.shadowRoot!.querySelectorAll('.axis.x .tick')].map((t) => Number(t.textContent!.replace('−', '-')));
    expect(Math.max(...ticks.map(Math.abs))).to.be.above(2);
    expect(el.shadowRoot!.querySelector('.caption')!.textContent).to.contain('no generative model');
    expect(el.shadowRoot!.querySelector('ge-bound-panel')).to.equal(null);
    expect(await el.showTestDigit(0)).to.equal(undefined);
    await frames(2);
    expect(el.shadowRoot!.textContent).to.match(/its code z = \(-?\d+\.\d\d, -?\d+\.\d\d\)/);
  });

  it('refuses a VAE under model="autoencoder", and an autoencoder under the default model, with a message that names the fix', async () => {
    const { el, first } = await addGrid({ model: 'autoencoder', src: good });
    expect(first.type).to.equal('model-error');
    expect(first.detail.message).to.contain('holds a VAE, not an autoencoder').and.contain('model="vae"');
    const second = eventOnce<CustomEvent>(el, 'model-error');
    el.setAttribute('model', 'vae');
    el.setAttribute('src', shippedUrl('ae-mnist/model.json'));
    expect((await second).detail.message).to.contain('holds an autoencoder, not a VAE').and.contain('model="autoencoder"');
  });

  itBackendIndependent('compare shows the autoencoder beside the VAE, both decoded on one lattice over the autoencoder\'s codes', async () => {
    const { el } = await addGrid({ compare: '' });
    const rival = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.rival')!;
    for (let i = 0; i < 2400 && rival.width !== 6 * 28; i++) await new Promise((r) => setTimeout(r, 50));
    expect(rival.width).to.equal(6 * 28);
    const names = [...el.shadowRoot!.querySelectorAll('.grid-name')].map((n) => n.textContent);
    expect(names).to.deep.equal(['VAE', 'Autoencoder']);
    // one lattice: the VAE's grid now spans the autoencoder's codes, linearly
    for (let i = 0; i < 600 && Math.abs(el.cellLatent(0, 0)[0]) <= 2; i++) await frames(1);
    expect(Math.abs(el.cellLatent(0, 0)[0])).to.be.above(2);
    expect(el.cellLatent(0, 1)[0] - el.cellLatent(0, 0)[0]).to.be.closeTo(el.cellLatent(0, 2)[0] - el.cellLatent(0, 1)[0], 1e-4);
    expect(el.shadowRoot!.querySelectorAll('.caption')).to.have.length(2);
    el.compare = false;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('canvas.rival')).to.equal(null);
  });

  itBackendIndependent('train() right after insertion waits for the weights and starts from them, not from scratch', async () => {
    const el = document.createElement('vae-latent-grid');
    el.setAttribute('loading', 'eager');
    el.setAttribute('grid', '4');
    document.body.append(el);
    const first = eventOnce<CustomEvent>(el, 'train-step');
    await el.train({ steps: 1, batchSize: 32 });
    // the pretrained VAE scores ~144 nats; an untrained one ~540 (784 · ln 2)
    expect((await first).detail.losses.negElbo).to.be.below(250);
    const scratch = eventOnce<CustomEvent>(el, 'train-step');
    await el.train({ steps: 1, batchSize: 32, from: 'scratch' });
    expect((await scratch).detail.losses.negElbo).to.be.above(400);
  });

  itBackendIndependent('pauses training while off-screen and resumes when scrolled into view', async () => {
    const spacer = document.createElement('div');
    spacer.style.height = '20000px';
    document.body.append(spacer);
    const { el } = await addGrid();
    await painted(el);
    let steps = 0;
    el.addEventListener('train-step', () => steps++);
    const ended = eventOnce<CustomEvent>(el, 'train-end');
    void el.train({ steps: 20, batchSize: 4 });
    // the run starts (in a worker: once it has loaded tfjs and the digits), then waits while off-screen
    for (let i = 0; i < 600 && !el.training; i++) await frames(1);
    expect(el.training).to.equal(true);
    await frames(30);
    expect(steps).to.equal(0);
    el.scrollIntoView();
    expect((await ended).detail).to.deep.equal({ step: 20, reason: 'done' });
    expect(steps).to.be.at.least(2);
  });

  it('overlays the encoded test digits and a drawn digit’s posterior', async () => {
    const { el } = await addGrid({ 'show-encodings': '' });
    await painted(el);
    const overlay = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.overlay')!;
    const coloured = () => {
      const d = overlay.getContext('2d')!.getImageData(0, 0, overlay.width, overlay.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    };
    for (let i = 0; i < 200 && coloured() < 500; i++) await new Promise((r) => setTimeout(r, 50));
    expect(coloured()).to.be.greaterThan(500); // 1,000 dots
    const pad = el.shadowRoot!.querySelector('ge-draw-pad')!;
    const one = new Float32Array(784);
    for (let y = 4; y < 24; y++) one[y * 28 + 14] = 1; // a vertical stroke: a "1"
    pad.value = one;
    pad.dispatchEvent(new CustomEvent('pad-change', { detail: { pixels: one }, bubbles: true, composed: true }));
    for (let i = 0; i < 200 && !/μ = /.test(el.shadowRoot!.textContent ?? ''); i++) await new Promise((r) => setTimeout(r, 50));
    expect(el.shadowRoot!.textContent).to.match(/μ = \(-?\d+\.\d+, -?\d+\.\d+\), σ = \(\d+\.\d+, \d+\.\d+\)/);
    expect(el.shadowRoot!.querySelector('.recon-box .hint')).to.equal(null); // the hint gave way to the decoding
  });

  itBackendIndependent('names its axes with z values, hints what the drawing boxes will show, and picks out one digit class from the legend', async () => {
    const { el } = await addGrid({ 'show-encodings': '', spacing: 'linear', extent: '2' });
    await painted(el);
    const root = el.shadowRoot!;
    const ticks = (axis: string) => [...root.querySelectorAll<HTMLElement>(`.axis.${axis} .tick`)];
    expect(ticks('x').map((t) => t.textContent)).to.deep.equal(['−2', '−1', '0', '1', '2']);
    expect(ticks('y').map((t) => t.textContent)).to.deep.equal(['−2', '−1', '0', '1', '2']);
    expect([root.querySelector('.axis.x .name')!.textContent, root.querySelector('.axis-name.y')!.textContent]).to.deep.equal(['z₁', 'z₂']);
    // each tick sits under the centre of the cells at its z: with 6 linear cells from −2 to 2, z = 0 is mid-way
    const stage = root.querySelector('.stage')!.getBoundingClientRect();
    const centre = (t: HTMLElement) => { const r = t.getBoundingClientRect(); return (r.left + r.right) / 2; };
    expect(centre(ticks('x')[2])).to.be.closeTo(stage.left + stage.width / 2, 2);
    expect(centre(ticks('x')[0])).to.be.closeTo(stage.left + stage.width / 12, 2); // the first cell's centre
    // before anything is drawn, the pad and the decoding box say what they are for
    expect(root.querySelector('ge-draw-pad')!.shadowRoot!.querySelector('.hint')!.textContent).to.equal('Draw a digit here');
    expect(root.querySelector('.recon-box .hint')!.textContent).to.equal('its decoding');
    expect(root.textContent).to.contain('Its q(z|x) appears on the grid');
    // the legend: hovering a key picks out that class (its dots larger, the others faint); a click keeps it
    const overlay = root.querySelector<HTMLCanvasElement>('canvas.overlay')!;
    const pixels = () => overlay.getContext('2d')!.getImageData(0, 0, overlay.width, overlay.height).data;
    const inked = (d: Uint8ClampedArray) => { let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 200) n++; return n; };
    // the 1,000 encodings are all drawn once the count stops changing
    let before = -1;
    for (let i = 0; i < 100 && (before < 500 || inked(pixels()) !== before); i++) {
      before = inked(pixels());
      await new Promise((r) => setTimeout(r, 200));
    }
    const key = root.querySelectorAll<HTMLButtonElement>('.legend .key')[1];
    key.dispatchEvent(new PointerEvent('pointerenter'));
    await el.updateComplete;
    const picked = inked(pixels());
    expect(picked).to.be.below(before / 2); // nine classes fade, the 1s stand out
    expect(key.getAttribute('aria-pressed')).to.equal('true');
    key.dispatchEvent(new PointerEvent('pointerleave'));
    await el.updateComplete;
    const all = inked(pixels());
    expect(all).to.be.above(2 * picked); // every class back
    key.click();
    await el.updateComplete;
    expect(key.getAttribute('aria-pressed')).to.equal('true');
    expect(inked(pixels())).to.equal(picked); // kept after the pointer left
    key.click();
    await el.updateComplete;
    expect(inked(pixels())).to.equal(all);
  });

  it('shares one model among ten elements and frees every tensor when they are removed', async () => {
    const els = await Promise.all(Array.from({ length: 10 }, () => addGrid()));
    for (const { first } of els) expect(first.type).to.equal('model-load');
    expect(sharedCount()).to.equal(1);
    await Promise.all(els.map(({ el }) => painted(el)));
    document.body.replaceChildren();
    await frames(2);
    expect(sharedCount()).to.equal(0);
    expect(tf.memory().numTensors).to.equal(baseline());
  });

  it('can be removed while loading or training without errors or leaks', async () => {
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent | PromiseRejectionEvent) => errors.push('reason' in e ? e.reason : e.error);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    try {
      const loading = document.createElement('vae-latent-grid');
      loading.setAttribute('loading', 'eager');
      document.body.append(loading);
      await frames(1);
      loading.remove();
      const { el } = await addGrid();
      const ended = eventOnce<CustomEvent>(el, 'train-end');
      void el.train({ batchSize: 8 });
      await eventOnce(el, 'train-step');
      el.remove();
      expect((await ended).detail.reason).to.equal('stopped');
      await new Promise((r) => setTimeout(r, 500));
      await frames(2);
      expect(errors).to.deep.equal([]);
      expect(tf.memory().numTensors).to.equal(baseline());
      expect(sharedCount()).to.equal(0);
    } finally {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onError);
    }
  });
});
