// Converts the PixelRNN trained by tools/train_pixelrnn.py (tools/.cache/pixelrnn/) into the tfjs model built by
// src/models/pixelrnn.ts and writes weights/pixelrnn-mnist/: model.json + float16 shard, meta.json, parity.json,
// after checking parity here (tfjs CPU on the written files vs PyTorch's logits and NLLs).
// Usage: node tools/convert-pixelrnn.mjs
import { importBundled } from './tfjs-node-bundle.mjs';
import { assignWeights, finish, maxAbsDiff, readTrained, writeWeights } from './convert-lib.mjs';

const { tf, PixelRnn } = await importBundled('pixelrnn', `
  import * as tf from '@tensorflow/tfjs';
  export { tf };
  export { PixelRnn } from './src/models/pixelrnn.ts';`);
await tf.setBackend('cpu');

const trained = readTrained('pixelrnn');
const { parity, meta } = trained;
const model = PixelRnn.create(meta.config);
assignWeights(tf, model.network, trained);
const { out, bytes, reload } = await writeWeights(tf, model.network, 'pixelrnn-mnist');

const loaded = await PixelRnn.load(reload);
meta.parameters = loaded.parameters;
const x = tf.tensor2d(parity.x);
finish(out, parity, meta, { logits: maxAbsDiff(loaded.logits(x), parity.logits), nll: maxAbsDiff(loaded.nll(x), parity.nll) }, {
  'model.json': 'tfjs LayersModel (input x [null,28,28,1] in {0,1}; output logits [null,28,28,1]); needs RowLstm from src/models/pixelrnn.ts and MaskedConv2D from src/models/pixelcnn.ts',
  'group1-shard1of1.bin': `${bytes} bytes, float16`,
  'parity.json': 'four held-out digits and PyTorch logits and NLLs',
});
console.log(`wrote weights/pixelrnn-mnist/ (${(bytes / 1024).toFixed(0)} KiB of weights); test NLL ${meta.quality.testNll} nats`);
