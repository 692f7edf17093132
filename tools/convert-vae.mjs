// Converts the VAE trained by tools/train_vae.py (tools/.cache/vae/) into the tfjs model built by
// src/models/vae.ts, and writes weights/vae-mnist/: model.json + float16 shard, meta.json, parity.json.
// Then checks parity here (tfjs CPU on the written files vs PyTorch's outputs). Usage: node tools/convert-vae.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { importBundled, quantiseFloat16 } from './tfjs-node-bundle.mjs';

const CACHE = new URL('./.cache/vae/', import.meta.url);
const OUT = new URL('../weights/vae-mnist/', import.meta.url);

const { tf, Vae } = await importBundled('vae', `
  import * as tf from '@tensorflow/tfjs';
  export { tf };
  export { Vae } from './src/models/vae.ts';`);
await tf.setBackend('cpu');

const { tensors, parity, meta } = JSON.parse(readFileSync(new URL('tensors.json', CACHE), 'utf8'));
const blob = readFileSync(new URL('weights.bin', CACHE));
const all = new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4);

const vae = Vae.create(meta.config);
for (const layer of vae.network.layers) {
  const mine = tensors.filter((t) => t.layer === layer.name);
  if (layer.getWeights().length === 0) continue;
  const values = ['kernel', 'bias'].map((kind) => {
    const t = mine.find((m) => m.kind === kind);
    if (!t) throw new Error(`trained tensors lack ${layer.name}/${kind}: train_vae.py and src/models/vae.ts disagree`);
    const size = t.shape.reduce((a, b) => a * b, 1);
    return tf.tensor(all.slice(t.offset, t.offset + size), t.shape);
  });
  layer.setWeights(values); // throws if shapes differ from the TypeScript architecture
  tf.dispose(values);
}

let artifacts;
await vae.save(tf.io.withSaveHandler(async (a) => { artifacts = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
const { modelJson, shard } = quantiseFloat16(artifacts, 'group1-shard1of1.bin');
mkdirSync(OUT, { recursive: true });
writeFileSync(new URL('model.json', OUT), JSON.stringify(modelJson));
writeFileSync(new URL('group1-shard1of1.bin', OUT), shard);
writeFileSync(new URL('parity.json', OUT), JSON.stringify(parity));

// Parity, here: load what was written (float16, dequantised by tfjs) and compare with PyTorch.
const loaded = await Vae.load(tf.io.fromMemory({
  modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights,
  weightData: shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.byteLength),
}));
const x = tf.tensor2d(parity.x), z = tf.tensor2d(parity.z);
const { mu, logvar } = loaded.encode(x);
const logits = loaded.decoder.predict(z);
const maxDiff = (t, ref) => Math.max(...Array.from(t.dataSync()).map((v, i) => Math.abs(v - ref.flat()[i])));
const diffs = { mu: maxDiff(mu, parity.mu), logvar: maxDiff(logvar, parity.logvar), logits: maxDiff(logits, parity.logits) };
console.log('parity, max |tfjs − PyTorch|:', diffs);
if (Object.values(diffs).some((d) => !(d < parity.tolerance))) throw new Error('parity check failed');

meta.files = { 'model.json': 'tfjs LayersModel (inputs [x, z], outputs [mu, logvar, logits])', 'group1-shard1of1.bin': `${shard.byteLength} bytes, float16`, 'parity.json': 'fixed inputs and PyTorch outputs' };
meta.parity = { maxAbsDiff: diffs, tolerance: parity.tolerance, checkedWith: 'tfjs CPU backend in Node' };
writeFileSync(new URL('meta.json', OUT), JSON.stringify(meta, null, 2) + '\n');
console.log(`wrote weights/vae-mnist/ (${(shard.byteLength / 1024).toFixed(0)} KiB of weights); test −ELBO ${meta.quality.testNegElbo} nats`);
