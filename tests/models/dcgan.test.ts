import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { Dcgan, discriminatorLoss, minimaxGeneratorLoss, nonSaturatingGeneratorLoss } from '../../src/models/dcgan.js';
import { DigitClassifier } from '../../src/models/classifier.js';
import { codeCategory, LatentCode } from '../../src/models/latent-code.js';
import { useTestBackend } from '../helpers.js';

const small = { zDim: 8, filters: 4 };
/** Σ g² over every gradient, summed per tensor on the device and across tensors here. */
const sumSquares = async (grads: tf.NamedTensorMap) => {
  let total = 0;
  for (const g of Object.values(grads)) {
    const s = tf.tidy(() => g.square().sum());
    total += (await s.data())[0];
    s.dispose();
  }
  return total;
};

describe('Dcgan', function () {
  before(async () => {
    await useTestBackend();
  });

  it('G maps z to 28×28 images in [0, 1] and D gives one logit per image', async () => {
    const before = tf.memory().numTensors;
    const gan = Dcgan.create(small, 1);
    const z = tf.randomNormal([3, 8]) as tf.Tensor2D;
    const images = gan.samples(z);
    expect(images.shape).to.deep.equal([3, 28, 28, 1]);
    const v = await images.data();
    expect(Math.min(...v)).to.be.at.least(0);
    expect(Math.max(...v)).to.be.at.most(1);
    const scaled = tf.tidy(() => images.mul(2).sub(1)) as tf.Tensor4D;
    const logits = gan.discriminate(scaled);
    expect(logits.shape).to.deep.equal([3, 1]);
    tf.dispose([z, images, scaled, logits]);
    gan.dispose();
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('the losses match their formulas', async () => {
    const real = tf.tensor2d([[2], [0]]), fake = tf.tensor2d([[-1], [1]]);
    const sp = (x: number) => Math.log1p(Math.exp(x));
    const d = discriminatorLoss(real, fake), ns = nonSaturatingGeneratorLoss(fake), mm = minimaxGeneratorLoss(fake);
    expect((await d.data())[0]).to.be.closeTo((sp(-2) + sp(0)) / 2 + (sp(-1) + sp(1)) / 2, 1e-4);
    expect((await ns.data())[0]).to.be.closeTo((sp(1) + sp(-1)) / 2, 1e-4);
    expect((await mm.data())[0]).to.be.closeTo(-(sp(-1) + sp(1)) / 2, 1e-4);
    tf.dispose([real, fake, d, ns, mm]);
  });

  it('one training step (k = 2) changes both nets and keeps every figure finite, without leaks', async () => {
    const gan = Dcgan.create(small, 2);
    const trainer = gan.createTrainer({ dSteps: 2, learningRateD: 1e-2, learningRateG: 1e-2, seed: 1 });
    const snapshot = () => gan.network.getWeights().map((w) => w.clone());
    const [before, tensorsBefore] = [snapshot(), tf.memory().numTensors];
    let batches = 0;
    const result = trainer.step(() => {
      batches++;
      return tf.randomUniform([4, 28, 28, 1], -1, 1) as tf.Tensor4D;
    });
    expect(batches).to.equal(2);
    const figures = await Promise.all([result.dLoss, result.gLoss, result.dReal, result.dFake].map(async (t) => (await t.data())[0]));
    for (const f of figures) expect(Number.isFinite(f)).to.equal(true);
    expect(figures[2]).to.be.within(0, 1);
    tf.dispose(Object.values(result));
    const after = gan.network.getWeights();
    const changed = await Promise.all(gan.network.layers.filter((l) => l.getWeights().length).map(async (layer) => {
      const i = gan.network.getWeights().indexOf(layer.getWeights()[0]);
      const diff = tf.tidy(() => after[i].sub(before[i]).abs().max());
      const v = (await diff.data())[0];
      diff.dispose();
      return [layer.name, v] as const;
    }));
    for (const [name, v] of changed) expect(v, name).to.be.greaterThan(0);
    tf.dispose(before);
    // only the optimizers' slots (2 per weight, 2 optimizers' counters) may remain
    expect(tf.memory().numTensors - tensorsBefore).to.be.at.most(2 * gan.network.trainableWeights.length + 4);
    trainer.dispose();
    gan.dispose();
  });

  it('the minimax loss gives G vanishing gradients where D rejects its fakes; non-saturating does not', async () => {
    const gan = Dcgan.create(small, 3);
    const bias = gan.discriminator.getLayer('d_logit');
    const [kernel] = bias.getWeights();
    // D(G(z)) ≈ 0.0003 for every fake (a small kernel keeps each logit near the bias, whatever G draws): D
    // confidently calls every fake fake
    const weak = tf.tidy(() => kernel.mul(0.01));
    bias.setWeights([weak, tf.tensor1d([-8])]);
    weak.dispose();
    const trainer = gan.createTrainer();
    const z = tf.randomNormal([16, 8], 0, 1, 'float32', 5) as tf.Tensor2D;
    const ns = trainer.generatorGradients(z, 'non-saturating');
    const mm = trainer.generatorGradients(z, 'minimax');
    const [nsNorm, mmNorm] = [await sumSquares(ns), await sumSquares(mm)];
    expect(nsNorm).to.be.greaterThan(0);
    expect(Math.sqrt(mmNorm)).to.be.below(0.05 * Math.sqrt(nsNorm));
    tf.dispose([z, ns, mm]);
    trainer.dispose();
    gan.dispose();
  });

  for (const [depth, code] of [[3, 0], [2, 0], [3, 4]] as const) {
    it(`save → load round trip keeps G(z), the depth (${depth}) and the code (${code})`, async () => {
      const gan = Dcgan.create({ ...small, depth, code, codeTau: 0.25 }, 4);
      expect(gan.network.layers.some((l) => l.name === 'd_conv_3')).to.equal(depth === 3);
      let saved: tf.io.ModelArtifacts | undefined;
      await gan.save(tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }));
      const copy = await Dcgan.load(tf.io.fromMemory(saved!));
      expect(copy.config).to.deep.equal({ ...small, depth, code, codeTau: code ? 0.25 : 0.1 });
      const z = tf.randomNormal([2, 8], 0, 1, 'float32', 9) as tf.Tensor2D;
      const [a, b] = [gan.samples(z), copy.samples(z)];
      const diff = tf.tidy(() => a.sub(b).abs().max());
      expect((await diff.data())[0]).to.be.below(1e-5);
      tf.dispose([z, a, b, diff]);
      gan.dispose();
      copy.dispose();
    });
  }

  it('a code read from z: G sees softmax(z[:k] / τ) and z[k:] as they are; the category is the argmax', async () => {
    const layer = new LatentCode({ code: 3, tau: 0.5 });
    const z = tf.tensor2d([[1, 2, 0, 5, -1], [0, 0, 3, 0.5, 7]]);
    const out = layer.apply(z) as tf.Tensor2D;
    const v = Array.from(await out.data());
    const soft = (r: number[]) => { const e = r.map((x) => Math.exp(x / 0.5)); const s = e.reduce((a, b) => a + b); return e.map((x) => x / s); };
    const want = [...soft([1, 2, 0]), 5, -1, ...soft([0, 0, 3]), 0.5, 7];
    v.forEach((x, i) => expect(x).to.be.closeTo(want[i], 1e-5));
    const category = codeCategory(z, 3);
    expect(Array.from(await category.data())).to.deep.equal([1, 2]);
    expect(() => new LatentCode({ code: 1, tau: 0.1 })).to.throw(/code must be an integer >= 2/);
    tf.dispose([z, out, category]);
  });

  it('refuses a model of another shape with a readable error', async () => {
    let message = '';
    await Dcgan.load('/tests/fixtures/other-model/model.json').catch((e: Error) => (message = e.message));
    expect(message).to.match(/holds a different model .* a DCGAN here has inputs z/);
    await DigitClassifier.load('/weights/vae-mnist/model.json').catch((e: Error) => (message = e.message));
    expect(message).to.match(/holds a different model .* a digit classifier/);
  });
});
