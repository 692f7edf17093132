import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { causalMask, PixelCnn, PIXELCNN_SMALL } from '../../src/models/pixelcnn.js';
import { complete, createSampler } from '../../src/models/pixelcnn-sampler.js';
import { knownMask } from '../../src/data/partial.js';
import { shippedUrl } from '../../src/runtime/assets.js';
import { WeightsError } from '../../src/runtime/weights.js';
import { testBackend, useTestBackend } from '../helpers.js';
import { autoregressiveModelTests, expectSameCompletion, partialDigit } from './autoregressive-suite.js';

describe('PixelCNN model', function () {
  let small: PixelCnn;
  let shipped: PixelCnn;
  before(async () => {
    await useTestBackend();
    small = PixelCnn.create(PIXELCNN_SMALL, 4);
    shipped = await PixelCnn.load(shippedUrl('pixelcnn-mnist/model.json'));
  });
  after(() => {
    small.dispose();
    shipped.dispose();
  });

  it('builds masks A and B: nothing below the centre row or right of the centre; B keeps the centre, A does not', () => {
    const a = causalMask(3, 'A');
    const b = causalMask(3, 'B');
    expect(a).to.deep.equal([1, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(b).to.deep.equal([1, 1, 1, 1, 1, 0, 0, 0, 0]);
    const a7 = causalMask(7, 'A');
    expect(a7.reduce((x, y) => x + y, 0)).to.equal(24); // 3 full rows of 7 and 3 to the left
    expect(a7[3 * 7 + 3]).to.equal(0);
  });

  autoregressiveModelTests({ small: () => small, shipped: () => shipped, folder: 'pixelcnn-mnist', bound: 75, create: (seed) => PixelCnn.create(PIXELCNN_SMALL, seed), batch: 8 });

  it('refuses weights of another model with a message that says so', async () => {
    for (const url of [shippedUrl('vae-mnist/model.json'), new URL('/tests/fixtures/other-model/model.json', location.href).href]) {
      let error: unknown;
      try {
        (await PixelCnn.load(url)).dispose();
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(WeightsError);
      expect((error as Error).message).to.contain('holds a different model').and.contain('PixelCNN');
    }
  });
});

describe('PixelCNN samplers', function () {
  let model: PixelCnn;
  before(async () => {
    await useTestBackend();
    model = PixelCnn.create(PIXELCNN_SMALL, 4);
  });
  after(() => model.dispose());

  /** A real digit with only its last `rows` rows hidden (small workloads on software GPUs). */
  const partial = partialDigit;

  it('cached and naive samplers give the same completion for the same seed', async function () {
    for (const temperature of testBackend === 'cpu' ? [1, 0.6] : [1]) await expectSameCompletion(model, temperature);
  });

  it('never changes a known pixel, draws different samples, and is deterministic at temperature 0', async () => {
    const image = await partial(2);
    const warm = await complete(createSampler('cached', model, image, { samples: 3, seed: 1 }));
    for (let s = 0; s < 3; s++) {
      for (let i = 0; i < 784; i++) if (image.known[i]) expect(warm.pixels[s * 784 + i]).to.equal(image.pixels[i]);
    }
    const hidden = (c: typeof warm, s: number) => Array.from(c.pixels.subarray(s * 784 + 728, (s + 1) * 784)).join('');
    expect(new Set([0, 1, 2].map((s) => hidden(warm, s))).size, 'three samples at T=1 were identical').to.be.above(1);
    const a = await complete(createSampler('cached', model, image, { samples: 2, seed: 1, temperature: 0 }));
    const b = await complete(createSampler('cached', model, image, { samples: 2, seed: 99, temperature: 0 }));
    expect(hidden(a, 0)).to.equal(hidden(a, 1));
    expect(hidden(a, 0)).to.equal(hidden(b, 0));
  });

  it('completes a random mask, conditioning only on earlier pixels', async () => {
    const image = await partial(28);
    const known = knownMask('random', 3);
    // only the last three rows hidden at random, to keep the work small
    const mask = known.map((k, i) => (i < 784 - 84 ? 1 : k));
    const before = tf.memory().numTensors;
    const out = await complete(createSampler('cached', model, { pixels: image.pixels, known: mask }, { samples: 1, seed: 2 }));
    expect(tf.memory().numTensors).to.equal(before);
    for (let i = 0; i < 784; i++) {
      if (mask[i]) expect(out.pixels[i]).to.equal(image.pixels[i] > 0.5 ? 1 : 0);
      else expect(out.probabilities[i]).to.be.within(0, 1);
    }
  });

  it('frees everything when disposed half-way', async () => {
    const image = await partial(3);
    const before = tf.memory().numTensors;
    const sampler = createSampler('cached', model, image, { samples: 2 });
    for (let i = 0; i < 40; i++) await sampler.step();
    expect(sampler.sampled).to.be.above(0);
    sampler.dispose();
    expect(tf.memory().numTensors).to.equal(before);
  });
});
