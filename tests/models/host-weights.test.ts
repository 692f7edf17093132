import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { Vae } from '../../src/models/vae.js';
import { hostCopy, keepHostCopy } from '../../src/models/host-weights.js';
import { shippedUrl } from '../../src/runtime/assets.js';
import { useTestBackend } from '../helpers.js';

/** The page's CPU-side copies of weights (handed to a training worker instead of a read-back from the GPU). */
describe('host copies of weights', function () {
  before(async () => {
    await useTestBackend();
  });

  it('are the loaded weights, follow a clone, and drop a weight that trains', async () => {
    const vae = await Vae.load(shippedUrl('vae-mnist/model.json'));
    const copy = vae.clone(3);
    const trainer = copy.createTrainer();
    try {
      const weights = vae.network.getWeights();
      for (const [i, w] of weights.entries()) {
        const kept = hostCopy(tf, w);
        expect(kept, `weight ${i}`).to.be.instanceOf(Float32Array);
        expect(Array.from(kept!)).to.deep.equal(Array.from(await w.data())); // exactly the tensor's values
      }
      // a clone shares the loaded data until it trains
      copy.network.getWeights().forEach((w, i) => expect(hostCopy(tf, w)).to.equal(hostCopy(tf, weights[i])));
      const x = tf.tidy(() => tf.randomUniform([8, 784]).greater(0.5).cast('float32')) as tf.Tensor2D;
      const terms = trainer.step(x);
      tf.dispose([x, terms.reconstruction, terms.kl]);
      const trained = copy.network.trainableWeights.map((w) => w.read());
      trained.forEach((w, i) => expect(hostCopy(tf, w), `trainable weight ${i}`).to.equal(undefined));
      // the source keeps its copies
      for (const w of vae.network.getWeights()) expect(hostCopy(tf, w)).to.be.instanceOf(Float32Array);
    } finally {
      trainer.dispose();
      copy.dispose();
      vae.dispose();
    }
  });

  it('keep values recorded for a tensor only while it holds the same data', () => {
    const zeros = tf.zeros([3]);
    const v = tf.variable(zeros);
    zeros.dispose();
    const values = new Float32Array([0, 0, 0]);
    keepHostCopy(v, values);
    expect(hostCopy(tf, v)).to.equal(values);
    keepHostCopy(v, new Float32Array(2)); // the wrong size is not kept
    expect(hostCopy(tf, v)).to.equal(values);
    const ones = tf.ones([3]);
    v.assign(ones);
    ones.dispose();
    expect(hostCopy(tf, v)).to.equal(undefined);
    v.dispose();
  });
});
