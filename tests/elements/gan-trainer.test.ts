import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import '../../src/index.js';
import type { GanTrainer } from '../../src/index.js';
import { sharedCount } from '../../src/runtime/shared.js';
import { shippedUrl } from '../../src/runtime/assets.js';
import { runtimeIfStarted } from '../../src/runtime/runtime.js';
import { defaultBatchSize } from '../../src/training/batch.js';
import { eventOnce, frames, elementSuite, itBackendIndependent, itOnBackends, statusLine } from '../helpers.js';

async function addTrainer(attrs: Record<string, string> = {}): Promise<{ el: GanTrainer; first: CustomEvent }> {
  const el = document.createElement('gan-trainer');
  el.setAttribute('loading', 'eager');
  el.setAttribute('batch-size', '4');
  el.setAttribute('checkpoint-every', '0');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  const first = Promise.race([eventOnce(el, 'model-load'), eventOnce(el, 'model-error')]);
  const drawn = eventOnce(el, 'generator-change');
  document.body.append(el);
  const result = { el, first: await first };
  if (result.first.type === 'model-load') await drawn;
  return result;
}

function samplePixels(el: GanTrainer): Uint8ClampedArray {
  const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas[part=canvas]')!;
  expect(canvas.width).to.equal(8 * 28);
  return canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
}

const differs = (a: Uint8ClampedArray, b: Uint8ClampedArray) => a.some((v, i) => v !== b[i]);
const status = (el: GanTrainer) => el.shadowRoot!.querySelector('[part=status]')!.textContent ?? '';

describe('<gan-trainer>', function () {
  const baseline = elementSuite();

  it('loads the shipped DCGAN and paints an 8×8 grid of samples from fixed z', async () => {
    const { el, first } = await addTrainer();
    expect(first.type).to.equal('model-load');
    expect(first.detail.url).to.equal(shippedUrl('dcgan-mnist/model.json'));
    const pixels = samplePixels(el);
    expect(pixels[3]).to.equal(255);
    expect(pixels.some((v, i) => i % 4 === 0 && v < 128)).to.equal(true);
    expect(el.dcgan?.config.zDim).to.equal(64);
    await el.updateComplete;
    const line = statusLine(el);
    expect(line.text).to.match(/^DCGAN · batch \d+ · on (the GPU|a software GPU|the CPU)$/);
    expect(line).to.include({ lines: 1, jargon: false });
    expect(line.detail).to.contain(el.backendName).and.not.contain('EMA');
    el.setAttribute('ema', '0.999'); // samples from an average of G: the line says so
    await el.updateComplete;
    expect(statusLine(el).text).to.match(/ · samples from G’s running average$/);
    expect(statusLine(el).detail).to.contain('EMA of G (decay 0.999)');
  });

  itBackendIndependent('without batch-size: the backend\'s batch, named in the status line; the first round of a run shows its figures at once', async () => {
    const { el } = await addTrainer();
    el.removeAttribute('batch-size');
    await el.updateComplete;
    expect(el.batchSize).to.equal(undefined);
    const backend = (await runtimeIfStarted())!.backend;
    expect(el.effectiveBatchSize).to.equal(defaultBatchSize(backend));
    expect(status(el)).to.contain(`batch ${el.effectiveBatchSize}`);
    expect(statusLine(el).detail).to.contain(`batch ${el.effectiveBatchSize} (chosen for ${backend.name}`);
    // an open-ended run: its first round's figures come without waiting for round 5
    const step = eventOnce<CustomEvent>(el, 'train-step');
    void el.train();
    const first = (await step).detail;
    const ended = eventOnce(el, 'train-end');
    el.stop();
    expect(first.step).to.equal(1);
    expect(Number.isFinite(first.losses.dLoss)).to.equal(true);
    await ended;
    el.setAttribute('batch-size', '16');
    await el.updateComplete;
    expect(el.effectiveBatchSize).to.equal(16);
    expect(status(el)).to.contain('batch 16');
    expect(status(el) + statusLine(el).detail).not.to.contain('chosen for');
  });

  it('one step plays the game: finite losses and D outputs, both nets move, the samples change', async () => {
    const { el } = await addTrainer();
    const before = samplePixels(el).slice();
    const weights = el.dcgan!.network.getWeights().map((w) => w.clone());
    const step = eventOnce<CustomEvent>(el, 'train-step');
    const end = eventOnce<CustomEvent>(el, 'train-end');
    await el.stepOnce();
    const { losses } = (await step).detail;
    for (const v of Object.values(losses) as number[]) expect(Number.isFinite(v)).to.equal(true);
    expect(losses.dReal).to.be.within(0, 1);
    expect(losses.dFake).to.be.within(0, 1);
    expect((await end).detail).to.deep.equal({ step: 1, reason: 'done' });
    expect(el.steps).to.equal(1);
    const after = el.dcgan!.network.getWeights();
    const moved = await Promise.all(after.map(async (w, i) => {
      const d = tf.tidy(() => w.sub(weights[i]).abs().max());
      const v = (await d.data())[0];
      d.dispose();
      return v > 0;
    }));
    expect(moved.every(Boolean)).to.equal(true); // G and D, every layer
    tf.dispose(weights);
    expect(differs(before, samplePixels(el))).to.equal(true);
  });

  // The worker's rounds equal the page's on every backend (tests/training/worker-session.test.ts, each group); here,
  // the element's side of it (its default thread, its status line, the page's copy following), on the backend
  // `auto` picks without a GPU: on SwiftShader the second tfjs in the worker compiles every kernel again (minutes).
  itOnBackends(['wasm'])('plays the game in a Web Worker by default; the page\'s copy follows it round for round', async function () {
    // the worker starts its own TensorFlow.js and compiles every kernel again: minutes on a software GPU
    this.timeout(900_000);
    // Same seed, data and backend: a run in the worker and a run on the main thread play the same game.
    const { el: remote } = await addTrainer({ seed: '5' });
    const { el: local } = await addTrainer({ seed: '5', 'training-thread': 'main' });
    await remote.train({ steps: 2 });
    await local.train({ steps: 2 });
    expect(remote.trainingIn).to.equal('worker');
    expect(local.trainingIn).to.equal('main');
    expect(status(remote)).to.match(/training in a worker \((cpu|wasm|webgl|webgpu)\)/);
    expect(status(local)).to.contain('training on the main thread');
    const shipped = await tf.loadLayersModel(shippedUrl('dcgan-mnist/model.json'));
    const a = remote.dcgan!.network.getWeights();
    const b = local.dcgan!.network.getWeights();
    const start = shipped.getWeights();
    expect(a.length).to.equal(b.length);
    let apart = 0;
    let moved = 0;
    for (let i = 0; i < a.length; i++) {
      const [d, m] = tf.tidy(() => [a[i].sub(b[i]).abs().max(), a[i].sub(start[i]).abs().max()]);
      apart = Math.max(apart, (await d.data())[0]);
      moved = Math.max(moved, (await m.data())[0]);
      tf.dispose([d, m]);
    }
    shipped.dispose();
    expect(moved).to.be.greaterThan(1e-4); // two Adam steps of 2e-4 reached the page's copy
    expect(apart).to.be.below(1e-5);
  });

  itBackendIndependent('trains on the main thread, and says so, where a browser has no Web Workers', async () => {
    const saved = window.Worker;
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...a: unknown[]) => warnings.push(a.join(' '));
    (window as { Worker?: unknown }).Worker = undefined;
    try {
      const { el } = await addTrainer();
      const end = eventOnce<CustomEvent>(el, 'train-end');
      await el.stepOnce();
      expect((await end).detail.reason).to.equal('done');
      expect(el.trainingIn).to.equal('main');
      expect(status(el)).to.contain('no worker: this browser has no Web Workers');
      expect(warnings.some((w) => /main thread/.test(w))).to.equal(true);
    } finally {
      window.Worker = saved;
      console.warn = warn;
    }
  });

  itBackendIndependent('takes k, the loss and the learning rates from attributes, clamping bad values with a warning', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...a: unknown[]) => warnings.push(a.join(' '));
    try {
      const { el } = await addTrainer({ 'd-steps': '50', loss: 'wasserstein', 'lr-g': 'fast' });
      expect(el.dSteps).to.equal(10);
      expect(el.loss).to.equal('non-saturating');
      expect(el.lrG).to.equal(2e-4);
      expect(warnings.filter((w) => /d-steps|loss|lr-g/.test(w)).length).to.equal(3);
      el.setAttribute('d-steps', '2');
      el.setAttribute('loss', 'minimax');
      await el.updateComplete;
      const end = eventOnce<CustomEvent>(el, 'train-end');
      await el.stepOnce();
      expect((await end).detail.reason).to.equal('done');
    } finally {
      console.warn = warn;
    }
  });

  itBackendIndependent('reset starts from fresh weights at step 0 and tells followers', async () => {
    const { el } = await addTrainer();
    await el.stepOnce();
    const before = samplePixels(el).slice();
    const changed = eventOnce<CustomEvent>(el, 'generator-change');
    await el.reset();
    expect((await changed).detail.step).to.equal(0);
    expect(el.steps).to.equal(0);
    expect(differs(before, samplePixels(el))).to.equal(true);
  });

  it('exports G and D that load back through src', async () => {
    const { el } = await addTrainer();
    const original = samplePixels(el).slice();
    const [json, bin] = await el.exportWeights({ download: false });
    const model = JSON.parse(await json.text());
    expect((model.modelTopology.config ?? model.modelTopology.model_config.config).output_layers.length).to.equal(2); // G(z) and D(x)
    model.weightsManifest[0].paths = [URL.createObjectURL(bin)];
    const url = URL.createObjectURL(new Blob([JSON.stringify(model)], { type: 'application/json' }));
    const loaded = eventOnce(el, 'model-load');
    const drawn = eventOnce(el, 'generator-change');
    el.src = url;
    await loaded;
    await drawn;
    const reloaded = samplePixels(el);
    let maxDiff = 0;
    for (let i = 0; i < original.length; i++) maxDiff = Math.max(maxDiff, Math.abs(original[i] - reloaded[i]));
    expect(maxDiff).to.be.at.most(1);
  });

  itBackendIndependent('checkpoints to IndexedDB and offers to resume after a reload', async () => {
    const { el } = await addTrainer({ id: 'resume-test' });
    await el.stepOnce();
    await el.checkpoint();
    const trained = samplePixels(el).slice();
    el.remove();
    await frames(2);
    const { el: again } = await addTrainer({ id: 'resume-test' });
    for (let i = 0; i < 200 && !/reached step 1/.test(again.shadowRoot!.textContent ?? ''); i++) await new Promise((r) => setTimeout(r, 25));
    expect(again.shadowRoot!.textContent).to.match(/reached step 1/);
    const loaded = eventOnce<CustomEvent>(again, 'model-load');
    const drawn = eventOnce(again, 'generator-change');
    again.shadowRoot!.querySelector<HTMLButtonElement>('.resume button.primary')!.click();
    expect((await loaded).detail.url).to.match(/^indexeddb:\/\//);
    await drawn;
    expect(again.steps).to.equal(1);
    expect(differs(trained, samplePixels(again))).to.equal(false);
    await tf.io.removeModel((await loaded).detail.url);
  });

  itBackendIndependent('trains on images dropped onto it', async () => {
    const { el } = await addTrainer();
    const files = await Promise.all([0, 1, 2].map(async (i) => {
      const canvas = new OffscreenCanvas(40, 30);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, 40, 30);
      ctx.fillStyle = '#fff';
      ctx.fillRect(10 + i * 5, 5, 8, 20);
      return new File([await canvas.convertToBlob({ type: 'image/png' })], `shape-${i}.png`, { type: 'image/png' });
    }));
    const transfer = new DataTransfer();
    files.forEach((f) => transfer.items.add(f));
    transfer.items.add(new File(['not an image'], 'notes.txt', { type: 'text/plain' }));
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    for (let i = 0; i < 100 && !/3 dropped images/.test(el.shadowRoot!.textContent ?? ''); i++) await new Promise((r) => setTimeout(r, 20));
    expect(el.shadowRoot!.textContent).to.contain('training set: 3 dropped images');
    const end = eventOnce<CustomEvent>(el, 'train-end');
    await el.stepOnce();
    expect((await end).detail.reason).to.equal('done');
    expect(el.shadowRoot!.textContent).to.contain('3 dropped images');
  });

  itBackendIndependent('names the problem with a bad sprite URL or tile size, and keeps working', async () => {
    const { el } = await addTrainer({ dataset: '/no/such/sprite.png' });
    let error = eventOnce<CustomEvent>(el, 'model-error');
    await el.stepOnce();
    expect((await error).detail.message).to.match(/image sprite at .*\/no\/such\/sprite\.png returned 404/);
    expect(status(el)).to.match(/returned 404/);
    el.setAttribute('dataset', '/weights/mnist/test.png');
    el.setAttribute('tile-size', '27');
    await el.updateComplete;
    error = eventOnce<CustomEvent>(el, 'model-error');
    await el.stepOnce();
    expect((await error).detail.message).to.match(/not a grid of 27×27 tiles/);
    el.setAttribute('tile-size', '28');
    await el.updateComplete;
    const end = eventOnce<CustomEvent>(el, 'train-end');
    await el.stepOnce();
    expect((await end).detail.reason).to.equal('done');
    expect(el.shadowRoot!.textContent).to.contain('1,000 images from /weights/mnist/test.png');
  });

  // the page's tensors on a CPU-side backend and on a GPU one (webgpu's page side runs the same code as webgl's)
  itOnBackends(['cpu', 'wasm', 'webgl'])('leaves no tensors behind after pause, reset and removal', async () => {
    const { el } = await addTrainer();
    const ended = eventOnce<CustomEvent>(el, 'train-end');
    void el.train();
    await eventOnce(el, 'generator-change');
    el.stop();
    expect((await ended).detail.reason).to.equal('stopped');
    await el.reset();
    await el.stepOnce();
    el.remove();
    await new Promise((r) => setTimeout(r, 300));
    await frames(2);
    expect(sharedCount()).to.equal(0);
    expect(tf.memory().numTensors).to.equal(baseline());
  });
});
