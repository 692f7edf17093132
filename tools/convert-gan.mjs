// Converts the classifier and DCGAN trained by tools/train_gan.py (tools/.cache/{classifier,dcgan}/) into the tfjs
// models built by src/models/classifier.ts and src/models/dcgan.ts; writes weights/classifier-mnist/ and
// weights/dcgan-mnist/ (model.json + float16 shard, meta.json, parity.json) after checking parity.
// Usage: node tools/convert-gan.mjs
import { importBundled } from './tfjs-node-bundle.mjs';
import { assignWeights, finish, maxAbsDiff, readTrained, writeWeights } from './convert-lib.mjs';
import { spawnSync } from 'node:child_process';

const { tf, Dcgan, DigitClassifier } = await importBundled('gan', `
  import * as tf from '@tensorflow/tfjs';
  export { tf };
  export { Dcgan } from './src/models/dcgan.ts';
  export { DigitClassifier } from './src/models/classifier.ts';`);
await tf.setBackend('cpu');

{
  const trained = readTrained('classifier');
  const { parity, meta } = trained;
  const clf = DigitClassifier.create();
  assignWeights(tf, clf.network, trained);
  const { out, bytes, reload } = await writeWeights(tf, clf.network, 'classifier-mnist');
  const loaded = await DigitClassifier.load(reload);
  const x = tf.tensor4d(parity.x.flat(), [parity.x.length, 28, 28, 1]);
  const [logits, features] = loaded.network.predict(x);
  finish(out, parity, meta, { logits: maxAbsDiff(logits, parity.logits), features: maxAbsDiff(features, parity.features) }, {
    'model.json': 'tfjs LayersModel (input x [null,28,28,1] in [0,1]; outputs logits [null,10], features [null,128])',
    'group1-shard1of1.bin': `${bytes} bytes, float16`, 'parity.json': 'fixed inputs and PyTorch outputs',
  });
  console.log(`wrote weights/classifier-mnist/; test accuracy ${meta.quality.testAccuracy}`);
}
{
  const trained = readTrained('dcgan');
  const { parity, meta } = trained;
  const gan = Dcgan.create(meta.config);
  assignWeights(tf, gan.network, trained);
  const { out, bytes, reload } = await writeWeights(tf, gan.network, 'dcgan-mnist');
  const loaded = await Dcgan.load(reload);
  const images = loaded.generator.predict(tf.tensor2d(parity.z));
  const logits = loaded.discriminate(tf.tensor4d(parity.x.flat(), [parity.x.length, 28, 28, 1]));
  finish(out, parity, meta, { images: maxAbsDiff(images, parity.images), logits: maxAbsDiff(logits, parity.logits) }, {
    'model.json': 'tfjs LayersModel (inputs [z, x], outputs [G(z) in [-1,1], D(x) logit])',
    'group1-shard1of1.bin': `${bytes} bytes, float16`, 'parity.json': 'fixed inputs and PyTorch outputs',
  });
  console.log(`wrote weights/dcgan-mnist/; Fréchet distance ${meta.quality.frechetDistance} (floor ${meta.quality.frechetFloorTrainVsTest})`);
}
// the README's grid, in its own process (a second tfjs bundle in this one would register its layers twice)
const grid = spawnSync(process.execPath, [new URL('./gan-samples.mjs', import.meta.url).pathname], { stdio: 'inherit' });
if (grid.status !== 0) process.exit(grid.status ?? 1);
