/**
 * What every generative element shares: the common attributes (src, loading, backend, seed, alt), lazy start when
 * first visible, one shared runtime and one shared model per URL, load progress and readable errors, a
 * frame-budgeted training loop that pauses off-screen, and a clean teardown on removal.
 */
import { html, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { catalogueReady, formatNumber, formatPercent, LocalizedElement, words, type Text } from './localize.js';
import { backendLostSoon, isBackendPreference, onBackendLost, type Runtime } from '../../runtime/runtime.js';
import type { Lease } from '../../runtime/shared.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { FrameLoop } from '../../runtime/loop.js';
import { message } from '../../runtime/backend.js';
import type { BackendPreference } from '../../runtime/backend.js';
import type * as TF from '@tensorflow/tfjs';
import { artifactsToFiles, downloadFiles } from '../../runtime/weights.js';
import { BackendLostEvent, ModelErrorEvent, ModelLoadEvent, ModelProgressEvent, TrainEndEvent, TrainStepEvent } from './events.js';
import { VisibilityController } from './visibility.js';
import { ColorSchemeController } from './color-scheme.js';
import { Announcer } from './announcer.js';
import { sanitizeChoice, sanitizeNumber } from './attributes.js';
import { ModelController, type Disposable, type LoadCallbacks } from './model-controller.js';

export type { Disposable, LoadCallbacks };
/** A model the element can show, dispose and export. */
export interface ElementModel extends Disposable { save(handler: TF.io.IOHandler): Promise<unknown> }

export interface TrainingLoop {
  /** one optimisation step; returns losses when it read them (every few steps), else nothing */
  step: (step: number) => Promise<Record<string, number> | void>;
  /** total steps (Infinity: until stop()) */
  steps: number;
  /** the steps run in a worker: the page only waits, so the loop does not give up the rest of the frame after each */
  offThread?: boolean;
  /** called once at the end; train-end fires when it has settled */
  end: (reason: 'done' | 'stopped' | 'error') => void | Promise<void>;
}

export abstract class GenerativeElement<M extends ElementModel> extends LocalizedElement {
  static override properties: PropertyDeclarations = {
    src: { type: String },
    loading: { type: String },
    backend: { type: String },
    seed: { type: Number },
    alt: { type: String },
    statusText: { state: true, attribute: false },
    errorText: { state: true, attribute: false },
    progress: { state: true, attribute: false },
    _loaded: { state: true, attribute: false },
    _training: { state: true, attribute: false },
  };

  /** URL of a model.json (default: the shipped pretrained model) */
  src?: string;
  /** lazy: start when first on screen; eager: at once */
  loading: 'lazy' | 'eager' = 'lazy';
  /** auto | webgpu | webgl | wasm | cpu (one backend per page: the first element to start decides) */
  backend: BackendPreference = 'auto';
  /** same seed, same pictures */
  seed = 0;
  /** accessible label of the canvas */
  alt = '';

  protected statusText: Text = '';
  protected errorText: Text = '';
  protected progress = -1;
  private _loaded = false;
  private _training = false;

  private loop?: FrameLoop;
  /** unsubscribes from the runtime's backend-loss notice (set while started) */
  private unwatchLoss?: () => void;
  /** the runtime, the model shown and its loads (see ModelController) */
  protected readonly models: ModelController<M> = new ModelController<M>(this, {
    kind: () => this.modelKind,
    backend: () => this.backend,
    load: (url, callbacks) => this.loadModel(url, callbacks),
    changed: () => this.modelChanged(),
    status: (text) => (this.statusText = text),
    loading: () => {
      this.stop();
      this.errorText = '';
      this.progress = 0;
      this.statusText = () => msg('Loading weights…');
    },
    progress: (fraction) => {
      this.progress = fraction;
      this.dispatchEvent(new ModelProgressEvent({ fraction }));
    },
    loaded: (url) => {
      this.progress = -1;
      this._loaded = true;
      this.statusText = '';
      this.dispatchEvent(new ModelLoadEvent({ backend: this.backendName, url }));
    },
    fail: (text, cause) => {
      this.progress = -1;
      this.fail(text, cause);
    },
  });
  protected readonly visibility = new VisibilityController(this, (visible) => {
    if (visible && this.loading !== 'eager') void this.start();
  });

  /** the tag, for messages */
  protected abstract readonly tag: string;
  /** cache key prefix: models of one kind and URL are shared */
  protected abstract readonly modelKind: string;
  /** URL of the shipped weights */
  protected abstract defaultSrc(): string;
  /** Loads a model (called once per URL per page, whatever the number of elements). */
  protected abstract loadModel(url: string, callbacks: LoadCallbacks): Promise<M>;
  /** The model shown changed (loaded, trained, or gone). */
  protected abstract modelChanged(): void;

  /** the backend the page runs on ('' before the runtime started) */
  get backendName(): string {
    return this.runtime?.backend.name ?? '';
  }
  /** a model is loaded and shown */
  get loaded(): boolean {
    return this._loaded;
  }
  /** training is running */
  get training(): boolean {
    return this._training;
  }
  /** the page's runtime (once started) */
  protected get runtime(): Runtime | undefined {
    return this.models.runtime;
  }
  /** the model shown now: shared (leased), the element's own (trained here) or borrowed */
  protected get model(): M | undefined {
    return this.models.model;
  }
  /** URL of the shown model when it was loaded from one (undefined for a model trained here) */
  protected get modelUrl(): string | undefined {
    return this.models.url;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.loading === 'eager') void this.start();
  }

  /** The page's colour scheme changed (light ↔ dark): the canvases are painted again in the new palette. */
  protected coloursChanged(): void {
    this.requestUpdate();
  }
  /** follows the page's colour scheme while connected */
  protected readonly colourScheme = new ColorSchemeController(this, () => this.coloursChanged());

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move within the page disconnects and reconnects in the same task: only a real removal tears down.
    queueMicrotask(() => {
      if (!this.isConnected) this.teardown();
    });
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('seed')) this.seed = sanitizeNumber(this.tag, 'seed', this.seed, { min: 0, max: 2 ** 31 - 1, fallback: 0, integer: true });
    if (changed.has('loading')) this.loading = sanitizeChoice(this.tag, 'loading', this.loading, ['lazy', 'eager'] as const, 'lazy');
    if (changed.has('backend') && !isBackendPreference(this.backend)) {
      this.backend = sanitizeChoice(this.tag, 'backend', this.backend, ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const, 'auto');
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('loading') && this.loading === 'eager') void this.start();
    // src (or anything else currentSrc() reads) changed after the start: load the new model.
    if (this.models.stale(this.currentSrc())) void this.models.load(this.currentSrc());
  }

  /** The absolute URL the element loads. */
  protected currentSrc(): string {
    return this.src ? new URL(this.src, document.baseURI).href : this.defaultSrc();
  }

  /** Starts the runtime and loads the model; called when first visible (or at once when eager). */
  protected start(): Promise<void> {
    if (!this.isConnected) return this.settled();
    this.watchForLoss();
    return this.models.start(() => this.currentSrc());
  }

  /** Resolves when no start or load is in flight (whatever its outcome). */
  protected settled(): Promise<void> {
    return this.models.settled();
  }

  /** While started, a lost GPU backend restarts the element on the next one (see backendLost). */
  protected watchForLoss(): void {
    this.unwatchLoss ??= onBackendLost((lost, reason) => this.backendLost(lost, reason));
  }

  /**
   * The page's backend died with every tensor on it: let go of everything (as on removal), say so, and start again;
   * the runtime picks the next backend. Work done in the page since the last save (training) is lost with the GPU.
   */
  protected backendLost(lost: string, reason: string): void {
    this.teardown();
    this.models.forgetRuntime();
    this.dispatchEvent(new BackendLostEvent({ lost, reason }));
    if (this.isConnected) void this.start();
  }

  /** Shows `model` from now on; a model without a lease is owned (and later disposed) by this element. */
  protected setModel(model: M | undefined, lease?: Lease<M>): void {
    this.models.set(model, lease);
  }

  /** Shows a model owned by someone else (e.g. a <gan-trainer>'s live generator): never disposed here. */
  protected borrowModel(model: M | undefined): void {
    if (model) this.models.borrow(model);
    else this.models.set(undefined);
    this._loaded = model !== undefined;
  }

  /** Shows an error in the element and fires model-error; the element keeps its last good state. */
  protected fail(text: Text, cause?: unknown): void {
    this.errorText = text;
    this.dispatchEvent(new ModelErrorEvent({ message: this.i18n.words(text), cause }));
  }

  /**
   * fail() for an error from work on the GPU: shown unless the backend turns out lost (then the element starts again
   * on the next backend, and the error was part of the loss).
   */
  protected failOnDevice(text: Text, cause?: unknown): void {
    const rt = this.runtime;
    const life = this.models.signal;
    if (!rt) return;
    void backendLostSoon(rt).then((gone) => {
      if (!gone && !life.aborted) this.fail(text, cause);
    });
  }

  /** Runs a frame-budgeted training loop; resolves when it ends. */
  protected runTraining(loop: TrainingLoop): Promise<void> {
    this.stop();
    let step = 0;
    let reason: 'done' | 'stopped' | 'error' = 'stopped';
    let ended: Promise<void> = Promise.resolve();
    this._training = true;
    this.errorText = '';
    this.loop = new FrameLoop({
      isActive: () => this.visibility.visible,
      budgetMs: loop.offThread ? Infinity : undefined,
      step: async () => {
        if (step >= loop.steps) {
          reason = 'done';
          return false;
        }
        const losses = await loop.step(step++);
        if (losses) this.dispatchEvent(new TrainStepEvent({ step, losses }));
        return true;
      },
      onEnd: (error) => {
        if (error) {
          reason = 'error';
          this.failOnDevice(() => msg(str`training stopped: ${message(error)}`), error);
        }
        this._training = false;
        this.loop = undefined;
        // the end may wait (a worker hands its last weights to the page's model) before train-end tells the page
        ended = Promise.resolve()
          .then(() => loop.end(reason))
          .catch((e) => console.warn(`<${this.tag}> ${message(e)}`))
          .then(() => void this.dispatchEvent(new TrainEndEvent({ step, reason })));
      },
    });
    return this.loop.start().done.then(() => ended);
  }

  /**
   * Saves the model shown (shipped, loaded or trained here) as `<name>.json` + `<name>.weights.bin`, which `src`
   * loads back. Downloads them unless `download` is false; returns the files either way.
   */
  async exportWeights({ download = true, name = this.tag }: { download?: boolean; name?: string } = {}): Promise<File[]> {
    const tf = this.runtime?.tf;
    if (!this.model || !tf || (this.model as { isDisposed?: boolean }).isDisposed) {
      this.fail(() => msg('nothing to export: no model is loaded (or the one followed was removed)'));
      return [];
    }
    let files: File[] = [];
    await this.model.save(tf.io.withSaveHandler(async (artifacts) => {
      files = artifactsToFiles(artifacts, name);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    if (download) downloadFiles(files);
    return files;
  }

  /** Stops training (the model keeps what it learned). */
  stop(): void {
    this.loop?.stop();
  }

  /** Releases everything: called when the element leaves the page. */
  protected teardown(): void {
    this.stop();
    this.unwatchLoss?.();
    this.unwatchLoss = undefined;
    this._loaded = false;
    this.models.teardown('the element was removed');
  }

  /**
   * The status line: errors first, then progress, then the element's own line — short, in a reader's words (what
   * model, its quality, where it runs). `detail` (the backend by name and why better ones were passed over, the
   * model's size, the run's settings) is the line's title. A screen reader hears it from a polite live region that
   * follows it at most every few seconds (training changes the line at every step; errors are said at once).
   */
  protected renderStatus(plain: Text, detail: Text = ''): TemplateResult {
    const error = words(this.errorText);
    const own = words(plain);
    const text = error || (this.progress >= 0 ? msg(str`Loading weights… ${formatPercent(this.progress)}`) : words(this.statusText) || own);
    const title = text === own && words(detail) ? words(detail) : undefined;
    return html`<div part="status" class=${error ? 'status error' : 'status'} title=${ifDefined(title)}>${text}</div>
      <div class="sr-only" role="status">${this.announcer.say(text, Boolean(error) || this.languageChanged(), () => this.requestUpdate())}</div>`;
  }
  private readonly announcer = new Announcer();
  /** the language the live region last spoke (a catalogue still loading counts as another language) */
  private spokenIn = '';
  /** The element's language changed since the live region last spoke: it says the new words at once. */
  private languageChanged(): boolean {
    const now = `${this.i18n.locale}${catalogueReady(this.i18n.locale) ? '' : ' (loading)'}`;
    const changed = now !== this.spokenIn;
    this.spokenIn = now;
    return changed;
  }

  /** Where the model runs, in a reader's words: on the GPU, on a software GPU, or on the CPU ('' before the runtime). */
  protected whereItRuns(): string {
    const b = this.runtime?.backend;
    if (!b) return '';
    if (b.name === 'webgl' || b.name === 'webgpu') return b.software ? msg('on a software GPU') : msg('on the GPU');
    return msg('on the CPU');
  }

  /** The backend and why better ones were passed over, for the status line. */
  protected backendSummary(): string {
    const b = this.runtime?.backend;
    if (!b) return '';
    const reasons = b.readerReasons?.map((r) => r()) ?? b.reasons;
    const threads = b.threads && b.threads > 1 ? msg(str`, ${formatNumber(b.threads)} threads`) : '';
    const name = `${b.name}${threads}${b.software ? msg(', software GPU') : ''}`;
    return reasons.length ? msg(str`${name} (${reasons.join(msg('; '))})`) : name;
  }
}
