/**
 * Bench entry for bench/train.html (bundled by bench/run.mjs with esbuild into bench/.build/train-bench.js): the time
 * of one training step of each family, as the suite's trainers run it, on one backend —
 *   dcgan     one round of DcganTrainer.step (one D step on a real batch and a fresh G(z), one non-saturating G step),
 *             the shipped depth 3; dcgan2 the same at depth 2 (the smaller model of earlier versions)
 *   vae       VaeTrainer.step (−ELBO with one reparameterised sample)
 *   pixelcnn  PixelCnnTrainer.step (mean NLL)
 *   conv      one convolution, the forward pass of D's second layer ([batch, 14, 14, 64] ∗ [4, 4, 64, 128], stride 2):
 *             no training, the rate at which the backend multiplies, against which the steps above can be read
 * on the shipped architectures (fresh weights: a step's time does not depend on them, nor on the pixels, which are
 * random). Each timed step ends with a read of its loss, so queued GPU work is inside it. bench/train.mjs drives it
 * through `window.geTrain` and sets the figures against PyTorch's (bench/torch_steps.py) on the same machine.
 */
import type * as TF from '@tensorflow/tfjs';
import { configure, startRuntime, type Runtime } from '../src/runtime/runtime.js';
import type { BackendName } from '../src/runtime/backend.js';
import { Dcgan } from '../src/models/dcgan.js';
import { Vae } from '../src/models/vae.js';
import { PixelCnn } from '../src/models/pixelcnn.js';

type Family = 'dcgan' | 'dcgan2' | 'vae' | 'pixelcnn' | 'conv';
let rt: Runtime | undefined;

async function init(backend: BackendName): Promise<{ backend: string; reasons: string[]; threads?: number; isolated: boolean }> {
  configure({ backend, weights: '/weights/', wasm: '/dist/' });
  rt = await startRuntime(backend);
  return { backend: rt.backend.name, reasons: rt.backend.reasons, threads: rt.backend.threads, isolated: globalThis.crossOriginIsolated === true };
}

/** A stepper for one family at one batch size; each call runs one step and resolves after its loss is read. */
function stepper(family: Family, batch: number): { step: () => Promise<void>; dispose: () => void } {
  const tf = rt!.tf;
  if (family === 'dcgan' || family === 'dcgan2') {
    const gan = Dcgan.create({ depth: family === 'dcgan' ? 3 : 2 }, 1);
    const trainer = gan.createTrainer();
    return {
      step: async () => {
        const r = trainer.step(() => tf.randomUniform([batch, 28, 28, 1], -1, 1) as never);
        await r.gLoss.data();
        tf.dispose([r.dLoss, r.gLoss, r.dReal, r.dFake]);
      },
      dispose: () => { trainer.dispose(); gan.dispose(); },
    };
  }
  if (family === 'conv') {
    const x = tf.randomNormal([batch, 14, 14, 64]) as TF.Tensor4D;
    const w = tf.randomNormal([4, 4, 64, 128]) as TF.Tensor4D;
    return {
      step: async () => {
        const y = tf.conv2d(x, w, 2, 'same');
        await y.data();
        y.dispose();
      },
      dispose: () => tf.dispose([x, w]),
    };
  }
  if (family === 'vae') {
    const vae = Vae.create({}, 1);
    const trainer = vae.createTrainer();
    return {
      step: async () => {
        const x = tf.tidy(() => tf.randomUniform([batch, 784]).greater(0.5).toFloat()) as never;
        const t = trainer.step(x);
        await t.kl.data();
        tf.dispose([x, t.reconstruction, t.kl]);
      },
      dispose: () => { trainer.dispose(); vae.dispose(); },
    };
  }
  const model = PixelCnn.create({}, 1);
  const trainer = model.createTrainer();
  return {
    step: async () => {
      const x = tf.tidy(() => tf.randomUniform([batch, 28, 28, 1]).greater(0.5).toFloat());
      const loss = trainer.step(x);
      await loss.data();
      tf.dispose([x, loss]);
    },
    dispose: () => { trainer.dispose(); model.dispose(); },
  };
}

/**
 * `warmUps` warm-up steps (shaders compile, buffers grow) and then timed steps until `budgetMs` is spent (at least `min`,
 * at most `max`). Returns the warm-up and timed step times in ms.
 */
async function run(family: Family, batch: number, budgetMs: number, min = 3, max = 30, warmUps = 2): Promise<{ warm: number[]; ms: number[]; tensorsLeft: number }> {
  const before = rt!.tf.memory().numTensors;
  const s = stepper(family, batch);
  const warm: number[] = [];
  const ms: number[] = [];
  try {
    for (let i = 0; i < warmUps; i++) {
      const t0 = performance.now();
      await s.step();
      warm.push(performance.now() - t0);
    }
    const start = performance.now();
    while (ms.length < min || (ms.length < max && performance.now() - start < budgetMs)) {
      const t0 = performance.now();
      await s.step();
      ms.push(performance.now() - t0);
    }
  } finally {
    s.dispose();
  }
  return { warm, ms, tensorsLeft: rt!.tf.memory().numTensors - before };
}

(window as unknown as { geTrain: unknown }).geTrain = { init, run };
document.body.dataset.ready = 'true';
