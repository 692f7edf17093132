// Converts the VAE trained by tools/train_vae.py (tools/.cache/vae/) into the tfjs model built by
// src/models/vae.ts and writes weights/vae-mnist/: model.json + float16 shard, meta.json, parity.json, after
// checking parity here (tfjs CPU on the written files vs PyTorch's outputs). Usage: node tools/convert-vae.mjs
// With `ae`: the plain autoencoder of train_vae.py --autoencoder (tools/.cache/ae/ → weights/ae-mnist/).
import { importBundled } from './tfjs-node-bundle.mjs';
import { assignWeights, finish, maxAbsDiff, readTrained, writeWeights } from './convert-lib.mjs';

const { tf, Vae } = await importBundled('vae', `
  import * as tf from '@tensorflow/tfjs';
  export { tf };
  export { Vae } from './src/models/vae.ts';`);
await tf.setBackend('cpu');

const ae = process.argv[2] === 'ae';
const trained = readTrained(ae ? 'ae' : 'vae');
const { parity, meta } = trained;
const vae = Vae.create(meta.config);
assignWeights(tf, vae.network, trained);
const folder = ae ? 'ae-mnist' : 'vae-mnist';
const { out, bytes, reload } = await writeWeights(tf, vae.network, folder);

const loaded = await Vae.load(reload);
const { mu, logvar } = loaded.encode(tf.tensor2d(parity.x));
const logits = loaded.decoder.predict(tf.tensor2d(parity.z));
const diffs = ae ? { code: maxAbsDiff(mu, parity.mu), logits: maxAbsDiff(logits, parity.logits) }
  : { mu: maxAbsDiff(mu, parity.mu), logvar: maxAbsDiff(logvar, parity.logvar), logits: maxAbsDiff(logits, parity.logits) };
finish(out, parity, meta, diffs, {
  'model.json': ae ? 'tfjs LayersModel (inputs [x, z], outputs [code, logits])' : 'tfjs LayersModel (inputs [x, z], outputs [mu, logvar, logits])',
  'group1-shard1of1.bin': `${bytes} bytes, float16`,
  'parity.json': 'fixed inputs and PyTorch outputs',
});
console.log(`wrote weights/${folder}/ (${(bytes / 1024).toFixed(0)} KiB of weights); ${ae ? `test reconstruction ${meta.quality.testReconstruction}` : `test −ELBO ${meta.quality.testNegElbo}`} nats`);
