import { expect } from '@esm-bundle/chai';
import { slant, strokeThickness } from '../../src/data/attributes.js';

/** A 28×28 image with a vertical bar `width` pixels wide, rows 4–23, leaning `lean` pixels per row upwards. */
function bar(width: number, lean = 0): Float32Array {
  const x = new Float32Array(784);
  for (let y = 4; y < 24; y++) {
    const x0 = Math.round(12 + lean * (23 - y));
    for (let k = 0; k < width; k++) x[y * 28 + x0 + k] = 1;
  }
  return x;
}

describe('digit attributes measured from pixels', () => {
  it('stroke thickness is the width of a bar, in pixels (within the ends\' share)', () => {
    for (const w of [1, 2, 3, 4]) expect(strokeThickness(bar(w))).to.be.closeTo(w, 0.25 * w);
    expect(strokeThickness(bar(3))).to.be.greaterThan(strokeThickness(bar(2)));
    expect(strokeThickness(new Float32Array(784))).to.equal(0);
  });

  it('slant is positive for a bar leaning right, negative leaning left, ~0 upright', () => {
    expect(slant(bar(2, 0.3))).to.be.closeTo(0.3, 0.05);
    expect(slant(bar(2, -0.3))).to.be.closeTo(-0.3, 0.05);
    expect(Math.abs(slant(bar(2)))).to.be.below(0.01);
  });
});
