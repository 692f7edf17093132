import { expect } from '@esm-bundle/chai';
import { DIGIT_COLORS } from '../../src/elements/parts/palette.js';
import { drawPosterior, latentToOverlay } from '../../src/elements/vae-latent-grid/grid-painter.js';

const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const luminance = (hex: string) => { const [r, g, b] = channels(hex).map(linear); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const contrast = (a: string, b: string) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
function lab(hex: string): number[] {
  const [r, g, b] = channels(hex).map(linear);
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const [x, y, z] = [(0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883];
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

describe('the digit palette', () => {
  it('has ten colours that stand out on white paper (≥ 3:1) and from each other (ΔE ≥ 20)', () => {
    expect(new Set(DIGIT_COLORS).size).to.equal(10);
    for (const c of DIGIT_COLORS) expect(contrast(c, '#ffffff'), c).to.be.at.least(3);
    for (let i = 0; i < 10; i++) {
      for (let j = i + 1; j < 10; j++) {
        const [a, b] = [lab(DIGIT_COLORS[i]), lab(DIGIT_COLORS[j])];
        expect(Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]), `${i} vs ${j}`).to.be.at.least(20);
      }
    }
  });
});

describe('drawPosterior', () => {
  const g = { cells: 10, spacing: 'linear' as const, extent: 2 };
  const size = 400;
  const paint = (mu: [number, number]) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const ctx = canvas.getContext('2d')!;
    drawPosterior(ctx, mu, [0.3, 0.3], g, size, '#ff0000');
    return (x: number, y: number) => ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data[3];
  };

  it('marks μ with a dot when it lies on the grid', () => {
    const alpha = paint([0.5, -1]);
    const [x, y] = latentToOverlay(0.5, -1, g, size);
    expect(alpha(x, y)).to.be.above(200);
  });

  it('points an arrow at μ from the edge when μ lies beyond the extent', () => {
    const alpha = paint([6, 0]); // far to the right of z₁ = 2
    const edge = size - size / g.cells / 2;
    const [, y] = latentToOverlay(6, 0, g, size);
    expect(alpha(edge - 3, y)).to.be.above(200); // the arrow's head, at the right edge, level with μ
    expect(alpha(edge - 25, y)).to.be.above(100); // its shaft
    expect(alpha(size / 2, y)).to.equal(0); // nothing drawn mid-grid
  });
});
