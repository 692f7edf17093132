import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { Vae, klDivergence, bernoulliNll } from '../../src/models/vae.js';
import { useTestBackend } from '../helpers.js';

describe('Vae', function () {
  before(async () => {
    await useTestBackend();
  });

  it('encodes to μ, log σ² and decodes to probabilities, in the right shapes', async () => {
    const before = tf.memory().numTensors;
    const vae = Vae.create({ hiddenUnits: [16], latentDim: 3 }, 1);
    const x = tf.randomUniform([5, 784]) as tf.Tensor2D;
    const { mu, logvar } = vae.encode(x);
    expect(mu.shape).to.deep.equal([5, 3]);
    expect(logvar.shape).to.deep.equal([5, 3]);
    const p = vae.decode(mu);
    expect(p.shape).to.deep.equal([5, 784]);
    const values = await p.data();
    expect(Math.min(...values)).to.be.at.least(0);
    expect(Math.max(...values)).to.be.at.most(1);
    tf.dispose([x, mu, logvar, p]);
    vae.dispose();
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('KL is 0 for the prior and matches the closed form', async () => {
    const zero = klDivergence(tf.zeros([1, 2]), tf.zeros([1, 2]));
    expect((await zero.data())[0]).to.be.closeTo(0, 1e-6);
    const kl = klDivergence(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, Math.log(4)]]));
    // ½(1 + 1 − 1 − 0) + ½(0 + 4 − 1 − ln 4)
    expect((await kl.data())[0]).to.be.closeTo(0.5 + 0.5 * (3 - Math.log(4)), 1e-4);
    tf.dispose([zero, kl]);
  });

  it('Bernoulli NLL equals −Σ log p for given logits', async () => {
    const x = tf.tensor2d([[1, 0, 1]]);
    const logits = tf.tensor2d([[2, -1, 0]]);
    const nll = bernoulliNll(x, logits);
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    const expected = -(Math.log(sig(2)) + Math.log(1 - sig(-1)) + Math.log(0.5));
    expect((await nll.data())[0]).to.be.closeTo(expected, 1e-4);
    tf.dispose([x, logits, nll]);
  });

  it('−ELBO is finite and falls over a few steps on a tiny batch', async () => {
    const vae = Vae.create({ hiddenUnits: [32], latentDim: 2 }, 3);
    const x = tf.tidy(() => tf.randomUniform([8, 784], 0, 1, 'float32', 5).greater(0.7).toFloat()) as tf.Tensor2D;
    const trainer = vae.createTrainer({ learningRate: 3e-3 });
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const { reconstruction, kl } = trainer.step(x);
      const [r, k] = [(await reconstruction.data())[0], (await kl.data())[0]];
      expect(Number.isFinite(r) && Number.isFinite(k)).to.equal(true);
      expect(k).to.be.at.least(0);
      losses.push(k - r);
      tf.dispose([reconstruction, kl]);
      if (i === 0) expect(tf.memory().numTensors - before).to.be.lessThan(3 * vae.network.trainableWeights.length + 4);
    }
    expect(losses[losses.length - 1]).to.be.lessThan(losses[0] * 0.9);
    trainer.dispose();
    vae.dispose();
    x.dispose();
  });

  it('save → load round trip keeps the outputs', async () => {
    const vae = Vae.create({ hiddenUnits: [8], latentDim: 2 }, 4);
    let saved: tf.io.ModelArtifacts | undefined;
    await vae.save(tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const copy = await Vae.load(tf.io.fromMemory(saved!));
    const z = tf.tensor2d([[0.5, -1], [2, 0]]);
    const [a, b] = [vae.decode(z), copy.decode(z)];
    const diff = tf.tidy(() => a.sub(b).abs().max());
    expect((await diff.data())[0]).to.be.lessThan(1e-6);
    expect(copy.config).to.deep.equal(vae.config);
    tf.dispose([z, a, b, diff]);
    vae.dispose();
    copy.dispose();
  });
  it('β weights the KL term: trained from the same start, β = 10 ends with a smaller KL than β = 0', async () => {
    const x = tf.tidy(() => tf.randomUniform([16, 784], 0, 1, 'float32', 6).greater(0.7).toFloat()) as tf.Tensor2D;
    const kls: number[] = [];
    for (const beta of [0, 10]) {
      const vae = Vae.create({ hiddenUnits: [32], latentDim: 2 }, 7);
      const trainer = vae.createTrainer({ learningRate: 3e-3, beta });
      for (let i = 0; i < 25; i++) tf.dispose(Object.values(trainer.step(x)));
      const terms = vae.elboTerms(x, 1);
      kls.push((await terms.kl.data())[0]);
      tf.dispose([terms.kl, terms.reconstruction]);
      trainer.dispose();
      vae.dispose();
    }
    expect(kls[1]).to.be.below(kls[0]);
    x.dispose();
  });
});
