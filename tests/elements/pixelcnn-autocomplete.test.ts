import { expect } from '@esm-bundle/chai';
import { emulateMedia } from '@web/test-runner-commands';
import * as tf from '@tensorflow/tfjs';
import '../../src/index.js';
import type { CompletionEndDetail, CompletionStepDetail } from '../../src/index.js';
import { shippedUrl } from '../../src/runtime/assets.js';
import { addAutocomplete, statusText } from './autocomplete-helpers.js';
import { eventOnce, frames, elementSuite, itBackendIndependent, statusLine } from '../helpers.js';

/** An untrained small PixelCNN (tools/make-fixtures.mjs): sampling it is quick even on software GPUs. */
const small = new URL('/tests/fixtures/pixelcnn-small/model.json', location.href).href;

const add = addAutocomplete;


describe('<pixelcnn-autocomplete>', function () {
  const baseline = elementSuite();

  it('loads the shipped PixelCNN and scores the test digit; a scribble scores worse than the digit', async () => {
    const { el, first } = await add({ digit: '3' });
    expect(first.type).to.equal('model-load');
    expect(first.detail.url).to.equal(shippedUrl('pixelcnn-mnist/model.json'));
    const digit = (await el.scoreInput())!;
    expect(digit).to.be.within(20, 200);
    expect(el.inputNll).to.equal(digit);
    await el.updateComplete;
    // the score as three short lines that fit the input's column (none wraps)
    const spans = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.nll span')];
    for (let i = 0; i < 600 && spans().length < 3; i++) await frames(1); // the held-out average comes with meta.json
    const lines = spans();
    expect(lines.map((l) => l.textContent).slice(0, 2)).to.deep.equal([`−log p(x) = ${digit.toFixed(1)} nats`, `${(digit / (784 * Math.LN2)).toFixed(3)} bits/dim`]);
    expect(lines[2].textContent).to.match(/^held-out digits: \d+\.\d on average$/);
    for (const l of lines) expect(l.getBoundingClientRect().height).to.be.below(1.5 * parseFloat(getComputedStyle(l).lineHeight));
    const line = statusLine(el);
    expect(line.text).to.match(/^PixelCNN · test NLL \d+\.\d nats · on (the GPU|a software GPU|the CPU)$/);
    expect(line).to.include({ lines: 1, jargon: false });
    expect(line.detail).to.contain(el.backendName).and.contain('k parameters');
    const scribble = new Float32Array(784).map((_, i) => ((i * 37) % 11 < 3 ? 1 : 0));
    el.setDrawing(scribble);
    expect(el.input).to.equal('draw');
    expect(await el.scoreInput()).to.be.above(digit + 100);
    // an empty pad is blank paper, the model's likeliest image: the view asks for a drawing instead of a "good" score
    el.setDrawing(new Float32Array(784));
    const blank = (await el.scoreInput())!;
    expect(blank).to.be.below(digit);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.nll')!.textContent).to.equal('Draw a digit: its −log p(x) appears here.');
  });

  itBackendIndependent('says it is loading on its canvases until the model is there', async () => {
    const el = document.createElement('pixelcnn-autocomplete');
    el.setAttribute('loading', 'eager');
    const loaded = eventOnce(el, 'model-load');
    document.body.append(el);
    await el.updateComplete;
    const placeholders = () => [...el.shadowRoot!.querySelectorAll('.placeholder')].map((p) => p.textContent);
    expect(placeholders()[0]).to.equal('Loading the PixelCNN…');
    expect(placeholders().length).to.equal(1 + el.samples);
    await loaded;
    await el.updateComplete;
    expect(placeholders()).to.deep.equal([]);
  });

  it('completes the hidden half: step events per sampled row, known pixels kept, painted, NLL per completion', async () => {
    const { el } = await add({ src: small, samples: '2', instant: '' });
    const steps: CompletionStepDetail[] = [];
    el.addEventListener('completion-step', (e) => steps.push(e.detail));
    const fired = eventOnce<CustomEvent<CompletionEndDetail>>(el, 'completion-end');
    const result = await el.complete();
    expect((await fired).detail).to.equal(result);
    expect(result.reason).to.equal('done');
    expect(steps.map((s) => s.row)).to.deep.equal([...Array(14).keys()].map((r) => r + 14));
    expect(steps[0].pixels.length).to.equal(2 * 28);
    expect(steps.at(-1)!.sampled).to.equal(14 * 28);
    const given = el.inputPixels;
    const known = el.knownPixels;
    expect(result.images.length).to.equal(2);
    for (const image of result.images) {
      for (let i = 0; i < 784; i++) {
        if (known[i]) expect(image[i]).to.equal(given[i]);
        else expect(image[i] === 0 || image[i] === 1).to.equal(true);
      }
    }
    expect(result.nll.length).to.equal(2);
    result.nll.forEach((n) => expect(n).to.be.above(0));
    expect(result.passes).to.equal(14 + 14 * 28);
    await el.updateComplete;
    const canvases = el.shadowRoot!.querySelectorAll<HTMLCanvasElement>('canvas.completion');
    expect(canvases.length).to.equal(2);
    const shown = tf.browser.fromPixels(canvases[0]);
    const pixels = await shown.data();
    shown.dispose();
    const accent = [0x1a, 0x73, 0xe8];
    let drawn = 0;
    for (let i = 0; i < pixels.length; i += 3) if (pixels[i] === accent[0] && pixels[i + 1] === accent[1] && pixels[i + 2] === accent[2]) drawn++;
    const sampledInk = result.images[0].reduce((s, v, i) => s + (known[i] ? 0 : v), 0);
    expect(drawn > 0).to.equal(sampledInk > 0);
    expect(el.shadowRoot!.querySelector('figcaption')!.textContent).to.match(/nats/);
  });

  it('is deterministic at temperature 0: every completion is the same, whatever the seed', async () => {
    const { el } = await add({ src: small, samples: '2', instant: '', temperature: '0', mask: 'right' });
    const a = await el.complete();
    el.seed = 5;
    await el.updateComplete;
    const b = await el.complete();
    expect(a.reason).to.equal('done');
    expect(Array.from(a.images[0])).to.deep.equal(Array.from(a.images[1]));
    expect(Array.from(a.images[0])).to.deep.equal(Array.from(b.images[0]));
  });

  it('animates pixel by pixel, reports the next pixel\'s probability, and can finish instantly', async () => {
    const { el } = await add({ src: small, samples: '1', speed: '20' });
    const ended = el.complete();
    let caption = '';
    for (let i = 0; i < 3000 && !/p\(ink\) = [01]\.\d\d/.test(caption); i++) {
      await frames(1);
      caption = el.shadowRoot!.querySelector('figcaption')?.textContent ?? '';
    }
    expect(caption).to.match(/p\(ink\) = [01]\.\d\d/);
    el.finishInstantly();
    const result = await ended;
    expect(result.reason).to.equal('done');
    expect(result.images[0].length).to.equal(784);
  });

  itBackendIndependent('a reader who asks for reduced motion sees each sampled row at once, not pixel by pixel', async () => {
    await emulateMedia({ reducedMotion: 'reduce' }); // the browser's own media emulation (DevTools protocol)
    try {
      // at 10 pixels a second the hidden half would be revealed over most of a minute, long after the last row is sampled
      const { el } = await add({ src: small, samples: '1', speed: '10' });
      const lastRow = new Promise<void>((resolve) => el.addEventListener('completion-step', (e) => {
        if ((e as CustomEvent<CompletionStepDetail>).detail.row === 27) resolve();
      }));
      const ended = el.complete();
      await lastRow;
      await frames(2);
      await el.updateComplete;
      const caption = el.shadowRoot!.querySelector('figcaption')?.textContent ?? '';
      expect(caption, 'no row is still being revealed').to.not.match(/row \d+ of 28/);
      expect((await ended).reason).to.equal('done');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });

  it('stops on request and when removed mid-completion, leaving no tensors behind', async () => {
    const { el } = await add({ src: small, samples: '2', speed: '10' });
    let row = eventOnce(el, 'completion-step');
    const first = el.complete();
    await row;
    el.stopCompletion();
    expect((await first).reason).to.equal('stopped');
    row = eventOnce(el, 'completion-step');
    const second = el.complete();
    await row;
    el.remove();
    expect((await second).reason).to.equal('stopped');
    await frames(2);
    expect(tf.memory().numTensors).to.equal(baseline());
  });

  it('shows readable errors for a missing model and a model of the wrong shape', async () => {
    const { el, first } = await add({ src: '/weights/no-such-model/model.json' });
    expect(first.type).to.equal('model-error');
    expect(statusText(el)).to.match(/weights at .*no-such-model\/model\.json returned 404/);
    const error = eventOnce<CustomEvent>(el, 'model-error');
    el.src = shippedUrl('vae-mnist/model.json');
    expect((await error).detail.message).to.match(/holds a different model.*PixelCNN/);
    expect(statusText(el)).to.match(/holds a different model/);
    el.remove();
    await frames(2);
    expect(tf.memory().numTensors).to.equal(baseline());
  });

  it('trains a small PixelCNN in the page and exports weights that load back through src', async () => {
    const { el } = await add({ src: small });
    const steps: CustomEvent[] = [];
    el.addEventListener('train-step', (e) => steps.push(e));
    const end = eventOnce<CustomEvent>(el, 'train-end');
    await el.train({ steps: 2, batchSize: 2 });
    expect((await end).detail).to.deep.equal({ step: 2, reason: 'done' });
    const { nll, bitsPerDim } = steps[0].detail.losses;
    expect(nll).to.be.above(0);
    expect(bitsPerDim).to.be.closeTo(nll / (784 * Math.LN2), 1e-6);
    const before = (await el.scoreInput())!;
    const [json, bin] = await el.exportWeights({ download: false });
    const model = JSON.parse(await json.text());
    model.weightsManifest[0].paths = [URL.createObjectURL(bin)];
    const url = URL.createObjectURL(new Blob([JSON.stringify(model)], { type: 'application/json' }));
    const loaded = eventOnce<CustomEvent>(el, 'model-load');
    el.src = url;
    await loaded;
    expect(await el.scoreInput()).to.be.closeTo(before, 1e-3);
  });
  itBackendIndependent('trains in the training worker by default and on the page’s thread with training-thread="main", to the same model', async () => {
    const { el } = await add({ src: small });
    await el.train({ steps: 2, batchSize: 2, from: 'scratch' });
    expect(el.trainingIn).to.equal('worker');
    const worker = (await el.scoreInput())!;
    el.setAttribute('training-thread', 'main');
    await el.updateComplete;
    await el.train({ steps: 2, batchSize: 2, from: 'scratch' });
    expect(el.trainingIn).to.equal('main');
    const main = (await el.scoreInput())!;
    // the page's copy took the worker's last weights: both runs end at the same model
    expect(worker).to.be.closeTo(main, 1e-3 * main);
  });
});
