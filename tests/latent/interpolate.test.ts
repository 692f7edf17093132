import { expect } from '@esm-bundle/chai';
import { gaussianVector, interpolationPath, latentArithmetic, lerp, meanVector, slerp } from '../../src/latent/interpolate.js';
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
});
