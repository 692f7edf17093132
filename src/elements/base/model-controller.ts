/**
 * The model an element shows, from its first start to its removal (a reactive controller): starts the page's runtime,
 * loads a URL through the page's shared models, and holds what it shows — a lease on a shared model, a model of its
 * own (trained here, disposed here) or one borrowed from another element (never disposed here).
 *
 * Cancellation is two AbortControllers, no tokens: one per load (a newer load or the element's removal aborts the
 * load in flight: its downloads stop when no other element waits for them, and its late result is let go) and one
 * per start (the element's removal aborts it: a runtime or device answer that arrives after that changes nothing).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { msg, str } from '@lit/localize';
import { startRuntime, type Runtime } from '../../runtime/runtime.js';
import { acquire, type Lease } from '../../runtime/shared.js';
import { message, type BackendPreference } from '../../runtime/backend.js';
import type { Text } from './localize.js';

export interface Disposable { dispose(): void }

export interface LoadCallbacks {
  onProgress: (fraction: number) => void;
  /** aborts when no element waits for this load any more (pass it to the fetches) */
  signal: AbortSignal;
}

/** What the controller asks of, and tells, its element. */
export interface ModelControllerOptions<M extends Disposable> {
  /** cache key prefix: models of one kind and URL are shared by every element of the page */
  kind: () => string;
  /** the backend preference of the element that starts the runtime */
  backend: () => BackendPreference;
  /** loads a model (called once per URL per page, whatever the number of elements) */
  load: (url: string, callbacks: LoadCallbacks) => Promise<M>;
  /** the model shown changed (loaded, trained, borrowed, or gone) */
  changed: () => void;
  /** a line for the status (a step of the start, or '' when done) */
  status: (text: Text) => void;
  /** a load begins (the element stops what it was doing with the model it showed) */
  loading: () => void;
  /** the load in flight reports its progress, in 0..1 */
  progress: (fraction: number) => void;
  /** the load from `url` is shown */
  loaded: (url: string) => void;
  /** a start or a load failed (no load is in flight any more): say so, the element keeps what it showed */
  fail: (text: Text, cause: unknown) => void;
}

export class ModelController<M extends Disposable> implements ReactiveController {
  /** the page's runtime (set once started) */
  runtime?: Runtime;
  /** the model shown now */
  model?: M;
  /** URL of the shown model when it was loaded from one (undefined for a model trained here or borrowed) */
  url?: string;
  private lease?: Lease<M>;
  private started = false;
  private requestedSrc?: string;
  /** aborted when the element is torn down (removal, a lost backend, a new source to follow) */
  private life = new AbortController();
  /** aborts the load in flight */
  private loadAbort?: AbortController;
  /** the start or load in flight, if any */
  private pending?: Promise<void>;

  constructor(host: ReactiveControllerHost, private readonly options: ModelControllerOptions<M>) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** aborts when the element is torn down: work begun before that must not touch the element after it */
  get signal(): AbortSignal {
    return this.life.signal;
  }

  /** Starts the runtime and loads `url()` (once; later calls wait for what is in flight). */
  start(url: () => string): Promise<void> {
    if (this.started) return this.settled();
    return this.track(this.startAndLoad(url));
  }

  /** True when the element was started on another URL than `url` (its source changed since): load it then. */
  stale(url: string): boolean {
    return this.started && this.runtime !== undefined && this.requestedSrc !== undefined && url !== this.requestedSrc;
  }

  /** Resolves when no start or load is in flight (whatever its outcome). */
  async settled(): Promise<void> {
    while (this.pending) {
      const p = this.pending;
      await p;
      if (p === this.pending) this.pending = undefined;
    }
  }

  /** The page's runtime, started if it was not (undefined, and the element told why, when it cannot start). */
  async ensureRuntime(): Promise<Runtime | undefined> {
    if (this.runtime) return this.runtime;
    const life = this.life.signal;
    this.options.status(() => msg('Starting TensorFlow.js…'));
    try {
      const runtime = await startRuntime(this.options.backend());
      if (life.aborted) return undefined;
      this.runtime = runtime;
      return runtime;
    } catch (e) {
      if (!life.aborted) this.options.fail(() => msg(str`TensorFlow.js could not start: ${message(e)}`), e);
      return undefined;
    }
  }

  /** Loads `url` in place of what is shown (aborting a load in flight). */
  load(url: string): Promise<void> {
    return this.track(this.loadNow(url));
  }

  private track(work: Promise<void>): Promise<void> {
    const p = work.catch(() => undefined);
    this.pending = p;
    return p;
  }

  private async startAndLoad(url: () => string): Promise<void> {
    this.started = true;
    if (!(await this.ensureRuntime())) {
      if (!this.life.signal.aborted) this.started = false;
      return;
    }
    await this.loadNow(url());
  }

  private async loadNow(url: string): Promise<void> {
    this.loadAbort?.abort(new DOMException('a newer load replaced this one', 'AbortError'));
    const abort = new AbortController();
    this.loadAbort = abort;
    this.requestedSrc = url;
    const { options } = this;
    options.loading();
    try {
      const lease = await acquire(`${options.kind()}|${url}`, (signal) => options.load(url, {
        signal,
        onProgress: (fraction) => {
          if (!abort.signal.aborted) options.progress(fraction);
        },
      }), (m) => m.dispose(), abort.signal);
      if (abort.signal.aborted) {
        lease.release();
        return;
      }
      this.url = url;
      this.set(lease.value, lease);
      options.loaded(url);
    } catch (e) {
      if (abort.signal.aborted) return;
      options.fail(() => message(e), e);
    }
  }

  /** Shows `model` from now on; a model without a lease is owned (and later disposed) by the element. */
  set(model: M | undefined, lease?: Lease<M>): void {
    if (model === this.model) {
      // The model shown already (e.g. its src again after a failed one): one lease on it is enough.
      if (lease && lease !== this.lease) lease.release();
      return;
    }
    const previous = { model: this.model, lease: this.lease };
    if (!lease) this.url = undefined;
    this.model = model;
    this.lease = lease;
    this.options.changed();
    if (previous.lease) previous.lease.release();
    else previous.model?.dispose();
  }

  /** Shows a model owned by someone else (never disposed here). */
  borrow(model: M): void {
    this.url = undefined; // before set: changed() must not see the previous model's URL
    this.set(model, { value: model, release: () => undefined });
  }

  /** Lets go of everything: the load in flight, the start, the model shown. The next start() starts afresh. */
  teardown(reason: string): void {
    this.life.abort(new DOMException(reason, 'AbortError'));
    this.life = new AbortController();
    this.loadAbort?.abort(new DOMException(reason, 'AbortError'));
    this.loadAbort = undefined;
    this.started = false;
    this.requestedSrc = undefined;
    this.set(undefined);
  }

  /** The runtime's backend was lost: start again on the next one. */
  forgetRuntime(): void {
    this.runtime = undefined;
  }
}
