import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { Dcgan } from '../../src/models/dcgan.js';
import { DigitClassifier } from '../../src/models/classifier.js';
import { shippedUrl } from '../../src/runtime/assets.js';
import { loadMnist } from '../../src/data/mnist.js';
import { itBackendIndependent, useTestBackend } from '../helpers.js';

const json = async (path: string) => (await fetch(shippedUrl(path))).json();
const maxDiff = async (t: tf.Tensor, ref: number[][]) => {
  const values = await t.data();
  const flat = ref.flat();
  return Math.max(...Array.from(values).map((v, i) => Math.abs(v - flat[i])));
};

describe('shipped GAN weights', function () {
  before(async () => {
    await useTestBackend();
  });

  it('the DCGAN built by src/models/dcgan.ts matches PyTorch on stored inputs (parity)', async () => {
    const gan = await Dcgan.load(shippedUrl('dcgan-mnist/model.json'));
    const parity = await json('dcgan-mnist/parity.json');
    const meta = await json('dcgan-mnist/meta.json');
    expect(gan.config).to.deep.equal({
      zDim: meta.config.zDim, filters: meta.config.filters, depth: meta.config.depth ?? 2, code: meta.config.code ?? 0, codeTau: meta.config.codeTau ?? 0.1,
    });
    const z = tf.tensor2d(parity.z);
    const x = tf.tensor4d(parity.x.flat(), [parity.x.length, 28, 28, 1]);
    const images = gan.generator.predict(z) as tf.Tensor;
    const logits = gan.discriminate(x);
    expect(await maxDiff(images, parity.images)).to.be.below(parity.tolerance);
    expect(await maxDiff(logits, parity.logits)).to.be.below(parity.tolerance);
    tf.dispose([z, x, images, logits]);
    gan.dispose();
  });

  it('the classifier matches PyTorch (parity)', async () => {
    const classifier = await DigitClassifier.load(shippedUrl('classifier-mnist/model.json'));
    const parity = await json('classifier-mnist/parity.json');
    const x = tf.tensor4d(parity.x.flat(), [parity.x.length, 28, 28, 1]);
    const [logits, features] = classifier.network.predict(x) as tf.Tensor[];
    expect(await maxDiff(logits, parity.logits)).to.be.below(parity.tolerance);
    expect(await maxDiff(features, parity.features)).to.be.below(parity.tolerance);
    tf.dispose([x, logits, features]);
    classifier.dispose();
  });

  // parity above holds on every backend, so the accuracy is measured once (on wasm: SwiftShader's GPUs are slow)
  itBackendIndependent('the classifier is ≥ 98% accurate on the 1,000 held-out digits, as meta.json says', async () => {
    const classifier = await DigitClassifier.load(shippedUrl('classifier-mnist/model.json'));
    const test = await loadMnist('test');
    const predicted = tf.tidy(() => classifier.classify(tf.tensor4d(test.pixels, [test.count, 28, 28, 1])).argMax(1));
    const labels = await predicted.data();
    predicted.dispose();
    const accuracy = Array.from(labels).reduce((n, l, i) => n + (l === test.labels[i] ? 1 : 0), 0) / test.count;
    expect(accuracy).to.be.at.least(0.98);
    const meta = await json('classifier-mnist/meta.json');
    expect(accuracy).to.be.closeTo(meta.quality.testAccuracy, 0.002);
    classifier.dispose();
  });
});
