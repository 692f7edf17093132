/**
 * Bench entry for bench/gan.html (bundled by bench/run.mjs with esbuild into bench/.build/gan-bench.js, one tfjs
 * instance): DCGAN training throughput, two ways, on the same model, trainer and backend.
 *
 *   (a) element — what <gan-trainer>.train() does (src/elements/gan-trainer/gan-trainer.ts → GanSession.step):
 *       rounds back to back; the four figures (D loss, G loss, D(x), D(G(z))) are read with `await t.data()` only
 *       on every 5th round and on the last round of a run, otherwise the returned scalars are disposed unread.
 *   (b) baseline — the way the TensorFlow.js examples write a training loop: every round awaits every loss
 *       (`await Promise.all([dLoss, gLoss, dReal, dFake].map((t) => t.data()))`) before starting the next one.
 *       The async form, not dataSync(): dataSync() on WebGPU is a blocking map that stalls the whole page.
 *
 * Both call the very same GanSession (k = 1 discriminator step per generator step, Adam 2e-4, β1 0.5, batches
 * gathered from the shipped 9,000 MNIST training digits, on the shipped DCGAN weights); only the readback differs.
 * run.mjs drives it through `window.geGan` (page.evaluate), so the Node side decides repetitions and budget.
 */
import { configure, startRuntime, type Runtime } from '../src/runtime/runtime.js';
import type { BackendName } from '../src/runtime/backend.js';
import { Dcgan } from '../src/models/dcgan.js';
import { loadMnist } from '../src/data/mnist.js';
import { GanSession } from '../src/training/gan-session.js';

let rt: Runtime | undefined;
let gan: Dcgan | undefined;
let session: GanSession | undefined;
let digits: { pixels: Float32Array; count: number } | undefined;
/** rounds played on this session (the element's `step`, which decides the every-5th-round read) */
let rounds = 0;
let reads = 0;

/** Starts the runtime on `backend` (forced), loads the shipped DCGAN and the training digits. */
async function init(backend: BackendName): Promise<{ backend: string; reasons: string[]; loadMs: number; count: number; params: { g: number; d: number } }> {
  const t0 = performance.now();
  configure({ backend, weights: '/weights/', wasm: '/node_modules/@tensorflow/tfjs-backend-wasm/dist/' });
  rt = await startRuntime(backend);
  gan = await Dcgan.load('/weights/dcgan-mnist/model.json');
  digits = await loadMnist('train');
  return {
    backend: rt.backend.name, reasons: rt.backend.reasons, loadMs: performance.now() - t0, count: digits.count,
    params: { g: gan.generator.countParams(), d: gan.discriminator.countParams() },
  };
}

/** A fresh training session (trainer, Adam state, dataset tensor) at this batch size. */
function newSession(batch: number): void {
  session?.dispose();
  session = new GanSession(rt!.tf, gan!, digits!.pixels, digits!.count,
    { learningRateG: 2e-4, learningRateD: 2e-4, dSteps: 1, loss: 'non-saturating', seed: 0 }, batch);
  rounds = 0;
}

/**
 * `n` rounds, timed from the first round's start to the last read's end. mode 'element': read when
 * (rounds + 1) % 5 === 0 or on the last round (as GanTrainer.train() does); 'baseline': read every round.
 */
async function train(mode: 'element' | 'baseline', n: number): Promise<{ ms: number; reads: number; last?: number[] }> {
  const s = session!;
  let readsNow = 0;
  let last: number[] | undefined;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const read = mode === 'baseline' || (rounds + 1) % 5 === 0 || i === n - 1;
    const f = await s.step(read);
    rounds++;
    if (f) {
      readsNow++;
      last = [f.dLoss, f.gLoss, f.dReal, f.dFake];
    }
  }
  const ms = performance.now() - t0;
  reads += readsNow;
  return { ms, reads: readsNow, last };
}

async function memory(): Promise<{ numTensors: number; numBytes: number }> {
  const m = rt!.tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes };
}

/** The element's step counter back to 0, so that the every-5th-round reads fall on the 5th round of each block. */
function resetRounds(): void {
  rounds = 0;
}

function dispose(): void {
  session?.dispose();
  session = undefined;
}

(window as unknown as { geGan: unknown }).geGan = { init, newSession, train, resetRounds, memory, dispose };
document.body.dataset.ready = 'true';
