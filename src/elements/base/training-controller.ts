/**
 * Where an element's model trains: a reactive controller that opens the run's session in the training worker
 * (src/training/worker-client.ts) by default, or on the page's thread for training-thread="main" and wherever no
 * worker starts; keeps it across pause and play while nothing it was opened with changes; moves a worker run whose
 * GPU was lost to a fresh worker on the next backend (from the page's last copy of the weights); and ends it when
 * the element leaves the page. Elements hold no training loop of their own: they open a session here and step it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { msg, str } from '@lit/localize';
import type * as TF from '@tensorflow/tfjs';
import type { NetworkOwner } from '../../models/load.js';
import type { Figures, TrainingSession } from '../../training/session.js';
import { DATA_ERROR, LOST_ERROR } from '../../training/protocol.js';
import { dataError, WorkerSession, type WorkerSessionOptions } from '../../training/worker-client.js';
import { message } from '../../runtime/backend.js';
import { loadMnist, type DigitSet } from '../../data/mnist.js';
import { words, type Text } from './localize.js';
import { explained } from '../../runtime/reader-text.js';

export type TrainingThread = 'worker' | 'main';

export interface SessionPlan<M extends NetworkOwner> {
  /** what the session was opened with (data, batch size, thread …): another key opens a new session */
  key: string;
  /** the worker's run: family, config, images, options */
  worker: () => WorkerSessionOptions;
  /** the same run on the page's thread */
  main: () => Promise<TrainingSession<M>>;
}

/** What the controller needs of its element to open a run for it. */
export interface TrainingHost extends ReactiveControllerHost {
  readonly localName: string;
  readonly isConnected: boolean;
}

export interface TrainingControllerOptions<M> {
  /** training-thread: where a new run trains */
  thread: () => TrainingThread;
  /** the model the element shows now (a run whose model is no longer shown ends) */
  shown: () => M | undefined;
  /** shows a readable failure in the element (status line and model-error) */
  fail: (text: Text, cause: unknown) => void;
}

export class TrainingController<M extends NetworkOwner> implements ReactiveController {
  private current?: TrainingSession<M>;
  private key = '';
  private plan?: SessionPlan<M>;
  private tf?: typeof TF;
  private where?: TrainingThread;
  /** the model whose worker run begin() is opening */
  private opening?: M;
  /** where the run trains, for the status line ('' before the first step): its words when read (at render time) */
  get note(): string {
    return words(this.noteText);
  }
  private noteText: Text = '';

  constructor(private readonly host: TrainingHost, private readonly options: TrainingControllerOptions<M>) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.end();
  }

  get session(): TrainingSession<M> | undefined {
    return this.current;
  }

  /** Where the current (or else the last) run trains: 'worker', 'main', or undefined before the first run. */
  get trainingIn(): TrainingThread | undefined {
    return this.where;
  }

  /** The run's worker while it trains `model` (the model the element shows). */
  worker(model: M | undefined): WorkerSession<M> | undefined {
    const s = this.current;
    return s instanceof WorkerSession && s.alive && s.model === model ? (s as WorkerSession<M>) : undefined;
  }

  /**
   * True while `model`'s run is being opened for the worker, or trains there: the page leaves the model's compute
   * (drawing, scoring) to the worker or to the end of the run, so that the page's thread stays free from Play on.
   */
  offThread(model: M | undefined): boolean {
    return model !== undefined && (this.opening === model || this.worker(model) !== undefined);
  }

  /**
   * The session that trains `model` as `plan` says: the open one if nothing changed, else a new one (in a worker
   * unless the element asks for the main thread or no worker starts). Throws a readable message when the training
   * images cannot load (no use trying the other thread).
   */
  async open(tf: typeof TF, model: M, plan: SessionPlan<M>): Promise<TrainingSession<M>> {
    const s = this.current;
    if (s && this.key === plan.key && s.model === model && (!(s instanceof WorkerSession) || s.alive)) return s;
    this.end();
    this.tf = tf;
    let session: TrainingSession<M> | undefined;
    if (this.options.thread() === 'worker') {
      try {
        if (typeof Worker === 'undefined') throw explained(() => msg('this browser has no Web Workers'));
        const remote = await WorkerSession.start(tf, model, plan.worker());
        session = remote;
        const backend = remote.backend;
        this.noteText = () => msg(str`training in a worker (${backend})`);
      } catch (e) {
        const why = message(e);
        if (why.startsWith(DATA_ERROR)) throw e;
        console.warn(`<${this.host.localName}> trains on the main thread, which stalls the page during each step: ${why}`);
        this.noteText = () => msg(str`training on the main thread (no worker: ${message(e)})`);
      }
    } else {
      this.noteText = () => msg('training on the main thread');
    }
    session ??= await plan.main();
    this.current = session;
    this.where = session instanceof WorkerSession ? 'worker' : 'main';
    this.key = plan.key;
    this.plan = plan;
    this.host.requestUpdate();
    return session;
  }

  /**
   * open(), for the element: a failure (the training images cannot load) is shown in the element while it still
   * shows `model`, and a run whose element moved on meanwhile (another model shown, or removed) ends at once.
   * Resolves with the session, or undefined when there is nothing to train.
   */
  async begin(tf: typeof TF, model: M, plan: SessionPlan<M>): Promise<TrainingSession<M> | undefined> {
    let session: TrainingSession<M>;
    this.opening = this.options.thread() === 'worker' ? model : undefined;
    try {
      session = await this.open(tf, model, plan);
    } catch (e) {
      if (this.options.shown() === model) this.options.fail(() => message(e), e);
      return undefined;
    } finally {
      if (this.opening === model) this.opening = undefined;
    }
    if (this.options.shown() !== model || !this.host.isConnected) {
      this.end();
      return undefined;
    }
    return session;
  }

  /**
   * One step of the open session. A worker whose GPU was lost is replaced by a fresh one on the next backend,
   * started from the page's copy of the weights (the steps since the last sync are lost with the GPU, as on the page).
   */
  async step(read: boolean): Promise<Figures | undefined> {
    const s = this.current;
    if (!s) throw new Error('no training session is open');
    try {
      return await s.step(read);
    } catch (e) {
      if (!(s instanceof WorkerSession) || !message(e).startsWith(LOST_ERROR) || !this.plan || !this.tf || s !== this.current) throw e;
      console.warn(`<${this.host.localName}> ${message(e)}; the run goes on in a new worker on another backend`);
      const plan = this.plan;
      this.end();
      const next = await this.open(this.tf, s.model, plan);
      return next.step(read);
    }
  }

  /**
   * Ends the run's session. With keepWeights, a worker first hands its last weights to the page's model (after
   * answering what was asked of it), then stops.
   */
  end({ keepWeights = false } = {}): void {
    const s = this.current;
    this.current = undefined;
    this.plan = undefined;
    this.key = '';
    this.noteText = '';
    if (keepWeights && s instanceof WorkerSession && s.alive) void s.sync().catch(() => undefined).finally(() => s.dispose());
    else s?.dispose();
  }
}

/** The shipped training digits for a session on the page's thread; a failure reads as the worker's would. */
export async function trainingDigits(): Promise<DigitSet> {
  try {
    return await loadMnist('train');
  } catch (e) {
    throw dataError(e);
  }
}
