/**
 * The quality figures in weights/*\/meta.json, re-measured here from the TypeScript models (the Python trainers wrote
 * them). Fewer samples than the trainer used, so every comparison has a tolerance derived from the two sample sizes:
 * four standard errors of the difference (a false failure about once in 16,000 runs).
 */
import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { Dcgan } from '../../src/models/dcgan.js';
import { DigitClassifier } from '../../src/models/classifier.js';
import { PixelCnn } from '../../src/models/pixelcnn.js';
import { binarise, loadMnist } from '../../src/data/mnist.js';
import { shippedUrl } from '../../src/runtime/assets.js';
import { eventOnce, useTestBackend } from '../helpers.js';
import { useShippedJudge } from '../shipped-gan.js';
import { latentArithmetic } from '../../src/latent/index.js';
import '../../src/elements/gan-interpolator/gan-interpolator.js';

const Z_SAMPLES = 400;
const NLL_DIGITS = 100;

async function meta(name: string): Promise<Record<string, any>> {
  return (await fetch(shippedUrl(`${name}/meta.json`))).json();
}

/** Four standard errors of the difference between a share measured on n samples and one measured on m. */
const shareTolerance = (p: number, n: number, m: number) => 4 * Math.sqrt(Math.max(p * (1 - p), 0.0025) * (1 / n + 1 / m));

describe('shipped figures, re-measured in the browser', function () {
  before(async () => {
    await useTestBackend();
  });

  it(`DCGAN: class shares, confidence and legible share on ${Z_SAMPLES} samples agree with meta.json`, async () => {
    const { quality } = await meta('dcgan-mnist');
    const gan = await Dcgan.load(shippedUrl('dcgan-mnist/model.json'));
    const classifier = await DigitClassifier.load(shippedUrl('classifier-mnist/model.json'));
    const before = tf.memory().numTensors;
    const probs = tf.tidy(() => classifier.classify(gan.samples(tf.randomNormal([Z_SAMPLES, gan.config.zDim], 0, 1, 'float32', 2024) as tf.Tensor2D)));
    const p = (await probs.array()) as number[][];
    probs.dispose();
    expect(tf.memory().numTensors).to.equal(before); // the measurement leaves nothing behind
    gan.dispose();
    classifier.dispose();
    const best = p.map((row) => Math.max(...row));
    const label = p.map((row) => row.indexOf(Math.max(...row)));
    const m = quality.samples as number;
    for (let c = 0; c < 10; c++) {
      const share = label.filter((l) => l === c).length / Z_SAMPLES;
      expect(share, `share of ${c}s`).to.be.closeTo(quality.classShare[c], shareTolerance(quality.classShare[c], Z_SAMPLES, m));
    }
    const mean = best.reduce((a, b) => a + b, 0) / Z_SAMPLES;
    const sd = Math.sqrt(best.reduce((a, b) => a + (b - mean) ** 2, 0) / (Z_SAMPLES - 1));
    expect(mean, 'mean confidence').to.be.closeTo(quality.meanConfidence, 4 * sd * Math.sqrt(1 / Z_SAMPLES + 1 / m));
    if (quality.legibleShare !== undefined) {
      const legible = best.filter((b) => b >= 0.9).length / Z_SAMPLES;
      expect(legible, 'legible share').to.be.closeTo(quality.legibleShare, shareTolerance(quality.legibleShare, Z_SAMPLES, m));
    }
  });

  it(`PixelCNN: the mean test NLL of ${NLL_DIGITS} held-out digits agrees with meta.json`, async () => {
    const { quality } = await meta('pixelcnn-mnist');
    const model = await PixelCnn.load(shippedUrl('pixelcnn-mnist/model.json'));
    const test = await loadMnist('test');
    const x = tf.tensor4d(binarise(test.pixels.slice(0, NLL_DIGITS * 784)), [NLL_DIGITS, 28, 28, 1]);
    const nll = model.nll(x);
    const values = Array.from(await nll.data());
    tf.dispose([x, nll]);
    model.dispose();
    const mean = values.reduce((a, b) => a + b, 0) / NLL_DIGITS;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (NLL_DIGITS - 1));
    // the first 100 of the 1,000 digits behind meta.json: a subset's mean within four standard errors of the whole's
    expect(mean).to.be.closeTo(quality.testNll, 4 * sd * Math.sqrt(1 / NLL_DIGITS - 1 / 1000));
  });
});

describe('<gan-interpolator> on the shipped DCGAN shows the lecture\'s two figures', function () {
  const look = useShippedJudge(useTestBackend);

  it('interpolation: the default endpoints are clear digits of two different classes', async () => {
    const el = document.createElement('gan-interpolator');
    el.setAttribute('loading', 'eager');
    const loaded = eventOnce(el, 'model-load');
    document.body.append(el);
    await loaded;
    const [za, zb] = el.endpoints!;
    const [a, b] = [await look(za), await look(zb)];
    expect(a.digit, `z_a is a ${a.digit}, z_b a ${b.digit}`).to.not.equal(b.digit);
    expect(a.p).to.be.at.least(0.9);
    expect(b.p).to.be.at.least(0.9);
    el.remove();
  });

  it('arithmetic="thickness": thick 7s − thin 7s + thin 0s is a 0, thicker by at least half of A − B', async () => {
    const el = document.createElement('gan-interpolator');
    el.setAttribute('loading', 'eager');
    el.setAttribute('arithmetic', 'thickness');
    const measured = eventOnce<CustomEvent>(el, 'arithmetic-preset');
    document.body.append(el);
    const r = (await measured).detail;
    expect(r.A).to.be.greaterThan(r.B);
    const { A, B, C } = el.groups;
    expect([A.length, B.length, C.length]).to.deep.equal([3, 3, 3]);
    for (const z of C) expect((await look(z)).digit).to.equal(0);
    for (const z of [...A, ...B]) expect((await look(z)).digit).to.equal(7);
    const meanC = (await Promise.all(C.map(look))).reduce((s, j) => s + j.thickness, 0) / C.length;
    // the shipped G is class-conditional (a 10-way code in z's first coordinates): A − B of 7s moves the style only
    const result = await look(latentArithmetic(A, B, C, 10));
    expect(result.digit, 'the result keeps C\'s class').to.equal(0);
    expect(result.p).to.be.at.least(0.9);
    expect(result.thickness - meanC, 'the result moves the thickness').to.be.at.least((r.A - r.B) / 2);
    expect(result.thickness).to.be.closeTo(r.result, 1e-6);
    expect(el.shadowRoot!.textContent).to.contain('stroke thickness: A');
    el.remove();
  });
});
