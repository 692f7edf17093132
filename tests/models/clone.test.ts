import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { Dcgan } from '../../src/models/dcgan.js';
import { PixelCnn } from '../../src/models/pixelcnn.js';
import { Vae } from '../../src/models/vae.js';
import { decodeStored } from '../../src/models/host-weights.js';
import { useTestBackend } from '../helpers.js';

const values = async (ts: tf.Tensor[]) => Promise.all(ts.map(async (t) => Array.from(await t.data())));

/** A model's clone (what an element trains when its loaded model is shared) and how it gets its weights. */
describe('model clones', function () {
  this.timeout(120_000);
  before(async () => {
    await useTestBackend();
  });

  const families = {
    dcgan: () => Dcgan.create({ zDim: 8, filters: 4 }, 1),
    vae: () => Vae.create({ latentDim: 2, hiddenUnits: [16] }, 1),
    pixelcnn: () => PixelCnn.create({ hidden: 4, blocks: 1, head: 4, firstKernel: 3 }, 1),
  };
  for (const [name, make] of Object.entries(families)) {
    it(`${name}: the same weights, its own once it trains, and saves as a plain model`, async () => {
      const before = tf.memory().numTensors;
      const source = make();
      const copy = source.clone();
      const original = await values(source.network.getWeights());
      expect(await values(copy.network.getWeights())).to.deep.equal(original);
      // the copy's weights are its own: changing them leaves the source as it was
      for (const w of copy.network.trainableWeights) {
        const ones = tf.onesLike(w.read());
        w.write(ones);
        ones.dispose();
      }
      expect(await values(source.network.getWeights())).to.deep.equal(original);
      expect(await values(copy.network.trainableWeights.map((w) => w.read()))).to.not.deep.equal(await values(source.network.trainableWeights.map((w) => w.read())));
      // and the copy's model.json names only tfjs's own initializers (loadable by any tfjs page)
      const saved = JSON.stringify(copy.network.toJSON(null, false));
      const initializers = [...saved.matchAll(/"(?:kernel|bias)_initializer":\{"class_name":"(\w+)"/g)].map((m) => m[1]);
      expect(initializers.length).to.be.greaterThan(0);
      for (const c of initializers) expect(['Zeros', 'GlorotUniform', 'VarianceScaling']).to.include(c);
      source.dispose();
      copy.dispose();
      expect(tf.memory().numTensors).to.equal(before);
    });
  }

  it('the page decodes stored weights as tfjs does (float16 with its special values, uint8 and uint16 quantisation, float32 at any offset)', async () => {
    // every float16 bit pattern: zeros, subnormals, normals, infinities, NaNs
    const halves = new Uint16Array(65536).map((_, i) => i);
    const spec = (dtype: 'float16' | 'uint8' | 'uint16' | undefined, n: number, extra = {}) =>
      ({ name: 'w', shape: [n], dtype: 'float32' as const, ...(dtype ? { quantization: { dtype, ...extra } } : {}) });
    const cases: [ArrayBuffer, ReturnType<typeof spec>][] = [
      [halves.buffer, spec('float16', 65536)],
      [new Uint8Array(256).map((_, i) => i).buffer, spec('uint8', 256, { scale: 0.25, min: -3 })],
      [new Uint16Array(1000).map((_, i) => i * 65).buffer, spec('uint16', 1000, { scale: 0.001, min: 1 })],
      [new Float32Array([1.5, -2, 3e-40, Infinity]).buffer, spec(undefined, 4)],
    ];
    for (const [buffer, s] of cases) {
      const ours = decodeStored(buffer, 0, s.shape[0], s.quantization as never)!;
      const theirs = tf.io.decodeWeights(buffer, [s as tf.io.WeightsManifestEntry]).w;
      const expected = Array.from(await theirs.data());
      theirs.dispose();
      expect(ours.length, s.quantization?.dtype ?? 'float32').to.equal(expected.length);
      for (let i = 0; i < expected.length; i++) {
        if (!Object.is(ours[i], expected[i]) && !(Number.isNaN(ours[i]) && Number.isNaN(expected[i]))) {
          expect.fail(`${s.quantization?.dtype ?? 'float32'} value ${i}: ${ours[i]}, tfjs ${expected[i]}`);
        }
      }
    }
    // a weight at an odd byte offset (after a uint8 weight) decodes from a copy of its bytes
    const bytes = new Uint8Array(1 + 8);
    bytes.set(new Uint8Array(new Float32Array([0.5, -7]).buffer), 1);
    expect(Array.from(decodeStored(bytes.buffer, 1, 2)!)).to.deep.equal([0.5, -7]);
  });
});
