// Lets Node tools use the project's TypeScript models: esbuild bundles an entry (with tfjs, CPU backend) into
// tools/.cache/ and the tool imports the result. The TypeScript model definitions stay the only definitions.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `contents` (ES module source resolved from the repo root) and imports it. */
export async function importBundled(name, contents) {
  const outfile = `${root}tools/.cache/${name}.bundle.mjs`;
  mkdirSync(`${root}tools/.cache`, { recursive: true });
  await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true, platform: 'node', format: 'esm', outfile, target: 'node20', logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return import(pathToFileURL(outfile).href);
}

/** float32 → IEEE 754 half-precision bits, rounding to nearest even. */
export function toFloat16Bits(value) {
  const f32 = new Float32Array([value]);
  const x = new Uint32Array(f32.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);           // Inf / NaN
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;                                     // overflow → Inf
  if (e <= 0) {                                                            // subnormal half
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1), mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1))) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++;              // may carry into the exponent: still correct
  return sign | half;
}

/**
 * Saved LayersModel artifacts → model.json object + one shard, float16-quantised (tfjs dequantises on load).
 * Only float32 weights are quantised.
 */
export function quantiseFloat16(artifacts, shardName) {
  const src = new Float32Array(artifacts.weightData);
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = toFloat16Bits(src[i]);
  for (const spec of artifacts.weightSpecs) if (spec.dtype !== 'float32') throw new Error(`cannot quantise ${spec.name} (${spec.dtype})`);
  const weights = artifacts.weightSpecs.map((s) => ({ ...s, quantization: { dtype: 'float16', original_dtype: 'float32' } }));
  return {
    modelJson: {
      format: 'layers-model', generatedBy: artifacts.generatedBy, convertedBy: 'generative-elements tools',
      modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: [shardName], weights }],
    },
    shard: Buffer.from(out.buffer),
  };
}
