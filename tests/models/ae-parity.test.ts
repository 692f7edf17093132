import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { Vae } from '../../src/models/vae.js';
import { shippedUrl } from '../../src/runtime/assets.js';
import { useTestBackend } from '../helpers.js';
import { loadMnist, binarise } from '../../src/data/mnist.js';
import { WeightsError } from '../../src/runtime/weights.js';

interface Parity { x: number[][]; z: number[][]; mu: number[][]; logits: number[][]; tolerance: number }

describe('shipped autoencoder weights (the step before the VAE)', function () {
  this.timeout(300_000);
  let ae: Vae;
  let parity: Parity;
  before(async () => {
    await useTestBackend();
    ae = await Vae.load(shippedUrl('ae-mnist/model.json'), { variational: false });
    parity = await (await fetch(shippedUrl('ae-mnist/parity.json'))).json();
  });
  after(() => ae.dispose());

  const maxDiff = async (t: tf.Tensor, ref: number[][]) => {
    const values = await t.data();
    return Math.max(...Array.from(values).map((v, i) => Math.abs(v - ref.flat()[i])));
  };

  it('is a deterministic 2-D code of the VAE\'s shape: one code layer, no log σ²', () => {
    expect(ae.variational).to.equal(false);
    expect(ae.config.latentDim).to.equal(2);
    const names = ae.network.layers.map((l) => l.name);
    expect(names).to.include.members(['encoder_code', 'decoder_logits']).and.not.include('encoder_logvar');
  });

  it('matches the PyTorch reference outputs on stored inputs (parity)', async () => {
    const x = tf.tensor2d(parity.x);
    const z = tf.tensor2d(parity.z);
    const { mu, logvar } = ae.encode(x);
    const logits = ae.decodeLogits(z);
    expect(await maxDiff(mu, parity.mu)).to.be.below(parity.tolerance);
    expect(Array.from(await logvar.data()).every((v) => v === -Infinity)).to.equal(true); // σ = 0: a point
    expect(await maxDiff(logits, parity.logits)).to.be.below(parity.tolerance);
    tf.dispose([x, z, mu, logvar, logits]);
  });

  it('reaches the test reconstruction error its meta.json claims, on the 1,000 held-out digits', async () => {
    const meta = await (await fetch(shippedUrl('ae-mnist/meta.json'))).json();
    const test = await loadMnist('test');
    const x = tf.tensor2d(binarise(test.pixels), [test.count, 784]);
    const { reconstruction, kl } = ae.elboTerms(x);
    expect((await kl.data())[0]).to.equal(0);
    expect(-(await reconstruction.data())[0]).to.be.closeTo(meta.quality.testReconstruction, 0.05);
    tf.dispose([x, reconstruction, kl]);
  });

  it('refuses VAE weights when an autoencoder is asked for, and the reverse, with a message naming the fix', async () => {
    let error: unknown;
    try { await Vae.load(shippedUrl('vae-mnist/model.json'), { variational: false }); } catch (e) { error = e; }
    expect(error).to.be.instanceOf(WeightsError);
    expect(String((error as Error).message)).to.contain('holds a VAE, not an autoencoder').and.contain('model="vae"');
    error = undefined;
    try { await Vae.load(shippedUrl('ae-mnist/model.json'), { variational: true }); } catch (e) { error = e; }
    expect(String((error as Error).message)).to.contain('holds an autoencoder, not a VAE').and.contain('model="autoencoder"');
  });

  it('has codes no prior holds: their median distance from the origin is several times the VAE\'s means\' (no KL pulls them in)', async () => {
    const test = await loadMnist('test');
    const vae = await Vae.load(shippedUrl('vae-mnist/model.json'));
    const x = tf.tensor2d(binarise(test.pixels), [test.count, 784]);
    const medianRadius = async (m: Vae) => {
      const { mu, logvar } = m.encode(x);
      const v = await mu.data();
      tf.dispose([mu, logvar]);
      const r = Array.from({ length: test.count }, (_, i) => Math.hypot(v[2 * i], v[2 * i + 1])).sort((a, b) => a - b);
      return r[test.count >> 1];
    };
    const [vaeR, aeR] = [await medianRadius(vae), await medianRadius(ae)];
    expect(vaeR).to.be.within(0.3, 3); // the prior's scale
    expect(aeR).to.be.above(3 * vaeR);
    x.dispose();
    vae.dispose();
  });
});
