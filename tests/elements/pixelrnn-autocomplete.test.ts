import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import '../../src/index.js';
import type { PixelCnnAutocomplete, CompletionEndDetail } from '../../src/index.js';
import { shippedUrl } from '../../src/runtime/assets.js';
import { addAutocomplete, settledTensors, statusText } from './autocomplete-helpers.js';
import { eventOnce, frames, elementSuite, itBackendIndependent, statusLine } from '../helpers.js';

/** Untrained small models (tools/make-fixtures.mjs): sampling them is quick even on software GPUs. */
const smallRnn = new URL('/tests/fixtures/pixelrnn-small/model.json', location.href).href;
const smallCnn = new URL('/tests/fixtures/pixelcnn-small/model.json', location.href).href;

const add = addAutocomplete;

/** The element's export as a src (blob URLs), to load back. */
async function exported(el: PixelCnnAutocomplete): Promise<string> {
  const [json, bin] = await el.exportWeights({ download: false });
  const model = JSON.parse(await json.text());
  model.weightsManifest[0].paths = [URL.createObjectURL(bin)];
  return URL.createObjectURL(new Blob([JSON.stringify(model)], { type: 'application/json' }));
}

describe('<pixelcnn-autocomplete model="pixelrnn">', function () {
  const baseline = elementSuite();

  it('loads the shipped PixelRNN, names it, and scores a digit far better than a scribble', async () => {
    const { el, first } = await add({ model: 'pixelrnn', digit: '3' });
    expect(first.type).to.equal('model-load');
    expect(first.detail.url).to.equal(shippedUrl('pixelrnn-mnist/model.json'));
    const digit = (await el.scoreInput())!;
    expect(digit).to.be.within(20, 200);
    el.setDrawing(new Float32Array(784).map((_, i) => ((i * 37) % 11 < 3 ? 1 : 0)));
    expect(await el.scoreInput()).to.be.above(digit + 100);
    for (let i = 0; i < 600 && !/test NLL/.test(statusLine(el).text); i++) await frames(1); // the figure comes with meta.json
    const line = statusLine(el);
    expect(line.text).to.match(/^PixelRNN \(Row LSTM\) · test NLL \d+\.\d nats · on (the GPU|a software GPU|the CPU)$/);
    expect(line).to.include({ lines: 1, jargon: false });
  });

  it('completes the hidden half with the row-state sampler', async () => {
    const { el } = await add({ model: 'pixelrnn', src: smallRnn, samples: '2', instant: '', mask: 'bottom' });
    expect(statusText(el)).to.match(/^PixelRNN/);
    const fast: CompletionEndDetail = await el.complete();
    expect(fast.reason).to.equal('done');
    expect(fast.images.length).to.equal(2);
    // 14 hidden rows of 28 pixels, one row step each, plus one pass per given row to fill the cache
    expect(fast.passes).to.equal(14 * 28 + 14);
    for (const image of fast.images) expect(image.length).to.equal(784);
    el.remove();
    expect(await settledTensors(baseline())).to.equal(baseline());
  });

  // The switch is the element's wiring, the same on every backend; that both samplers draw the same pixels on every
  // backend is tests/models/pixelrnn.test.ts's (a naive PixelRNN completion is 392 whole-image passes: minutes on a
  // software GPU of a busy machine).
  itBackendIndependent('sampler="naive" completes the same hidden half with one whole-image pass per pixel', async () => {
    const { el } = await add({ model: 'pixelrnn', src: smallRnn, samples: '2', instant: '', mask: 'bottom', sampler: 'naive' });
    const naive: CompletionEndDetail = await el.complete();
    expect(naive.reason).to.equal('done');
    expect(naive.passes).to.equal(14 * 28);
    for (const image of naive.images) expect(image.length).to.equal(784);
    el.sampler = 'cached';
    await el.updateComplete;
    expect((await el.complete()).passes).to.equal(14 * 28 + 14);
    el.remove();
    expect(await settledTensors(baseline())).to.equal(baseline());
  });

  it('recognises either kind from its src, and names both kinds when a src holds neither', async () => {
    const { el } = await add({ src: smallRnn });
    expect(statusText(el)).to.match(/^PixelRNN/); // the file says what it is; model only picks the shipped weights
    const loaded = eventOnce<CustomEvent>(el, 'model-load');
    el.src = smallCnn;
    await loaded;
    await el.updateComplete;
    expect(statusText(el)).to.match(/^PixelCNN/);
    const error = eventOnce<CustomEvent>(el, 'model-error');
    el.src = shippedUrl('vae-mnist/model.json');
    expect((await error).detail.message).to.match(/holds a different model.*PixelCNN.*PixelRNN/);
    el.remove();
    expect(await settledTensors(baseline())).to.equal(baseline());
  });

  it('says which LSTM weight a broken PixelRNN file lacks, and stays usable', async () => {
    const model = JSON.parse(await (await fetch(smallRnn)).text());
    const weights = model.weightsManifest[0].weights as { name: string; shape: number[] }[];
    const bin = await (await fetch(new URL('weights.bin', smallRnn))).blob();
    const dropped = weights.findIndex((w) => w.name === 'lstm_2/state_kernel');
    // the file without that tensor (its bytes cut out, so the rest still lines up)
    const size = (w: { shape: number[] }) => 4 * w.shape.reduce((a, b) => a * b, 1);
    const offset = weights.slice(0, dropped).reduce((a, w) => a + size(w), 0);
    const cut = new Blob([bin.slice(0, offset), bin.slice(offset + size(weights[dropped]))]);
    model.weightsManifest[0].weights = weights.filter((_, i) => i !== dropped);
    model.weightsManifest[0].paths = [URL.createObjectURL(cut)];
    const broken = URL.createObjectURL(new Blob([JSON.stringify(model)], { type: 'application/json' }));
    const { el, first } = await add({ src: broken });
    expect(first.type).to.equal('model-error');
    expect(first.detail.message).to.contain('lstm_2/state_kernel');
    expect(statusText(el)).to.contain('lstm_2/state_kernel');
    const loaded = eventOnce<CustomEvent>(el, 'model-load');
    el.src = smallRnn;
    await loaded;
    expect((await el.complete()).reason).to.equal('done');
  });

  itBackendIndependent('model="foo": a readable model-error, the PixelCNN shown instead, still usable, nothing leaked', async () => {
    const el = document.createElement('pixelcnn-autocomplete');
    el.setAttribute('loading', 'eager');
    el.setAttribute('model', 'foo');
    const error = eventOnce<CustomEvent>(el, 'model-error');
    const loaded = eventOnce<CustomEvent>(el, 'model-load');
    document.body.append(el);
    expect((await error).detail.message).to.equal('model="foo" is not a model this element has (pixelcnn or pixelrnn): showing the PixelCNN');
    expect((await loaded).detail.url).to.equal(shippedUrl('pixelcnn-mnist/model.json'));
    await el.updateComplete;
    expect(statusText(el)).to.match(/^model="foo" is not a model this element has .* · PixelCNN/);
    el.setAttribute('model', 'pixelrnn');
    await eventOnce(el, 'model-load');
    await el.updateComplete;
    expect(statusText(el)).to.match(/^PixelRNN/);
    el.remove();
    expect(await settledTensors(baseline())).to.equal(baseline());
  });

  itBackendIndependent('trains a small PixelRNN in the worker and on the page’s thread, to the same model, and exports it back through src', async () => {
    const { el } = await add({ model: 'pixelrnn', src: smallRnn });
    const steps: CustomEvent[] = [];
    el.addEventListener('train-step', (e) => steps.push(e));
    await el.train({ steps: 2, batchSize: 2, from: 'scratch' });
    expect(el.trainingIn).to.equal('worker');
    expect(steps[0].detail.losses.nll).to.be.above(0);
    expect(statusText(el)).to.match(/^PixelRNN/);
    const worker = (await el.scoreInput())!;
    el.setAttribute('training-thread', 'main');
    await el.updateComplete;
    await el.train({ steps: 2, batchSize: 2, from: 'scratch' });
    expect(el.trainingIn).to.equal('main');
    const main = (await el.scoreInput())!;
    expect(worker).to.be.closeTo(main, 1e-3 * main);
    const url = await exported(el);
    const loaded = eventOnce<CustomEvent>(el, 'model-load');
    el.src = url;
    await loaded;
    await el.updateComplete;
    expect(statusText(el)).to.match(/^PixelRNN/);
    expect(await el.scoreInput()).to.be.closeTo(main, 1e-3);
  });

  itBackendIndependent('compare: both models complete the same hidden half, each with its time, passes and NLL, and the other is let go', async () => {
    const { el } = await add({ compare: '', samples: '1', instant: '', digit: '5' });
    const rows = () => [...el.shadowRoot!.querySelectorAll('.row-name')].map((r) => r.textContent!.replace(/\s+/g, ' ').trim());
    for (let i = 0; i < 600 && !/PixelRNN/.test(rows().join()) ; i++) await frames(1);
    for (let i = 0; i < 600 && /loading/.test(rows().join()); i++) await frames(1);
    const mine = await el.complete();
    const rival = el.rivalCompletion!;
    expect(mine.reason).to.equal('done');
    expect(rival.reason).to.equal('done');
    expect(mine.nll.length).to.equal(1);
    expect(rival.nll.length).to.equal(1);
    // the same hidden half: both completions keep the given top half of the same digit
    for (let i = 0; i < 14 * 28; i++) expect(rival.images[0][i]).to.equal(mine.images[0][i]);
    await el.updateComplete;
    const [cnn, rnn] = rows();
    expect(cnn).to.match(/^PixelCNN \d+ ms · \d+ passes · mean −log p = \d+\.\d nats$/);
    expect(rnn).to.match(/^PixelRNN \d+ ms · \d+ passes · mean −log p = \d+\.\d nats$/);
    expect(el.shadowRoot!.querySelectorAll('canvas.rival').length).to.equal(1);
    el.compare = false;
    await el.updateComplete;
    expect(el.rivalCompletion).to.equal(undefined);
    expect(el.shadowRoot!.querySelectorAll('canvas.rival').length).to.equal(0);
    el.remove();
    expect(await settledTensors(baseline())).to.equal(baseline());
  });

  it('compare: the race trains a small PixelCNN and a small PixelRNN in turn and states the measured ratio', async () => {
    const { el } = await add({ compare: '', src: smallCnn });
    const steps: CustomEvent[] = [];
    el.addEventListener('train-step', (e) => steps.push(e));
    await el.race({ steps: 2, batchSize: 2 });
    expect(steps.map((e) => e.detail.losses.racer)).to.deep.equal([0, 1, 0, 1]);
    for (const e of steps) expect(e.detail.losses.nll).to.be.above(0);
    // each racer's clock only moves on
    expect(steps[2].detail.losses.seconds).to.be.above(steps[0].detail.losses.seconds);
    expect(el.raceSummary).to.match(/^a Pixel[CR]NN step took \d+\.\d× as long as a Pixel[CR]NN step \(\d+ ms against \d+ ms, mean of 2 and 2 steps on the same batches\)$/);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.race')!.textContent).to.contain(el.raceSummary);
    const chart = el.shadowRoot!.querySelector('ge-loss-chart') as HTMLElement & { axis: string; points: number };
    expect(chart.axis).to.equal('seconds');
    expect(chart.points).to.equal(4);
    el.remove();
    expect(await settledTensors(baseline())).to.equal(baseline());
  });

  itBackendIndependent('compare: a race on a page whose backend cannot train says so, leaks nothing, and the element goes on', async () => {
    const { el } = await add({ compare: '', src: smallCnn, 'training-thread': 'main', samples: '1', instant: '' });
    // this backend has no optimiser: what a race meets where training cannot run
    const adam = tf.train.adam;
    tf.train.adam = () => {
      throw new Error('this backend cannot train (no optimiser)');
    };
    const error = eventOnce<CustomEvent>(el, 'model-error');
    try {
      await el.race({ steps: 2, batchSize: 2 });
    } finally {
      tf.train.adam = adam;
    }
    expect((await error).detail.message).to.contain('cannot train');
    await el.updateComplete;
    expect(statusText(el)).to.contain('cannot train');
    expect(el.training).to.equal(false);
    expect(el.raceSummary).to.equal('');
    expect((await el.complete()).reason).to.equal('done');
    el.remove();
    expect(await settledTensors(baseline())).to.equal(baseline());
  });
});
