/**
 * The Web Worker that plays <gan-trainer>'s game off the main thread. A training round on wasm or the CPU is one
 * synchronous run of kernels that takes seconds at batch 64; here it blocks nobody. The worker owns a copy of the
 * DCGAN, the dataset tensor and Adam's state; the page gets figures per round and, on request, the weights, the
 * fixed-z sample grid and the class shares. Requests are handled one at a time, in order.
 */
import type * as TF from '@tensorflow/tfjs';
import { message } from '../runtime/backend.js';
import { loadTf } from '../runtime/runtime.js';
import { Dcgan } from '../models/dcgan.js';
import { DigitClassifier } from '../models/classifier.js';
import { GanSession, SampleView } from './gan-session.js';
import type { Envelope, InitRequest, InitResult, MemoryResult, Reply, Request, SnapshotResult, StepResult, TrainingImages } from './gan-worker-protocol.js';
import { loadMnist } from '../data/mnist.js';
import { imagesFromSprite } from '../data/images.js';
import { DATA_ERROR } from './gan-worker-protocol.js';

interface Run {
  tf: typeof TF;
  gan: Dcgan;
  session: GanSession;
  view: SampleView;
  classifier?: DigitClassifier;
}

const scope = self as unknown as { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown, transfer?: Transferable[]): void };
let run: Run | undefined;
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (e: MessageEvent<Envelope<Request>>) => {
  const request = e.data;
  queue = queue.then(async () => {
    try {
      const { result, transfer } = await handle(request);
      scope.postMessage({ id: request.id, ok: true, result } satisfies Reply, transfer);
    } catch (err) {
      scope.postMessage({ id: request.id, ok: false, message: message(err) } satisfies Reply);
    }
  });
};

async function handle(request: Request): Promise<{ result: unknown; transfer?: Transferable[] }> {
  if (request.type === 'init') return { result: await init(request) };
  if (!run) throw new Error('the training worker got a request before it started');
  const { tf, session, view, gan, classifier } = run;
  switch (request.type) {
    case 'step':
      return { result: (await session.step(request.read)) satisfies StepResult };
    case 'retune':
      session.retune(request.options);
      return { result: undefined };
    case 'memory': {
      const { numTensors, numBytes } = tf.memory();
      return { result: { numTensors, numBytes } satisfies MemoryResult };
    }
    case 'snapshot': {
      // copies: on the CPU backend data() may hand out the tensor's own storage, which a transfer would detach
      const values = await Promise.all(gan.network.getWeights().map(async (w) => ((await w.data()) as Float32Array).slice()));
      const result: SnapshotResult = { weights: values };
      if (request.samples) {
        const grid = await view.sampleGrid(session.sampler);
        result.grid = { ...grid, pixels: grid.pixels.slice() };
        if (classifier) result.shares = await view.classShares(session.sampler, classifier);
      }
      const transfer: Transferable[] = values.map((v) => v.buffer);
      if (result.grid) transfer.push(result.grid.pixels.buffer);
      return { result, transfer };
    }
  }
}

async function init(r: InitRequest): Promise<InitResult> {
  const { tf, backend } = await loadTf(r.backend, r.wasmRoot);
  const gan = Dcgan.create(r.config);
  const shapes = gan.network.getWeights().map((w) => w.shape);
  if (shapes.length !== r.weights.length) throw new Error(`the worker's DCGAN has ${shapes.length} weight tensors, the page's ${r.weights.length}`);
  const tensors = r.weights.map((w, i) => tf.tensor(w, shapes[i]));
  gan.network.setWeights(tensors);
  tf.dispose(tensors);
  let classifier: DigitClassifier | undefined;
  if (r.classifierUrl) {
    classifier = await DigitClassifier.load(r.classifierUrl).catch(() => undefined); // no class shares, still trains
  }
  let images: { pixels: Float32Array; count: number };
  try {
    images = await trainingImages(r.images);
  } catch (e) {
    classifier?.dispose();
    gan.dispose();
    throw new Error(`${DATA_ERROR}${message(e)}`);
  }
  run = {
    tf, gan, classifier,
    session: new GanSession(tf, gan, images.pixels, images.count, r.options, r.batchSize, r.emaDecay),
    view: new SampleView(tf, r.config.zDim, r.sampleSeed),
  };
  return { backend: backend.name, count: images.count };
}

/** The training images, decoded here (off the page's thread) unless the page sent them. */
async function trainingImages(images: TrainingImages): Promise<{ pixels: Float32Array; count: number }> {
  if ('pixels' in images) return images;
  if ('mnist' in images) return loadMnist('train', images.mnist);
  return imagesFromSprite(images.sprite, images.tile);
}
