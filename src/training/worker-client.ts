/**
 * The page's side of a training run in the training worker (src/training/worker.ts). It drives the run like a
 * session on the page (one step per step()), and sync() copies the worker's weights into the page's model, which
 * the element shows, checkpoints, exports and lends to other elements. The page's model is never trained here.
 */
import type * as TF from '@tensorflow/tfjs';
import type { NetworkOwner } from '../models/load.js';
import { hostCopy, keepHostCopy } from '../models/host-weights.js';
import { msg, str } from '@lit/localize';
import { lossWords, message, type BackendName } from '../runtime/backend.js';
import { explain, explained } from '../runtime/reader-text.js';
import { lostBackends } from '../runtime/runtime.js';
import { nextTask } from '../runtime/loop.js';
import type { Family, Figures, TrainingSession } from './session.js';
import { DATA_ERROR, LOST_ERROR, type Envelope, type FamilyInit, type InitRequest, type InitResult, type MemoryResult, type Reply, type Request, type RetuneOptions, type SampleGrid, type SnapshotResult } from './protocol.js';

/** What a run needs besides the model (whose weights the client sends itself). */
export type WorkerSessionOptions = Pick<InitRequest, 'backend' | 'wasmRoot' | 'images'> & FamilyInit;

export type WorkerSnapshot = Pick<SnapshotResult, 'grid' | 'shares'>;

/**
 * The training images did not load: English with DATA_ERROR's prefix for the page's code (no use retrying the run
 * elsewhere), the reader's words when shown (reader-text.ts).
 */
export function dataError(cause: unknown): Error {
  return explain(new Error(`${DATA_ERROR}${message(cause)}`), () => msg(str`training data could not load: ${message(cause)}`));
}

/**
 * A failure the worker replied with (English): the two it starts with a known prefix (its training images did not
 * load, its GPU was lost) also in a reader's words; the rest of the message is the worker's, in English.
 */
function workerError(text: string): Error {
  const error = new Error(text);
  if (text.startsWith(DATA_ERROR)) {
    const detail = text.slice(DATA_ERROR.length);
    return explain(error, () => msg(str`training data could not load: ${detail}`));
  }
  if (text.startsWith(LOST_ERROR)) {
    const detail = text.slice(LOST_ERROR.length);
    return explain(error, () => msg(str`the training worker lost its GPU: ${lossWords(detail)}`));
  }
  return error;
}

/** backends a training worker of this page lost, with why: later workers start on another one */
const lostInWorkers = new Map<BackendName, string>();

export class WorkerSession<M extends NetworkOwner = NetworkOwner, F extends Family = Family> implements TrainingSession<M, RetuneOptions<F>> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private failure?: Error;
  private disposed = false;
  /** the backend the worker runs on */
  backend: BackendName = 'cpu';
  /** how many training images the worker holds */
  count = 0;

  private constructor(private readonly tf: typeof TF, readonly model: M, private readonly worker: Worker) {
    worker.onmessage = (e: MessageEvent<Reply>) => {
      const reply = e.data;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) {
        waiting.resolve(reply.result);
        return;
      }
      if (reply.message.startsWith(LOST_ERROR)) lostInWorkers.set(this.backend, reply.message.slice(LOST_ERROR.length));
      waiting.reject(workerError(reply.message));
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      const why = e.message;
      this.abort(explained(() => why ? msg(str`the training worker failed: ${why}`) : msg('the training worker failed to load (its script is missing, or the page’s Content-Security-Policy has no worker-src for it)')));
    };
    worker.onmessageerror = () => this.abort(explained(() => msg('the training worker sent a message the page could not read')));
  }

  /** Starts a worker holding a copy of `model` and the dataset; rejects (and cleans up) if it cannot train. */
  static async start<M extends NetworkOwner, F extends Family>(tf: typeof TF, model: M, o: WorkerSessionOptions & { family: F }): Promise<WorkerSession<M, F>> {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: `${o.family}-training` });
    const session = new WorkerSession<M, F>(tf, model, worker);
    try {
      const weights = await readWeights(tf, model);
      const lost = new Map([...lostBackends(), ...lostInWorkers]);
      const init = { ...o, type: 'init', weights, lost: [...lost] } as InitRequest;
      const transfer: Transferable[] = weights.map((w) => w.buffer);
      if ('pixels' in o.images) transfer.push(o.images.pixels.buffer);
      const result = (await session.request(init, transfer)) as InitResult;
      session.backend = result.backend;
      session.count = result.count;
      return session;
    } catch (e) {
      session.dispose();
      throw e;
    }
  }

  /** dispose() was called: requests cut short by it are no failure of the run */
  get stopped(): boolean {
    return this.disposed;
  }

  get alive(): boolean {
    return !this.disposed && !this.failure;
  }

  async step(read: boolean): Promise<Figures | undefined> {
    return (await this.request({ type: 'step', read })) as Figures | undefined;
  }

  retune(options: RetuneOptions<F>): void {
    this.request({ type: 'retune', options }).catch(() => undefined); // a failure shows on the next step
  }

  /**
   * Copies the worker's current weights into the page's model; for the DCGAN with `samples`, also returns the
   * fixed-z grid and the class shares the worker drew (so the page runs no generator pass of its own while training).
   */
  async sync(samples = false): Promise<WorkerSnapshot> {
    const snap = (await this.request({ type: 'snapshot', samples })) as SnapshotResult;
    const net = this.model.network;
    if (this.model.isDisposed) return {};
    const shapes = net.getWeights().map((w) => w.shape);
    const tensors = snap.weights.map((w, i) => this.tf.tensor(w, shapes[i]));
    net.setWeights(tensors);
    this.tf.dispose(tensors);
    net.getWeights().forEach((w, i) => keepHostCopy(w, snap.weights[i])); // a later run starts from these bytes
    return { grid: snap.grid, shares: snap.shares };
  }

  /** The VAE's decoder in the worker on `z` (count × latentDim), tiled `columns` wide (intensities). */
  async decode(z: Float32Array, columns: number): Promise<SampleGrid> {
    return (await this.request({ type: 'decode', z, columns })) as SampleGrid;
  }

  /** The worker's own tfjs memory (the page's tf.memory() does not see it). */
  async memory(): Promise<MemoryResult> {
    return (await this.request({ type: 'memory' })) as MemoryResult;
  }

  /** For tests of the recovery: the worker's GPU goes away as in a driver reset (false: it has none). */
  async loseBackend(): Promise<boolean> {
    return (await this.request({ type: 'lose-backend' })) as boolean;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.worker.terminate();
    this.abort(explained(() => msg('the training worker was stopped')));
  }

  private request(body: Request, transfer: Transferable[] = []): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.disposed) return Promise.reject(explained(() => msg('the training worker was stopped')));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...body, id } satisfies Envelope<Request>, transfer);
    });
  }

  private abort(error: Error): void {
    this.failure ??= error;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}

/**
 * The model's weights as copies the page can hand over (transfer) to the worker: one tensor per task, so that a big
 * model does not hold the page's thread for its whole copy (on wasm and cpu a read resolves at once, in the same task).
 * Weights the page holds as bytes (loaded, or sent back by a worker: host-weights.ts) are copied from those, with no
 * read-back from the GPU.
 */
async function readWeights(tf: typeof TF, model: NetworkOwner): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const w of model.network.getWeights()) {
    await nextTask(); // (also ends the task that made the model)
    // a copy either way: the cpu backend's data() is the tensor's own storage, and the copy is transferred
    out.push(new Float32Array(hostCopy(tf, w) ?? (await w.data())));
  }
  return out;
}
