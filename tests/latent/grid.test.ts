import { expect } from '@esm-bundle/chai';
import { inverseNormalCdf, normalCdf } from '../../src/latent/normal.js';
import { axisFraction, axisValues, latentGrid } from '../../src/latent/grid.js';
import { gaussian, mulberry32 } from '../../src/latent/random.js';

describe('inverseNormalCdf', () => {
  it('matches known quantiles of N(0, 1)', () => {
    expect(inverseNormalCdf(0.5)).to.be.closeTo(0, 1e-9);
    expect(inverseNormalCdf(0.975)).to.be.closeTo(1.959963985, 1e-7);
    expect(inverseNormalCdf(0.025)).to.be.closeTo(-1.959963985, 1e-7);
    expect(inverseNormalCdf(0.8413447461)).to.be.closeTo(1, 1e-7);
    expect(inverseNormalCdf(1e-6)).to.be.closeTo(-4.753424309, 1e-6);
  });
  it('is the inverse of normalCdf across the range', () => {
    for (let p = 0.001; p < 1; p += 0.0137) expect(normalCdf(inverseNormalCdf(p))).to.be.closeTo(p, 2e-7);
  });
  it('is antisymmetric and gives ±Infinity at the ends and NaN outside', () => {
    expect(inverseNormalCdf(0.1)).to.be.closeTo(-inverseNormalCdf(0.9), 1e-9);
    expect(inverseNormalCdf(0)).to.equal(-Infinity);
    expect(inverseNormalCdf(1)).to.equal(Infinity);
    expect(inverseNormalCdf(1.5)).to.be.NaN;
    expect(inverseNormalCdf(-0.1)).to.be.NaN;
  });
});

describe('latentGrid', () => {
  it('linear spacing runs evenly from −extent to +extent', () => {
    const axis = axisValues(5, 'linear', 2);
    expect(Array.from(axis)).to.deep.equal([-2, -1, 0, 1, 2]);
  });
  it('quantile spacing is even in probability and spans the same extent', () => {
    const axis = axisValues(7, 'quantile', 2);
    expect(axis[0]).to.be.closeTo(-2, 1e-6);
    expect(axis[6]).to.be.closeTo(2, 1e-6);
    expect(axis[3]).to.be.closeTo(0, 1e-9);
    const steps = Array.from(axis).map((z) => normalCdf(z)).map((p, i, a) => (i ? p - a[i - 1] : 0)).slice(1);
    for (const s of steps) expect(s).to.be.closeTo(steps[0], 1e-6);
    // denser near the centre than at the edges
    expect(axis[4] - axis[3]).to.be.lessThan(axis[6] - axis[5]);
  });
  it('lays cells out row-major with +y up, on the chosen dims', () => {
    const z = latentGrid({ cells: 3, spacing: 'linear', extent: 1, latentDim: 4, dims: [2, 0] });
    expect(z.length).to.equal(3 * 3 * 4);
    const cell = (r: number, c: number) => Array.from(z.slice((r * 3 + c) * 4, (r * 3 + c + 1) * 4));
    expect(cell(0, 0)).to.deep.equal([1, 0, -1, 0]); // top-left: x = −1 (dim 2), y = +1 (dim 0)
    expect(cell(2, 2)).to.deep.equal([-1, 0, 1, 0]);
    expect(cell(1, 1)).to.deep.equal([0, 0, 0, 0]);
  });
  it('axisFraction inverts the axis for both spacings', () => {
    for (const spacing of ['linear', 'quantile'] as const) {
      const axis = axisValues(9, spacing, 2.5);
      axis.forEach((v, i) => expect(axisFraction(v, spacing, 2.5)).to.be.closeTo(i / 8, 1e-6));
    }
  });
});

describe('seeded randomness', () => {
  it('repeats for a seed and differs across seeds', () => {
    const a = mulberry32(7), b = mulberry32(7), c = mulberry32(8);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).to.deep.equal(xs);
    expect(c()).to.not.equal(xs[0]);
  });
  it('gaussian draws have mean ≈ 0 and variance ≈ 1', () => {
    const g = gaussian(mulberry32(1));
    const n = 20000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const v = g(); s += v; s2 += v * v; }
    expect(s / n).to.be.closeTo(0, 0.03);
    expect(s2 / n - (s / n) ** 2).to.be.closeTo(1, 0.04);
  });
});
