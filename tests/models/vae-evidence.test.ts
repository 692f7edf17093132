import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { Vae } from '../../src/models/vae.js';
import { digitEvidence, gaussHermite, vaeEvidence } from '../../src/models/vae-evidence.js';
import { binarise, loadMnist } from '../../src/data/mnist.js';
import { itBackendIndependent, useTestBackend } from '../helpers.js';

interface EvidenceMeta {
  quality: { testNegLogPx: number; testNegElbo: number };
  evidence: { quadrature: { step: number; halvingMaxChange: number }; digits: { testIndex: number; logPx: number; elbo: number }[] };
}

const meta = (): Promise<EvidenceMeta> => fetch('/weights/vae-mnist/meta.json').then((r) => r.json() as Promise<EvidenceMeta>);

async function testDigits(indices: number[]): Promise<Float32Array> {
  const test = await loadMnist('test');
  const all = binarise(test.pixels), out = new Float32Array(784 * indices.length);
  indices.forEach((d, i) => out.set(all.subarray(784 * d, 784 * (d + 1)), 784 * i));
  return out;
}

/** A VAE whose decoder ignores z: p(x|z) is one distribution, so p(x) = p(x|z) and p(z|x) = p(z) exactly. */
function blindDecoderVae(): Vae {
  const vae = Vae.create({ hiddenUnits: [16], latentDim: 2 }, 4);
  const layer = vae.network.getLayer('decoder_hidden_1');
  const [kernel, bias] = layer.getWeights(); // the layer's own variables: not ours to dispose
  const blind = [tf.zerosLike(kernel), tf.onesLike(bias)];
  layer.setWeights(blind);
  tf.dispose(blind);
  return vae;
}

describe('log p(x) by quadrature, the ELBO and their gap (vae-evidence)', function () {
  this.timeout(600_000);
  before(async () => {
    await useTestBackend();
  });

  itBackendIndependent('Gauss–Hermite nodes integrate polynomials against N(0, 1) exactly', () => {
    const { nodes, weights } = gaussHermite(20);
    const moment = (k: number) => nodes.reduce((s, t, i) => s + (weights[i] / Math.sqrt(Math.PI)) * (Math.SQRT2 * t) ** k, 0);
    expect(moment(0)).to.be.closeTo(1, 1e-12);
    expect(moment(1)).to.be.closeTo(0, 1e-12);
    expect(moment(2)).to.be.closeTo(1, 1e-12);
    expect(moment(4)).to.be.closeTo(3, 1e-10);
    expect(moment(8)).to.be.closeTo(105, 1e-7);
  });

  it('when the decoder ignores z, log p(x) = log p(x|z) and the gap is KL(q ‖ prior), exactly', async () => {
    const before = tf.memory().numTensors;
    const vae = blindDecoderVae();
    const pixels = await testDigits([0, 1, 2]);
    // the joint is the prior times a constant: refine only the cells near the peak (the rest by the coarse rule)
    const ev = await vaeEvidence(tf, vae, pixels, 3, { step: 0.05, threshold: 3 });
    const x = tf.tensor2d(pixels, [3, 784]);
    const exactTensor = tf.tidy(() => {
      const logits = vae.decodeLogits(tf.zeros([3, 2]));
      return x.mul(logits).sum(1).sub(tf.softplus(logits).sum(1));
    });
    const exact = await exactTensor.data();
    exactTensor.dispose();
    for (let i = 0; i < 3; i++) {
      // the grid misses the prior's mass beyond |z| = 5: about 6·10⁻⁷ of it
      expect(ev.logPx[i]).to.be.closeTo(exact[i], 1e-3);
      expect(ev.reconstruction[i]).to.be.closeTo(exact[i], 1e-3);
      expect(ev.gap[i]).to.be.closeTo(ev.kl[i], 2e-3);
    }
    x.dispose();
    vae.dispose();
    expect(tf.memory().numTensors).to.equal(before);
  });

  it("the posterior map of a digit holds the posterior's mass, and the ELBO stays below log p(x)", async () => {
    const vae = await Vae.load('/weights/vae-mnist/model.json');
    const before = tf.memory().numTensors;
    const pixels = await testDigits([3]);
    const { evidence, posterior } = await digitEvidence(tf, vae, pixels, { step: 0.025, size: 48 });
    expect(tf.memory().numTensors).to.equal(before);
    const cell = (posterior.window.x1 - posterior.window.x0) / posterior.size;
    const mass = posterior.density.reduce((s, v) => s + v, 0) * cell * cell;
    expect(mass).to.be.closeTo(1, 0.02);
    expect(evidence.gap[0]).to.be.at.least(0);
    expect(evidence.elbo[0]).to.be.below(evidence.logPx[0]);
    // q's mean lies inside the window, where the posterior lives
    const { x0, x1, y0, y1 } = posterior.window;
    expect(evidence.mu[0]).to.be.within(x0, x1);
    expect(evidence.mu[1]).to.be.within(y0, y1);
    vae.dispose();
  });

  itBackendIndependent("the shipped VAE's log p(x) and ELBO match tools/vae_evidence.py for meta.json's digits", async () => {
    const { evidence } = await meta();
    const vae = await Vae.load('/weights/vae-mnist/model.json');
    const indices = evidence.digits.map((d) => d.testIndex);
    const ev = await vaeEvidence(tf, vae, await testDigits(indices), indices.length);
    evidence.digits.forEach((d, i) => {
      expect(ev.logPx[i], `log p(x) of test digit ${d.testIndex}`).to.be.closeTo(d.logPx, 0.02);
      expect(ev.elbo[i], `ELBO of test digit ${d.testIndex}`).to.be.closeTo(d.elbo, 0.02);
      expect(ev.gap[i]).to.be.at.least(0);
    });
    vae.dispose();
  });

  itBackendIndependent('halving the grid step changes log p(x) by less than 0.01 nats, also for the tightest posterior', async () => {
    const { evidence } = await meta();
    const vae = await Vae.load('/weights/vae-mnist/model.json');
    // meta.json lists the first digits, the one with the smallest σ and the one with the widest gap
    const indices = evidence.digits.map((d) => d.testIndex);
    const pixels = await testDigits(indices);
    const step = evidence.quadrature.step;
    const [at, halved] = [await vaeEvidence(tf, vae, pixels, indices.length, { step }), await vaeEvidence(tf, vae, pixels, indices.length, { step: step / 2 })];
    indices.forEach((d, i) => expect(Math.abs(halved.logPx[i] - at.logPx[i]), `test digit ${d}`).to.be.below(0.01));
    vae.dispose();
  });
});
