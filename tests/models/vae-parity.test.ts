import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { Vae } from '../../src/models/vae.js';
import { shippedUrl } from '../../src/runtime/assets.js';
import { useTestBackend } from '../helpers.js';
import { loadMnist, binarise } from '../../src/data/mnist.js';

interface Parity { x: number[][]; z: number[][]; mu: number[][]; logvar: number[][]; logits: number[][]; tolerance: number }

describe('shipped VAE weights', function () {
  let vae: Vae;
  let parity: Parity;
  before(async () => {
    await useTestBackend();
    vae = await Vae.load(shippedUrl('vae-mnist/model.json'));
    parity = await (await fetch(shippedUrl('vae-mnist/parity.json'))).json();
  });
  after(() => vae.dispose());

  const maxDiff = async (t: tf.Tensor, ref: number[][]) => {
    const values = await t.data();
    return Math.max(...Array.from(values).map((v, i) => Math.abs(v - ref.flat()[i])));
  };

  it('is a 2-D latent VAE built by src/models/vae.ts', () => {
    expect(vae.config.latentDim).to.equal(2);
    expect(vae.network.layers.map((l) => l.name)).to.include.members(['encoder_mu', 'encoder_logvar', 'decoder_logits']);
  });

  it('matches the PyTorch reference outputs on stored inputs (parity)', async () => {
    const x = tf.tensor2d(parity.x);
    const z = tf.tensor2d(parity.z);
    const { mu, logvar } = vae.encode(x);
    const logits = vae.decoder.predict(z) as tf.Tensor;
    expect(await maxDiff(mu, parity.mu)).to.be.below(parity.tolerance);
    expect(await maxDiff(logvar, parity.logvar)).to.be.below(parity.tolerance);
    expect(await maxDiff(logits, parity.logits)).to.be.below(parity.tolerance);
    tf.dispose([x, z, mu, logvar, logits]);
  });

  it('reaches the test −ELBO its meta.json claims, on the 1,000 held-out digits', async () => {
    const meta = await (await fetch(shippedUrl('vae-mnist/meta.json'))).json();
    expect(meta.quality.testNegElbo).to.be.at.most(150);
    const test = await loadMnist('test');
    const x = tf.tensor2d(binarise(test.pixels), [test.count, 784]);
    const { reconstruction, kl } = vae.elboTerms(x, 2);
    const negElbo = (await kl.data())[0] - (await reconstruction.data())[0];
    // one estimate with 2 draws of z per digit: within a nat or two of the 100-draw figure
    expect(negElbo).to.be.closeTo(meta.quality.testNegElbo, 2);
    tf.dispose([x, reconstruction, kl]);
  });
});
