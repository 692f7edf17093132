import { expect } from '@esm-bundle/chai';
import { loadMnist, binarise } from '../../src/data/mnist.js';
import { decodeSprite } from '../../src/data/sprite.js';
import { shippedUrl } from '../../src/runtime/assets.js';

interface MnistMeta { split: { train: number; test: number }; checks: { testFirstDigitSum: number; testSum: number; trainSum: number } }

const byteSum = (pixels: Float32Array) => pixels.reduce((n, v) => n + Math.round(v * 255), 0);

describe('shipped MNIST', () => {
  let meta: MnistMeta;
  before(async () => {
    meta = await (await fetch(shippedUrl('mnist/meta.json'))).json();
  });

  it('decodes the 1,000 held-out digits exactly as packed', async () => {
    const test = await loadMnist('test');
    expect(test.count).to.equal(meta.split.test);
    expect(test.pixels.length).to.equal(1000 * 784);
    expect(byteSum(test.pixels.subarray(0, 784))).to.equal(meta.checks.testFirstDigitSum);
    expect(byteSum(test.pixels)).to.equal(meta.checks.testSum);
    expect(Math.max(...test.labels)).to.equal(9);
    const counts = new Array(10).fill(0);
    test.labels.forEach((l) => counts[l]++);
    for (const c of counts) expect(c).to.be.within(60, 140); // every class present, roughly balanced
  });

  it('decodes the 9,000 training digits and shares one copy', async () => {
    const [a, b] = await Promise.all([loadMnist('train'), loadMnist('train')]);
    expect(a).to.equal(b);
    expect(a.count).to.equal(meta.split.train);
    expect(byteSum(a.pixels)).to.equal(meta.checks.trainSum);
  });

  it('binarises at 0.5', () => {
    expect(Array.from(binarise(new Float32Array([0, 0.5, 0.51, 1])))).to.deep.equal([0, 0, 1, 1]);
  });

  it('names the problem when a sprite is missing or has the wrong tile size', async () => {
    let error = '';
    await decodeSprite(shippedUrl('mnist/nope.png'), 28).catch((e: Error) => (error = e.message));
    expect(error).to.match(/nope\.png returned 404/);
    await decodeSprite(shippedUrl('mnist/test.png'), 27).catch((e: Error) => (error = e.message));
    expect(error).to.match(/not a grid of 27×27 tiles/);
    await decodeSprite(shippedUrl('mnist/labels.json'), 28).catch((e: Error) => (error = e.message));
    expect(error).to.match(/not an image/);
  });
});
