import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { useTestBackend, testBackend } from '../helpers.js';

/** dL/dW for L = Σ conv2d(x, W) ⊙ dy, by the definition (NHWC, 'same' or 'valid' padding). */
function referenceFilterGradient(x: number[][][][], dy: number[][][][], kh: number, kw: number, stride: number, padTop: number, padLeft: number): number[] {
  const [n, h, w, ci] = [x.length, x[0].length, x[0][0].length, x[0][0][0].length];
  const [oh, ow, co] = [dy[0].length, dy[0][0].length, dy[0][0][0].length];
  const out = new Array(kh * kw * ci * co).fill(0);
  for (let b = 0; b < n; b++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
    for (let a = 0; a < kh; a++) for (let c = 0; c < kw; c++) {
      const y = i * stride + a - padTop, xx = j * stride + c - padLeft;
      if (y < 0 || xx < 0 || y >= h || xx >= w) continue;
      for (let p = 0; p < ci; p++) for (let q = 0; q < co; q++) out[((a * kw + c) * ci + p) * co + q] += x[b][y][xx][p] * dy[b][i][j][q];
    }
  }
  return out;
}

describe(`convolution filter gradients on ${testBackend} (composed kernel on wasm)`, () => {
  before(async () => {
    await useTestBackend();
  });

  for (const [stride, pad, kernel] of [[2, 'same', 4], [1, 'same', 3], [2, 'valid', 3]] as const) {
    it(`conv2d stride ${stride}, ${pad}, ${kernel}×${kernel}: dW matches the definition`, async () => {
      const before = tf.memory().numTensors;
      const x = tf.randomNormal([2, 7, 7, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomNormal([kernel, kernel, 3, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
      const out = tf.conv2d(x, w, stride, pad);
      const dy = tf.randomNormal(out.shape, 0, 1, 'float32', 3) as tf.Tensor4D;
      const dW = tf.grad((filter: tf.Tensor) => tf.conv2d(x, filter as tf.Tensor4D, stride, pad).mul(dy).sum())(w);
      expect(dW.shape).to.deep.equal(w.shape);
      const oh = out.shape[1];
      const totalPad = Math.max((oh - 1) * stride + kernel - 7, 0);
      const ref = referenceFilterGradient(await x.array(), await dy.array(), kernel, kernel, stride, Math.floor(totalPad / 2), Math.floor(totalPad / 2));
      const got = await dW.data();
      ref.forEach((v, i) => expect(got[i]).to.be.closeTo(v, 1e-3 * (1 + Math.abs(v))));
      tf.dispose([x, w, out, dy, dW]);
      expect(tf.memory().numTensors).to.equal(before);
    });
  }

  it('a transposed convolution (the generator’s layer) trains: its filter gradient is finite and non-zero', async () => {
    const z = tf.randomNormal([2, 7, 7, 4], 0, 1, 'float32', 4) as tf.Tensor4D;
    const w = tf.randomNormal([4, 4, 2, 4], 0, 1, 'float32', 5) as tf.Tensor4D;
    const dW = tf.grad((filter: tf.Tensor) => tf.conv2dTranspose(z, filter as tf.Tensor4D, [2, 14, 14, 2], 2, 'same').square().sum())(w);
    const v = await dW.data();
    expect(dW.shape).to.deep.equal([4, 4, 2, 4]);
    expect(v.every(Number.isFinite)).to.equal(true);
    expect(v.some((g) => g !== 0)).to.equal(true);
    tf.dispose([z, w, dW]);
  });
});
