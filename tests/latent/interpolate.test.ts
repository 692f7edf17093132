import { expect } from '@esm-bundle/chai';
import { codeOf, gaussianVector, interpolationPath, latentArithmetic, lerp, meanVector, slerp } from '../../src/latent/interpolate.js';
import { gaussian, mulberry32 } from '../../src/latent/random.js';

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) => Array.from(a).forEach((v, i) => expect(v).to.be.closeTo(b[i], tol));

describe('interpolation', () => {
  const g = gaussian(mulberry32(3));
  const a = gaussianVector(64, g), b = gaussianVector(64, g);

  it('both methods hit the endpoints', () => {
    for (const f of [lerp, slerp]) {
      close(f(a, b, 0), a);
      close(f(a, b, 1), b);
    }
  });

  it('slerp keeps the norm of equal-norm endpoints; lerp shrinks it midway', () => {
    const b2 = b.map((v) => (v * norm(a)) / norm(b));
    for (const t of [0.25, 0.5, 0.75]) expect(norm(slerp(a, b2, t))).to.be.closeTo(norm(a), 1e-3);
    expect(norm(lerp(a, b2, 0.5))).to.be.below(0.85 * norm(a)); // near-orthogonal in 64-D: ≈ 0.71·|a|
  });

  it('slerp moves at constant angular speed and falls back to lerp for parallel vectors', () => {
    const x = new Float32Array([1, 0]), y = new Float32Array([0, 1]);
    close(slerp(x, y, 0.5), [Math.SQRT1_2, Math.SQRT1_2]);
    close(slerp(x, y, 1 / 3), [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)]);
    close(slerp(x, new Float32Array([2, 0]), 0.5), [1.5, 0]);
  });

  it('interpolationPath gives steps × d values, first a, last b', () => {
    const path = interpolationPath(a, b, 8, 'slerp');
    expect(path.length).to.equal(8 * 64);
    close(path.subarray(0, 64), a);
    close(path.subarray(7 * 64), b);
  });

  it('vector arithmetic: mean(A) − mean(B) + mean(C)', () => {
    close(meanVector([[1, 2], [3, 4]]), [2, 3]);
    close(latentArithmetic([[1, 1], [3, 3]], [[1, 0]], [[0, 5]]), [1, 7]);
    expect(() => meanVector([])).to.throw(/at least one/);
  });

  it('vector arithmetic with a class code: A and B of one category move only the style, C keeps its category', () => {
    // z = [code 0, code 1, code 2 | style 3, style 4]; the category is the argmax of the first 3
    const A = [[0.1, 2.0, 0.3, 4, 1], [0.2, 1.1, 0.9, 2, 1]]; // both category 1
    const B = [[0.0, 0.5, -2, 0, 1]]; // category 1
    const C = [[3.0, 0.2, 0.1, 0, 0], [1.0, -1, 0.5, 0, 2]]; // both category 0
    expect(A.map((z) => codeOf(z, 3))).to.deep.equal([1, 1]);
    // plain arithmetic: the code coordinates' noise (A − B) makes the result a category 1
    const plain = latentArithmetic(A, B, C);
    close(plain, [0.15 + 2, 1.55 - 0.5 - 0.4, 0.6 + 2 + 0.3, 3, 1]);
    expect(codeOf(plain, 3)).to.equal(2);
    // with the code: C's code coordinates, A − B + C's style
    const styled = latentArithmetic(A, B, C, 3);
    close(styled, [2, -0.4, 0.3, 3, 1]);
    expect(codeOf(styled, 3)).to.equal(0);
    // A and B of different categories: the difference is a change of class, kept whole
    close(latentArithmetic(A, [[5, 0, 0, 0, 1]], C, 3), latentArithmetic(A, [[5, 0, 0, 0, 1]], C));
  });
});
