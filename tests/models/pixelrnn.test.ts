import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { PixelRnn, PIXELRNN_SMALL, rowMask } from '../../src/models/pixelrnn.js';
import { PixelCnn, PIXELCNN_SMALL } from '../../src/models/pixelcnn.js';
import { complete } from '../../src/models/pixelcnn-sampler.js';
import { createPixelSampler } from '../../src/models/pixel-models.js';
import { shippedUrl } from '../../src/runtime/assets.js';
import { WeightsError } from '../../src/runtime/weights.js';
import { testBackend, useTestBackend } from '../helpers.js';
import { autoregressiveModelTests, expectSameCompletion, partialDigit } from './autoregressive-suite.js';

/** A model.json + weights of a small PixelRNN, saved to memory, with `edit` applied to its weight specs. */
async function edited(edit: (specs: tf.io.WeightsManifestEntry[]) => tf.io.WeightsManifestEntry[]): Promise<tf.io.IOHandler> {
  const model = PixelRnn.create(PIXELRNN_SMALL, 1);
  let artifacts!: tf.io.ModelArtifacts;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  model.dispose();
  return tf.io.fromMemory({ ...artifacts, weightSpecs: edit(artifacts.weightSpecs!) });
}

describe('PixelRNN model (Row LSTM)', function () {
  let small: PixelRnn;
  let shipped: PixelRnn | undefined;
  before(async () => {
    await useTestBackend();
    small = PixelRnn.create(PIXELRNN_SMALL, 4);
    shipped = await PixelRnn.load(shippedUrl('pixelrnn-mnist/model.json'));
  });
  after(() => {
    small.dispose();
    shipped?.dispose();
  });

  it('masks the input-to-state convolution along the row: the centre and its left, never its right', () => {
    expect(rowMask(3)).to.deep.equal([1, 1, 0]);
    expect(rowMask(5)).to.deep.equal([1, 1, 1, 0, 0]);
  });

  it('has about as many parameters in its small configuration as the small PixelCNN (for the training race)', () => {
    const cnn = PixelCnn.create(PIXELCNN_SMALL, 1);
    const cnnParams = cnn.network.countParams();
    cnn.dispose();
    expect(small.parameters).to.be.within(cnnParams * 0.9, cnnParams * 1.1);
  });

  autoregressiveModelTests({ small: () => small, shipped: () => shipped!, folder: 'pixelrnn-mnist', bound: 72, create: (seed) => PixelRnn.create(PIXELRNN_SMALL, seed), batch: 4 });

  it('refuses weights of another model (the VAE, the PixelCNN) with a message that says so', async () => {
    for (const url of [shippedUrl('vae-mnist/model.json'), shippedUrl('pixelcnn-mnist/model.json')]) {
      let error: unknown;
      try {
        (await PixelRnn.load(url)).dispose();
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(WeightsError);
      expect((error as Error).message).to.contain('holds a different model').and.contain('PixelRNN');
    }
  });

  it('refuses a file whose LSTM weights are missing or misshapen, naming the weight', async () => {
    const missing = await edited((specs) => specs.filter((s) => s.name !== 'lstm_1/state_kernel'));
    const misshapen = await edited((specs) => specs.map((s) => (s.name === 'lstm_2/input_kernel' ? { ...s, shape: [1, 3, s.shape[2] / 2, 2 * s.shape[3]] } : s)));
    for (const [handler, name] of [[missing, 'lstm_1/state_kernel'], [misshapen, 'lstm_2/input_kernel']] as const) {
      const before = tf.memory().numTensors;
      let error: unknown;
      try {
        (await PixelRnn.load(handler)).dispose();
      } catch (e) {
        error = e;
      }
      expect(error, name).to.be.instanceOf(WeightsError);
      expect((error as Error).message).to.contain(name);
      expect(tf.memory().numTensors, 'tensors left behind by a failed load').to.equal(before);
    }
  });
});

describe('PixelRNN samplers', function () {
  let model: PixelRnn;
  before(async () => {
    await useTestBackend();
    model = PixelRnn.create(PIXELRNN_SMALL, 4);
  });
  after(() => model.dispose());

  const partial = partialDigit;

  it('the row-state sampler gives the same completion as the naive one for the same seed', async function () {
    for (const temperature of testBackend === 'cpu' ? [1, 0.6] : [1]) await expectSameCompletion(model, temperature);
  });

  it('never changes a known pixel, and frees everything when disposed half-way', async () => {
    const image = await partial(2);
    const out = await complete(createPixelSampler('cached', model, image, { samples: 2, seed: 1 }));
    for (let s = 0; s < 2; s++) for (let i = 0; i < 784; i++) if (image.known[i]) expect(out.pixels[s * 784 + i]).to.equal(image.pixels[i]);
    const before = tf.memory().numTensors;
    const sampler = createPixelSampler('cached', model, await partial(3), { samples: 2 });
    for (let i = 0; i < 40; i++) await sampler.step();
    expect(sampler.sampled).to.be.above(0);
    sampler.dispose();
    expect(tf.memory().numTensors).to.equal(before);
  });
});
