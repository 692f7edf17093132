/**
 * Bench entry for bench/pixelcnn.html (bundled by bench/run.mjs with esbuild into bench/.build/pixelcnn-bench.js):
 * completing the bottom half of a held-out digit with the shipped PixelCNN or PixelRNN, the fast sampler vs the
 * naive one (src/models/pixel-models.ts, the code <pixelcnn-autocomplete> runs), scoring one image's NLL, and a
 * training step of the small in-page models (about 2,400 parameters each). bench/pixelcnn.mjs drives it through
 * `window.gePixelCnn` and decides repetitions and budgets.
 */
import { configure, startRuntime, type Runtime } from '../src/runtime/runtime.js';
import type { BackendName } from '../src/runtime/backend.js';
import { PixelCnn, PIXELCNN_SMALL } from '../src/models/pixelcnn.js';
import { PixelRnn, PIXELRNN_SMALL } from '../src/models/pixelrnn.js';
import type { SamplerKind } from '../src/models/pixelcnn-sampler.js';
import { createPixelSampler, loadPixelModel, type PixelArchitecture, type PixelModel } from '../src/models/pixel-models.js';
import { loadMnist, binarise } from '../src/data/mnist.js';
import { knownMask } from '../src/data/partial.js';

let rt: Runtime | undefined;
let model: PixelModel | undefined;
let digit: Float32Array | undefined;
const known = knownMask('bottom');
const HIDDEN = known.reduce((n, k) => n + (k ? 0 : 1), 0);

async function init(backend: BackendName, architecture: PixelArchitecture = 'pixelcnn'): Promise<{ backend: string; reasons: string[]; params: number; hidden: number }> {
  configure({ backend, weights: '/weights/', wasm: '/node_modules/@tensorflow/tfjs-backend-wasm/dist/' });
  rt = await startRuntime(backend);
  model = await loadPixelModel(`/weights/${architecture}-mnist/model.json`);
  const test = await loadMnist('test');
  digit = binarise(test.pixels.subarray(0, 784));
  return { backend: rt.backend.name, reasons: rt.backend.reasons, params: model.network.countParams(), hidden: HIDDEN };
}

/**
 * Completes the bottom half (392 pixels) `samples` times at once. Stops early once `maxMs` have passed or
 * `maxPixels` are sampled (then waits for the device to finish what was queued); then `pixels` < 392 and the caller
 * extrapolates from the time per pixel. Times include the passes over the given rows (the cached sampler's one pass
 * per given row) and every row's readback. `givenMs`: the time until the first hidden pixel's pass was queued.
 */
async function complete(kind: SamplerKind, samples: number, maxMs: number, maxPixels = Infinity, seed = 0):
  Promise<{ ms: number; givenMs: number; pixels: number; passes: number }> {
  const sampler = createPixelSampler(kind, model!, { pixels: digit!, known }, { samples, seed });
  const t0 = performance.now();
  let givenMs = 0;
  try {
    while (!sampler.done) {
      if (!givenMs && sampler.position === 784 - HIDDEN) {
        await sampler.sync();
        givenMs = performance.now() - t0;
      }
      const row = await sampler.step();
      // GPU backends queue work faster than they do it: before looking at the clock, wait for the device — after
      // every pixel for the naive sampler (a tiny readback next to a whole-image pass), at row ends for the cached.
      if (kind === 'naive' && !row && Number.isFinite(maxMs)) await sampler.sync();
      if (sampler.sampled >= maxPixels || ((row || kind === 'naive') && performance.now() - t0 > maxMs)) break;
    }
    await sampler.sync();
    return { ms: performance.now() - t0, givenMs, pixels: sampler.sampled, passes: sampler.passes };
  } finally {
    sampler.dispose();
  }
}

/** −log p(x) of one image: one parallel pass and one readback. */
async function score(): Promise<{ ms: number; nll: number }> {
  const tf = rt!.tf;
  const t0 = performance.now();
  const t = tf.tidy(() => model!.nll(tf.tensor2d(digit!, [1, 784])));
  const [nll] = await t.data();
  t.dispose();
  return { ms: performance.now() - t0, nll };
}

/**
 * Training steps of a fresh small model of `architecture` (the in-page sizes: 2,433 and 2,413 parameters) on a batch
 * of `batch` held-out digits: `warm` untimed steps, then `steps` timed ones, each awaited to its loss (the device has
 * finished it). Returns the median step time.
 */
async function trainStep(architecture: PixelArchitecture, batch: number, steps: number, warm = 2): Promise<{ ms: number; params: number }> {
  const tf = rt!.tf;
  const test = await loadMnist('test');
  const small = architecture === 'pixelrnn' ? PixelRnn.create(PIXELRNN_SMALL, 1) : PixelCnn.create(PIXELCNN_SMALL, 1);
  const trainer = small.createTrainer({ learningRate: 2e-3 });
  const x = tf.tensor2d(binarise(test.pixels.subarray(0, batch * 784)), [batch, 784]);
  const times: number[] = [];
  try {
    for (let i = 0; i < warm + steps; i++) {
      const t0 = performance.now();
      const loss = trainer.step(x);
      await loss.data();
      loss.dispose();
      if (i >= warm) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { ms: times[Math.floor(times.length / 2)], params: small.network.countParams() };
  } finally {
    trainer.dispose();
    x.dispose();
    small.dispose();
  }
}

function memory(): { numTensors: number } {
  return { numTensors: rt!.tf.memory().numTensors };
}

(window as unknown as { gePixelCnn: unknown }).gePixelCnn = { init, complete, score, trainStep, memory };
document.body.dataset.ready = 'true';
