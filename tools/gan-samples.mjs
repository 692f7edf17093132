// The shipped DCGAN's first 64 samples as a reader first sees them: the 8×8 grid of <gan-trainer seed="0">
// (SampleView: fixed z from tf.randomNormal with the element's seed), computed by the TypeScript model on tfjs's CPU
// backend and written to weights/dcgan-mnist/samples.png for the README. Run by tools/convert-gan.mjs; alone:
//   node tools/gan-samples.mjs
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { importBundled } from './tfjs-node-bundle.mjs';

export async function writeSampleGrid({ seed = 0, scale = 2 } = {}) {
  const { tf, Dcgan, SampleView } = await importBundled('gan-samples', `
    import * as tf from '@tensorflow/tfjs';
    export { tf };
    export { Dcgan } from './src/models/dcgan.ts';
    export { SampleView } from './src/training/gan-session.ts';`);
  await tf.setBackend('cpu');
  const root = new URL('../weights/dcgan-mnist/', import.meta.url);
  const json = JSON.parse((await import('node:fs')).readFileSync(new URL('model.json', root), 'utf8'));
  const bin = (await import('node:fs')).readFileSync(new URL(json.weightsManifest[0].paths[0], root));
  const gan = await Dcgan.load(tf.io.fromMemory({
    modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  }));
  const view = new SampleView(tf, gan.config.zDim, seed);
  const { pixels, width, height } = await view.sampleGrid(gan);
  view.dispose();
  gan.dispose();
  const png = new PNG({ width: width * scale, height: height * scale, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  for (let y = 0; y < height * scale; y++) {
    for (let x = 0; x < width * scale; x++) {
      // ink on paper, as the element paints it by default
      png.data[y * width * scale + x] = Math.round(255 * (1 - Math.min(1, Math.max(0, pixels[Math.floor(y / scale) * width + Math.floor(x / scale)]))));
    }
  }
  writeFileSync(new URL('samples.png', root), PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, deflateLevel: 9 }));
  return new URL('samples.png', root).pathname;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(`wrote ${await writeSampleGrid()}`);
