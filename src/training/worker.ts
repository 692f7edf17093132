/**
 * The Web Worker that trains any family's model off the page's thread (VAE, DCGAN, PixelCNN). A training step on
 * wasm or the CPU is one synchronous run of kernels, up to seconds long; here it blocks nobody. The worker owns a
 * copy of the model, the dataset tensor and the optimiser's state (a session of src/training/); the page gets the
 * figures of each step and, on request, the weights (and for the DCGAN the fixed-z sample grid and the class
 * shares; for the VAE the decoded latent grid), so the page's thread draws without computing while a run trains. Requests are handled one at a time, in order. If the worker's GPU is lost, every later request fails with
 * LOST_ERROR and the page starts the next run on another backend.
 */
import { message } from '../runtime/backend.js';
import { gpuOf, loadTf, type Runtime } from '../runtime/runtime.js';
import { signalBackendLost } from '../runtime/loss.js';
import { loadMnist } from '../data/mnist.js';
import { imagesFromSprite } from '../data/images.js';
import type { NetworkOwner } from '../models/load.js';
import type { TrainingSession } from './session.js';
import type { Envelope, InitRequest, InitResult, MemoryResult, Reply, Request, SampleGrid, SnapshotResult, StepResult, TrainingImages } from './protocol.js';
import { tileImages } from '../data/tile-images.js';
import { readAndDispose } from '../runtime/read.js';
import { DATA_ERROR, LOST_ERROR } from './protocol.js';

/** A family's session as the worker hosts it: the model, its session, and the DCGAN's extra pictures. */
interface Hosted {
  model: NetworkOwner;
  session: TrainingSession;
  /** the DCGAN's sample grid and class shares for a snapshot */
  samples?(): Promise<Pick<SnapshotResult, 'grid' | 'shares'>>;
  /** the VAE's decoder on a batch of latent points, tiled */
  decode?(z: Float32Array, columns: number): Promise<SampleGrid>;
  dispose(): void;
}

const scope = self as unknown as { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown, transfer?: Transferable[]): void };
let runtime: Runtime | undefined;
let hosted: Hosted | undefined;
let lostReason: string | undefined;
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (e: MessageEvent<Envelope<Request>>) => {
  const request = e.data;
  queue = queue.then(async () => {
    try {
      if (lostReason) throw new Error(LOST_ERROR + lostReason);
      const { result, transfer } = await handle(request);
      scope.postMessage({ id: request.id, ok: true, result } satisfies Reply, transfer);
    } catch (err) {
      const text = lostReason && !message(err).startsWith(LOST_ERROR) ? LOST_ERROR + lostReason : message(err);
      scope.postMessage({ id: request.id, ok: false, message: text } satisfies Reply);
    }
  });
};

async function handle(request: Request): Promise<{ result: unknown; transfer?: Transferable[] }> {
  if (request.type === 'init') return { result: await init(request) };
  if (!hosted || !runtime) throw new Error('the training worker got a request before it started');
  const { tf } = runtime;
  const { session, model } = hosted;
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
    case 'decode': {
      if (!hosted.decode) throw new Error(`the training worker's ${hosted.model.constructor.name} has no decoder`);
      const grid = await hosted.decode(request.z, request.columns);
      return { result: grid, transfer: [grid.pixels.buffer] };
    }
    case 'lose-backend':
      return { result: loseBackend(runtime) };
    case 'snapshot': {
      // copies: on the CPU backend data() may hand out the tensor's own storage, which a transfer would detach
      const values = await Promise.all(model.network.getWeights().map(async (w) => ((await w.data()) as Float32Array).slice()));
      const result: SnapshotResult = { weights: values };
      if (request.samples && hosted.samples) Object.assign(result, await hosted.samples());
      const transfer: Transferable[] = values.map((v) => v.buffer);
      if (result.grid) transfer.push(result.grid.pixels.buffer);
      return { result, transfer };
    }
  }
}

async function init(r: InitRequest): Promise<InitResult> {
  if (hosted) throw new Error('the training worker already hosts a run');
  runtime = await loadTf(r.backend, r.wasmRoot, new Map(r.lost));
  watchForLoss(runtime);
  let images: { pixels: Float32Array; count: number };
  try {
    images = await trainingImages(r.images);
  } catch (e) {
    throw new Error(`${DATA_ERROR}${message(e)}`);
  }
  hosted = await host(runtime, r, images);
  return { backend: runtime.backend.name, count: images.count };
}

/** The family's model with the page's weights, and its session (each family's code loads only when it is asked for). */
async function host({ tf }: Runtime, r: InitRequest, { pixels, count }: { pixels: Float32Array; count: number }): Promise<Hosted> {
  const withWeights = <M extends NetworkOwner>(model: M): M => {
    const shapes = model.network.getWeights().map((w) => w.shape);
    if (shapes.length !== r.weights.length) {
      model.dispose();
      throw new Error(`the worker's ${r.family} has ${shapes.length} weight tensors, the page's ${r.weights.length}`);
    }
    const tensors = r.weights.map((w, i) => tf.tensor(w, shapes[i]));
    model.network.setWeights(tensors);
    tf.dispose(tensors);
    return model;
  };
  switch (r.family) {
    case 'vae': {
      const [{ Vae }, { VaeSession }] = await Promise.all([import('../models/vae.js'), import('./vae-session.js')]);
      const model = withWeights(Vae.create(r.config, r.options.seed));
      const session = new VaeSession(tf, model, pixels, count, r.options);
      const decode = async (z: Float32Array, columns: number): Promise<SampleGrid> => {
        const { latentDim } = model.config;
        const image = tf.tidy(() => tileImages(tf, model.decode(tf.tensor2d(z, [z.length / latentDim, latentDim])), columns));
        const [height, width] = image.shape;
        return { pixels: (await readAndDispose(image)).slice(), width, height };
      };
      return { model, session, decode, dispose: () => { session.dispose(); model.dispose(); } };
    }
    case 'pixelcnn': {
      const [{ PixelCnn }, { PixelCnnSession }] = await Promise.all([import('../models/pixelcnn.js'), import('./pixelcnn-session.js')]);
      const model = withWeights(PixelCnn.create(r.config, r.options.seed));
      const session = new PixelCnnSession(tf, model, pixels, count, r.options);
      return { model, session, dispose: () => { session.dispose(); model.dispose(); } };
    }
    case 'pixelrnn': {
      const [{ PixelRnn }, { PixelCnnSession }] = await Promise.all([import('../models/pixelrnn.js'), import('./pixelcnn-session.js')]);
      const model = withWeights(PixelRnn.create(r.config, r.options.seed));
      const session = new PixelCnnSession(tf, model, pixels, count, r.options);
      return { model, session, dispose: () => { session.dispose(); model.dispose(); } };
    }
    case 'dcgan': {
      const [{ Dcgan }, { DigitClassifier }, { GanSession, SampleView }] =
        await Promise.all([import('../models/dcgan.js'), import('../models/classifier.js'), import('./gan-session.js')]);
      const model = withWeights(Dcgan.create(r.config));
      // no classifier (its weights did not load): no class shares, the run still trains
      const classifier = r.classifierUrl ? await DigitClassifier.load(r.classifierUrl).catch(() => undefined) : undefined;
      const session = new GanSession(tf, model, pixels, count, r.options, r.batchSize, r.emaDecay);
      const view = new SampleView(tf, r.config.zDim, r.sampleSeed);
      return {
        model, session,
        samples: async () => {
          const grid = await view.sampleGrid(session.sampler);
          return { grid: { ...grid, pixels: grid.pixels.slice() }, shares: classifier ? await view.classShares(session.sampler, classifier) : undefined };
        },
        dispose: () => { view.dispose(); session.dispose(); classifier?.dispose(); model.dispose(); },
      };
    }
  }
}

/** The training images, decoded here (off the page's thread) unless the page sent them. */
async function trainingImages(images: TrainingImages): Promise<{ pixels: Float32Array; count: number }> {
  if ('pixels' in images) return images;
  if ('mnist' in images) return loadMnist('train', images.mnist);
  return imagesFromSprite(images.sprite, images.tile);
}

/** When the worker's GPU goes, reads in flight give up (runtime/read.ts) and every later request says why. */
function watchForLoss(rt: Runtime): void {
  const { device, gl } = gpuOf(rt);
  const lost = (reason: string) => {
    if (lostReason) return;
    lostReason = `${rt.backend.name} ${reason}`;
    signalBackendLost(lostReason);
  };
  if (device) void device.lost.then((info) => lost(`device lost${info.message ? ` (${info.message})` : ''}`));
  else gl?.canvas.addEventListener('webglcontextlost', () => lost('context lost'), { once: true });
}

/** For tests: the worker's GPU goes away as in a driver reset. False where the backend has no GPU. */
function loseBackend(rt: Runtime): boolean {
  const { device, gl } = gpuOf(rt);
  if (device) device.destroy();
  else if (gl) gl.getExtension('WEBGL_lose_context')?.loseContext();
  return Boolean(device || gl);
}
