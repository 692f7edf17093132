// Writes tests/fixtures/other-model/: a valid tfjs LayersModel that is not a VAE (a 784 → 10 classifier), for the
// "src holds another model" tests, and tests/fixtures/pixelcnn-small/: an untrained PixelCNN of the small in-page
// config (seed 1), so element tests can sample quickly, and tests/fixtures/pixelrnn-small/: the same for the PixelRNN.
// Usage: node tools/make-fixtures.mjs [folder …]   (no folder: all of them)
import { mkdirSync, writeFileSync } from 'node:fs';
import { importBundled } from './tfjs-node-bundle.mjs';

const { tf, PixelCnn, PIXELCNN_SMALL, PixelRnn, PIXELRNN_SMALL } = await importBundled('fixtures', `
  import * as tf from '@tensorflow/tfjs'; export { tf };
  export { PixelCnn, PIXELCNN_SMALL } from './src/models/pixelcnn.ts';
  export { PixelRnn, PIXELRNN_SMALL } from './src/models/pixelrnn.ts';`);
const only = process.argv.slice(2);
await tf.setBackend('cpu');

async function write(model, folder) {
  if (only.length && !only.includes(folder)) return;
  const out = new URL(`../tests/fixtures/${folder}/`, import.meta.url);
  mkdirSync(out, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (a) => {
    writeFileSync(new URL('model.json', out), JSON.stringify({ modelTopology: a.modelTopology, format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] }));
    writeFileSync(new URL('weights.bin', out), Buffer.from(a.weightData));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  console.log(`wrote tests/fixtures/${folder}/`);
}

await write(tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 10, activation: 'softmax' })] }), 'other-model');
await write(PixelCnn.create(PIXELCNN_SMALL, 1).network, 'pixelcnn-small');
await write(PixelRnn.create(PIXELRNN_SMALL, 1).network, 'pixelrnn-small');
