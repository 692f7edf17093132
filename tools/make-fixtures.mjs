// Writes tests/fixtures/other-model/: a valid tfjs LayersModel that is not a VAE (a 784 → 10 classifier), for the
// "src holds another model" tests. Usage: node tools/make-fixtures.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { importBundled } from './tfjs-node-bundle.mjs';

const { tf } = await importBundled('fixtures', `import * as tf from '@tensorflow/tfjs'; export { tf };`);
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 10, activation: 'softmax' })] });
const out = new URL('../tests/fixtures/other-model/', import.meta.url);
mkdirSync(out, { recursive: true });
await model.save(tf.io.withSaveHandler(async (a) => {
  writeFileSync(new URL('model.json', out), JSON.stringify({ modelTopology: a.modelTopology, format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] }));
  writeFileSync(new URL('weights.bin', out), Buffer.from(a.weightData));
  return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
}));
console.log('wrote tests/fixtures/other-model/');
