import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { useTestBackend, testBackend } from '../helpers.js';

// On wasm these exercise src/runtime/wasm-kernels.ts (filter and input gradients composed of fast convolutions,
// Tile as block copies, single matMuls as 1×1 convolutions); on the other backends, tfjs's own kernels. Each result
// is checked against the definition, computed here in plain JavaScript.

type Pad = 'same' | 'valid' | number;
interface Case { stride: number; pad: Pad; kernel: number; size: number; inC: number; outC: number }

/** TensorFlow's padding for a conv of `size` → `out` rows: the top (or left) share of the total. */
function padBefore(size: number, out: number, stride: number, kernel: number, pad: Pad): number {
  if (typeof pad === 'number') return pad;
  if (pad === 'valid') return 0;
  return Math.floor(Math.max((out - 1) * stride + kernel - size, 0) / 2);
}

/** dL/dW for L = Σ conv2d(x, W) ⊙ dy, by the definition (NHWC). */
function referenceFilterGradient(x: number[][][][], dy: number[][][][], k: number, stride: number, pt: number): number[] {
  const [n, h, w, ci] = [x.length, x[0].length, x[0][0].length, x[0][0][0].length];
  const [oh, ow, co] = [dy[0].length, dy[0][0].length, dy[0][0][0].length];
  const out = new Array(k * k * ci * co).fill(0);
  for (let b = 0; b < n; b++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
    for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) {
      const y = i * stride + a - pt, xx = j * stride + c - pt;
      if (y < 0 || xx < 0 || y >= h || xx >= w) continue;
      for (let p = 0; p < ci; p++) for (let q = 0; q < co; q++) out[((a * k + c) * ci + p) * co + q] += x[b][y][xx][p] * dy[b][i][j][q];
    }
  }
  return out;
}

/** The transposed convolution (= dL/dx of conv2d(x, W) for the output gradient dy), by the definition (NHWC). */
function referenceInputGradient(dy: number[][][][], filter: number[][][][], h: number, w: number, stride: number, pt: number): number[] {
  const [n, oh, ow, co] = [dy.length, dy[0].length, dy[0][0].length, dy[0][0][0].length];
  const [k, ci] = [filter.length, filter[0][0].length];
  const out = new Array(n * h * w * ci).fill(0);
  for (let b = 0; b < n; b++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
    for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) {
      const y = i * stride + a - pt, xx = j * stride + c - pt;
      if (y < 0 || xx < 0 || y >= h || xx >= w) continue;
      for (let p = 0; p < ci; p++) for (let q = 0; q < co; q++) out[((b * h + y) * w + xx) * ci + p] += dy[b][i][j][q] * filter[a][c][p][q];
    }
  }
  return out;
}

function expectClose(got: ArrayLike<number>, ref: number[]): void {
  expect(got.length).to.equal(ref.length);
  ref.forEach((v, i) => expect(got[i], `element ${i}`).to.be.closeTo(v, 1e-3 * (1 + Math.abs(v))));
}

describe(`convolution gradients and helper kernels on ${testBackend}`, () => {
  let tensorsBefore = 0;
  before(async () => {
    await useTestBackend();
  });
  beforeEach(() => {
    tensorsBefore = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors, 'tensors left behind').to.equal(tensorsBefore);
  });

  const filterCases: Case[] = [
    { stride: 2, pad: 'same', kernel: 4, size: 7, inC: 3, outC: 4 },
    { stride: 2, pad: 'same', kernel: 4, size: 8, inC: 2, outC: 3 },
    { stride: 1, pad: 'same', kernel: 3, size: 7, inC: 3, outC: 4 },
    { stride: 2, pad: 'valid', kernel: 3, size: 7, inC: 3, outC: 2 },
    { stride: 3, pad: 'same', kernel: 5, size: 9, inC: 1, outC: 2 },
    { stride: 2, pad: 1, kernel: 4, size: 8, inC: 2, outC: 2 },
  ];
  for (const c of filterCases) {
    it(`conv2d filter gradient, stride ${c.stride}, pad ${c.pad}, ${c.kernel}×${c.kernel} on ${c.size}×${c.size}: matches the definition`, async () => {
      const x = tf.randomNormal([2, c.size, c.size, c.inC], 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomNormal([c.kernel, c.kernel, c.inC, c.outC], 0, 1, 'float32', 2) as tf.Tensor4D;
      const out = tf.conv2d(x, w, c.stride, c.pad);
      const dy = tf.randomNormal(out.shape, 0, 1, 'float32', 3) as tf.Tensor4D;
      const dW = tf.grad((filter: tf.Tensor) => tf.conv2d(x, filter as tf.Tensor4D, c.stride, c.pad).mul(dy).sum())(w);
      expect(dW.shape).to.deep.equal(w.shape);
      const pt = padBefore(c.size, out.shape[1], c.stride, c.kernel, c.pad);
      expectClose(await dW.data(), referenceFilterGradient(await x.array(), await dy.array(), c.kernel, c.stride, pt));
      tf.dispose([x, w, out, dy, dW]);
    });
  }

  // the generator's layers (4×4, stride 2, 'same', 7 → 14 and 14 → 28; 3×3, stride 1 at 7×7), the input gradient of
  // D's third conv (4 → 7), an output size the stride does not divide (13), and a kernel size it does not divide
  // (3×3 of stride 2: wasm's own kernel)
  const transposedCases: (Case & { out: number })[] = [
    { stride: 2, pad: 'same', kernel: 4, size: 7, out: 14, inC: 3, outC: 4 },
    { stride: 2, pad: 'same', kernel: 4, size: 14, out: 28, inC: 1, outC: 3 },
    { stride: 1, pad: 'same', kernel: 3, size: 6, out: 6, inC: 2, outC: 3 },
    { stride: 2, pad: 'same', kernel: 4, size: 4, out: 7, inC: 3, outC: 2 },
    { stride: 2, pad: 'valid', kernel: 4, size: 5, out: 12, inC: 2, outC: 2 },
    { stride: 2, pad: 'same', kernel: 3, size: 7, out: 14, inC: 2, outC: 3 },
    { stride: 2, pad: 'same', kernel: 4, size: 7, out: 13, inC: 2, outC: 3 },
  ];
  for (const c of transposedCases) {
    it(`conv2dTranspose ${c.kernel}×${c.kernel}, stride ${c.stride}, ${c.pad}, ${c.size} → ${c.out}: matches the definition, and trains`, async () => {
      const dy = tf.randomNormal([2, c.size, c.size, c.outC], 0, 1, 'float32', 4) as tf.Tensor4D;
      const w = tf.randomNormal([c.kernel, c.kernel, c.inC, c.outC], 0, 1, 'float32', 5) as tf.Tensor4D;
      const dx = tf.conv2dTranspose(dy, w, [2, c.out, c.out, c.inC], c.stride, c.pad);
      expect(dx.shape).to.deep.equal([2, c.out, c.out, c.inC]);
      const pt = padBefore(c.out, c.size, c.stride, c.kernel, c.pad);
      expectClose(await dx.data(), referenceInputGradient(await dy.array(), await w.array(), c.out, c.out, c.stride, pt));
      // its filter gradient (how a generator layer trains): the conv2d filter gradient with the roles swapped
      const g = tf.randomNormal(dx.shape, 0, 1, 'float32', 6) as tf.Tensor4D;
      const dW = tf.grad((filter: tf.Tensor) => tf.conv2dTranspose(dy, filter as tf.Tensor4D, [2, c.out, c.out, c.inC], c.stride, c.pad).mul(g).sum())(w);
      expectClose(await dW.data(), referenceFilterGradient(await g.array(), await dy.array(), c.kernel, c.stride, pt));
      tf.dispose([dy, w, dx, g, dW]);
    });
  }

  it('tile: whole-block repeats and general tilings, float, int and bool', async () => {
    const reference = (values: number[], shape: number[], reps: number[]) => {
      const outShape = shape.map((d, i) => d * reps[i]);
      const size = outShape.reduce((a, b) => a * b, 1);
      return Array.from({ length: size }, (_, flat) => {
        let rest = flat, src = 0, stride = 1;
        const idx = outShape.map(() => 0);
        for (let i = outShape.length - 1; i >= 0; i--) { idx[i] = rest % outShape[i]; rest = Math.floor(rest / outShape[i]); }
        for (let i = shape.length - 1; i >= 0; i--) { src += (idx[i] % shape[i]) * stride; stride *= shape[i]; }
        return values[src];
      });
    };
    const cases: [number[], number[], tf.DataType][] = [
      [[1, 1, 1, 3], [2, 3, 2, 1], 'float32'], // batch norm's gradient
      [[2, 3], [3, 1], 'int32'],
      [[1, 4], [1, 3], 'bool'],
      [[2, 3], [1, 2], 'float32'], // not a whole-block repeat
      [[2, 1, 3], [2, 2, 1], 'float32'],
      [[3], [1], 'float32'],
    ];
    for (const [shape, reps, dtype] of cases) {
      const size = shape.reduce((a, b) => a * b, 1);
      const values = Array.from({ length: size }, (_, i) => (dtype === 'bool' ? i % 2 : i + 1));
      const x = tf.tensor(values, shape, dtype);
      const t = tf.tile(x, reps);
      expect(t.shape, `${shape} × ${reps}`).to.deep.equal(shape.map((d, i) => d * reps[i]));
      expect(Array.from(await t.data()), `${shape} × ${reps}`).to.deep.equal(reference(values, shape, reps));
      tf.dispose([x, t]);
    }
  });

  it('gather: whole rows (repeated, any order, 2-D indices), other axes, int values, and an index out of range', async () => {
    const x = tf.tensor3d(Array.from({ length: 4 * 2 * 3 }, (_, i) => i), [4, 2, 3]);
    const values = await x.array();
    for (const idx of [[3, 0, 3, 1], [2], [[1, 2], [0, 3]]]) {
      const indices = tf.tensor(idx, undefined, 'int32');
      const g = tf.gather(x, indices);
      expect(g.shape).to.deep.equal([...indices.shape, 2, 3]);
      expect(await g.array()).to.deep.equal((idx as (number | number[])[]).map((i) => (Array.isArray(i) ? i.map((j) => values[j]) : values[i])));
      tf.dispose([indices, g]);
    }
    const cols = tf.gather(x, [2, 0], 2); // not axis 0: wasm's own kernel
    expect(await cols.array()).to.deep.equal(values.map((m) => m.map((r) => [r[2], r[0]])));
    const ints = tf.tidy(() => tf.gather(x.toInt(), [1]));
    expect(ints.dtype).to.equal('int32');
    expect(await ints.array()).to.deep.equal([values[1]]);
    // an index out of range: cpu and wasm refuse it (the GPU backends do not check)
    if (testBackend === 'cpu' || testBackend === 'wasm') expect(() => tf.tidy(() => tf.gather(x, [4]))).to.throw(/index value 4/);
    tf.dispose([x, cols, ints]);
  });

  it('matMul: single and batched products, every transpose', async () => {
    const reference = (a: number[][], b: number[][]) => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
    const a = tf.randomNormal([3, 5], 0, 1, 'float32', 7) as tf.Tensor2D;
    const b = tf.randomNormal([5, 4], 0, 1, 'float32', 8) as tf.Tensor2D;
    const [av, bv] = [await a.array(), await b.array()];
    const want = reference(av, bv).flat();
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      const left = ta ? a.transpose() : a.clone();
      const right = tb ? b.transpose() : b.clone();
      const p = tf.matMul(left, right, ta, tb);
      expect(p.shape).to.deep.equal([3, 4]);
      expectClose(await p.data(), want);
      // the same product as a batch of one, and a batch of two
      const one = tf.tidy(() => tf.matMul(left.expandDims(0), right.expandDims(0), ta, tb));
      expect(one.shape).to.deep.equal([1, 3, 4]);
      expectClose(await one.data(), want);
      const two = tf.tidy(() => tf.matMul(tf.stack([left, left]), tf.stack([right, right.mul(2)]), ta, tb));
      expectClose(await two.data(), [...want, ...reference(av, bv.map((r) => r.map((v) => 2 * v))).flat()]);
      tf.dispose([left, right, p, one, two]);
    }
    tf.dispose([a, b]);
  });
});
