import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { causalMask, PixelCnn, PIXELCNN_SMALL, bitsPerDim } from '../../src/models/pixelcnn.js';
import { complete, createSampler, type PartialImage } from '../../src/models/pixelcnn-sampler.js';
import { knownMask } from '../../src/data/partial.js';
import { loadMnist, binarise } from '../../src/data/mnist.js';
import { shippedUrl } from '../../src/runtime/assets.js';
import { WeightsError } from '../../src/runtime/weights.js';
import { testBackend, useTestBackend } from '../helpers.js';

interface Parity { x: number[][]; logits: number[][]; nll: number[]; tolerance: number }

/** A seeded random {0, 1} image. */
function randomImage(seed: number, density = 0.3): Float32Array {
  let s = seed * 2654435761 + 1;
  return Float32Array.from({ length: 784 }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 < density ? 1 : 0;
  });
}

/**
 * Flips pixel i of `base` for each i in `positions` and returns, per position, the largest logit change at raster
 * positions ≤ i (must be 0: the masks are causal) and at i + 1 (should move: the model does look at the past).
 */
async function perturbation(model: PixelCnn, base: Float32Array, positions: number[]) {
  const batch = new Float32Array((positions.length + 1) * 784);
  batch.set(base);
  positions.forEach((p, k) => {
    batch.set(base, (k + 1) * 784);
    batch[(k + 1) * 784 + p] = 1 - base[p];
  });
  const logits = model.logits(tf.tensor2d(batch, [positions.length + 1, 784]));
  const values = await logits.data();
  logits.dispose();
  return positions.map((p, k) => {
    let past = 0;
    for (let j = 0; j <= p; j++) past = Math.max(past, Math.abs(values[(k + 1) * 784 + j] - values[j]));
    let future = 0;
    for (let j = p + 1; j < Math.min(784, p + 30); j++) future = Math.max(future, Math.abs(values[(k + 1) * 784 + j] - values[j]));
    return { position: p, past, future };
  });
}

describe('PixelCNN model', function () {
  let small: PixelCnn;
  let shipped: PixelCnn;
  let parity: Parity;
  before(async () => {
    await useTestBackend();
    small = PixelCnn.create(PIXELCNN_SMALL, 4);
    shipped = await PixelCnn.load(shippedUrl('pixelcnn-mnist/model.json'));
    parity = await (await fetch(shippedUrl('pixelcnn-mnist/parity.json'))).json();
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

  it('is causal: flipping pixel i changes no logit at positions ≤ i, and does change later ones (by perturbation)', async () => {
    const positions = [0, 13, 27, 28, 300, 405, 782];
    for (const model of [small, shipped]) {
      const results = await perturbation(model, randomImage(1), positions);
      for (const r of results) {
        expect(r.past, `pixel ${r.position} leaked into an earlier logit`).to.equal(0);
        expect(r.future, `pixel ${r.position} changed no later logit`).to.be.above(1e-4);
      }
    }
  });

  it('reads its shipped config and matches the PyTorch logits and NLLs on stored digits (parity)', async () => {
    expect(shipped.config).to.deep.equal({ hidden: 32, blocks: 7, head: 64, firstKernel: 7 });
    const x = tf.tensor2d(parity.x);
    const logits = shipped.logits(x);
    const nll = shipped.nll(x);
    const [l, n] = await Promise.all([logits.data(), nll.data()]);
    const ref = parity.logits.flat();
    expect(Math.max(...Array.from(l).map((v, i) => Math.abs(v - ref[i])))).to.be.below(parity.tolerance);
    Array.from(n).forEach((v, i) => expect(v).to.be.closeTo(parity.nll[i], 0.01));
    tf.dispose([x, logits, nll]);
  });

  it('claims a test NLL within the issue\'s bound, in nats and bits per dimension', async () => {
    const meta = await (await fetch(shippedUrl('pixelcnn-mnist/meta.json'))).json();
    expect(meta.quality.testNll).to.be.at.most(75);
    expect(meta.quality.testBitsPerDim).to.be.closeTo(bitsPerDim(meta.quality.testNll), 1e-4);
  });

  it('scores a held-out digit far better than a random scribble', async () => {
    const test = await loadMnist('test');
    const digit = binarise(test.pixels.subarray(0, 784));
    const x = tf.tensor2d([...digit, ...randomImage(9, 0.2)], [2, 784]);
    const nll = shipped.nll(x);
    const [d, s] = await nll.data();
    tf.dispose([x, nll]);
    expect(d).to.be.below(150);
    expect(s).to.be.above(d + 100);
  });

  it('lowers the NLL of a tiny batch over a few training steps, without leaking', async () => {
    const model = PixelCnn.create(PIXELCNN_SMALL, 2);
    const test = await loadMnist('test');
    const x = tf.tensor2d(binarise(test.pixels.subarray(0, 8 * 784)), [8, 784]);
    const trainer = model.createTrainer({ learningRate: 1e-2 });
    const first = trainer.step(x); // creates Adam's moment estimates, which the trainer keeps
    const losses: number[] = [(await first.data())[0]];
    first.dispose();
    const before = tf.memory().numTensors;
    for (let i = 1; i < 6; i++) {
      const loss = trainer.step(x);
      losses.push((await loss.data())[0]);
      loss.dispose();
    }
    expect(tf.memory().numTensors).to.equal(before);
    expect(losses[5]).to.be.below(losses[0] - 20);
    trainer.dispose();
    x.dispose();
    model.dispose();
  });

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
  async function partial(rows: number): Promise<PartialImage> {
    const test = await loadMnist('test');
    const pixels = binarise(test.pixels.subarray(784, 2 * 784));
    return { pixels, known: pixels.map((_, i) => (i < 784 - 28 * rows ? 1 : 0)) };
  }

  it('cached and naive samplers give the same completion for the same seed', async function () {
    const image = await partial(2);
    for (const temperature of testBackend === 'cpu' ? [1, 0.6] : [1]) {
      const before = tf.memory().numTensors;
      const fast = await complete(createSampler('cached', model, image, { samples: 2, seed: 7, temperature }));
      const naive = await complete(createSampler('naive', model, image, { samples: 2, seed: 7, temperature }));
      expect(tf.memory().numTensors, 'tensors left behind').to.equal(before);
      let differ = 0;
      let probability = 0;
      for (let i = 0; i < fast.pixels.length; i++) {
        if (fast.pixels[i] !== naive.pixels[i]) differ++;
        if (!Number.isNaN(fast.probabilities[i])) probability = Math.max(probability, Math.abs(fast.probabilities[i] - naive.probabilities[i]));
      }
      // On cpu the two are exactly equal; GPU backends may round a probability that sits on a uniform differently.
      expect(differ).to.be.at.most(testBackend === 'cpu' ? 0 : 1);
      expect(probability).to.be.below(testBackend === 'cpu' ? 1e-6 : 1e-3);
      expect(fast.passes, 'the cached sampler should need a pass per sampled pixel and one per given row').to.equal(2 * 28 + 26);
      expect(naive.passes).to.equal(2 * 28);
    }
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
