// Shared steps of the converters: read the tensors a tools/train_*.py wrote, load them into a tfjs network built
// by src/models/, write model.json + a float16 shard, and compare tfjs outputs with PyTorch's (parity).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { quantiseFloat16 } from './tfjs-node-bundle.mjs';

/** Reads tools/.cache/<name>/{tensors.json, weights.bin}. */
export function readTrained(name) {
  const dir = new URL(`./.cache/${name}/`, import.meta.url);
  const { tensors, parity, meta } = JSON.parse(readFileSync(new URL('tensors.json', dir), 'utf8'));
  const blob = readFileSync(new URL('weights.bin', dir));
  const all = new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
  return { tensors, parity, meta, all };
}

/** Sets every weighted layer of `network` from the trained tensors, by layer name; shapes must match. */
export function assignWeights(tf, network, { tensors, all }) {
  for (const layer of network.layers) {
    if (layer.getWeights().length === 0) continue;
    // each weight by its own name: kernel, bias; gamma, beta, moving_mean, moving_variance; a Row LSTM's input_kernel …
    const kinds = layer.weights.map((w) => w.originalName.split('/').pop());
    const values = kinds.map((kind) => {
      const t = tensors.find((m) => m.layer === layer.name && m.kind === kind);
      if (!t) throw new Error(`trained tensors lack ${layer.name}/${kind}: the Python mirror and src/models/ disagree`);
      const size = t.shape.reduce((a, b) => a * b, 1);
      return tf.tensor(all.slice(t.offset, t.offset + size), t.shape);
    });
    layer.setWeights(values); // throws if a shape differs from the TypeScript architecture
    tf.dispose(values);
  }
}

/** Saves `network` float16-quantised into weights/<folder>/ and returns what was written (for a reload). */
export async function writeWeights(tf, network, folder) {
  let artifacts;
  await network.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const { modelJson, shard } = quantiseFloat16(artifacts, 'group1-shard1of1.bin');
  const out = new URL(`../weights/${folder}/`, import.meta.url);
  mkdirSync(out, { recursive: true });
  writeFileSync(new URL('model.json', out), JSON.stringify(modelJson));
  writeFileSync(new URL('group1-shard1of1.bin', out), shard);
  const reload = tf.io.fromMemory({
    modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights,
    weightData: shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.byteLength),
  });
  return { out, bytes: shard.byteLength, reload };
}

/** Largest |a − b| over a tensor and a nested array. */
export function maxAbsDiff(t, ref) {
  const values = t.dataSync();
  const flat = ref.flat(Infinity);
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i] - flat[i]));
  return m;
}

/** Writes parity.json and meta.json (with the parity figures); throws if parity fails. */
export function finish(out, parity, meta, diffs, files) {
  console.log(`parity ${out.pathname.split('/').slice(-2, -1)[0]}, max |tfjs − PyTorch|:`, diffs);
  if (Object.values(diffs).some((d) => !(d < parity.tolerance))) throw new Error('parity check failed');
  writeFileSync(new URL('parity.json', out), JSON.stringify(parity));
  meta.files = files;
  meta.parity = { maxAbsDiff: diffs, tolerance: parity.tolerance, checkedWith: 'tfjs CPU backend in Node' };
  writeFileSync(new URL('meta.json', out), JSON.stringify(meta, null, 2) + '\n');
}
