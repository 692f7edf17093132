/**
 * The page's side of a training run in a Web Worker (src/training/gan-worker.ts). It drives the run like a
 * GanSession (one round per step()), and sync() copies the worker's weights into the page's model, which the
 * element shows, checkpoints, exports and lends to <gan-interpolator>. The page's model is never trained here.
 */
import type * as TF from '@tensorflow/tfjs';
import type { Dcgan, DcganTrainerOptions } from '../models/dcgan.js';
import type { BackendName } from '../runtime/backend.js';
import type { GanFigures, TrainingSession } from './gan-session.js';
import type { Envelope, InitRequest, InitResult, MemoryResult, Reply, Request, SnapshotResult } from './gan-worker-protocol.js';

/** What a run needs besides the model (whose config and weights the client sends itself). */
export type WorkerSessionOptions = Omit<InitRequest, 'type' | 'config' | 'weights'>;

export interface WorkerSnapshot {
  grid?: SnapshotResult['grid'];
  shares?: number[];
}

export class WorkerGanSession implements TrainingSession {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private failure?: Error;
  private disposed = false;
  /** the backend the worker runs on */
  backend: BackendName = 'cpu';
  /** how many training images the worker holds */
  count = 0;

  private constructor(private readonly tf: typeof TF, readonly gan: Dcgan, private readonly worker: Worker) {
    worker.onmessage = (e: MessageEvent<Reply>) => {
      const reply = e.data;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new Error(reply.message));
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.abort(new Error(`the training worker failed${e.message ? `: ${e.message}` : ' to load (its script is missing, or the page’s Content-Security-Policy has no worker-src for it)'}`));
    };
    worker.onmessageerror = () => this.abort(new Error('the training worker sent a message the page could not read'));
  }

  /** Starts a worker holding a copy of `gan` and the dataset; rejects (and cleans up) if it cannot train. */
  static async start(tf: typeof TF, gan: Dcgan, o: WorkerSessionOptions): Promise<WorkerGanSession> {
    const worker = new Worker(new URL('./gan-worker.ts', import.meta.url), { type: 'module', name: 'gan-trainer' });
    const session = new WorkerGanSession(tf, gan, worker);
    try {
      const weights = await Promise.all(gan.network.getWeights().map(async (w) => Float32Array.from(await w.data())));
      const init: InitRequest = {
        type: 'init', backend: o.backend, wasmRoot: o.wasmRoot, config: gan.config, weights,
        images: o.images, options: o.options, batchSize: o.batchSize, emaDecay: o.emaDecay, sampleSeed: o.sampleSeed, classifierUrl: o.classifierUrl,
      };
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

  async step(read: boolean): Promise<GanFigures | undefined> {
    return (await this.request({ type: 'step', read })) as GanFigures | undefined;
  }

  retune(options: DcganTrainerOptions): void {
    this.request({ type: 'retune', options }).catch(() => undefined); // a failure shows on the next step
  }

  /**
   * Copies the worker's current weights into the page's model; with `samples`, also returns the fixed-z grid and
   * the class shares the worker drew (so the page runs no generator pass of its own while training).
   */
  async sync(samples: boolean): Promise<WorkerSnapshot> {
    const snap = (await this.request({ type: 'snapshot', samples })) as SnapshotResult;
    const net = this.gan.network;
    if (this.gan.isDisposed) return {};
    const shapes = net.getWeights().map((w) => w.shape);
    const tensors = snap.weights.map((w, i) => this.tf.tensor(w, shapes[i]));
    net.setWeights(tensors);
    this.tf.dispose(tensors);
    return { grid: snap.grid, shares: snap.shares };
  }

  /** The worker's own tfjs memory (the page's tf.memory() does not see it). */
  async memory(): Promise<MemoryResult> {
    return (await this.request({ type: 'memory' })) as MemoryResult;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.worker.terminate();
    this.abort(new Error('the training worker was stopped'));
  }

  private request(body: Request, transfer: Transferable[] = []): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.disposed) return Promise.reject(new Error('the training worker was stopped'));
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
