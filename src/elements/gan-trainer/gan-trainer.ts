/** <gan-trainer>: a DCGAN trained live in the page, the lecture's two-player game made visible. */
import { type PropertyDeclarations, type PropertyValues } from 'lit';
import type { Dcgan, DcganTrainerOptions, GeneratorLoss } from '../../models/dcgan.js';
import type { DigitClassifier } from '../../models/classifier.js';
import { GenerativeElement, type LoadCallbacks } from '../base/generative-element.js';
import { GeneratorChangeEvent, GeneratorRemoveEvent } from '../base/events.js';
import { sanitizeChoice, sanitizeNumber } from '../base/attributes.js';
import { prefersReducedMotion } from '../base/visibility.js';
import { shippedUrl, wasmRoot } from '../../runtime/assets.js';
import type { Lease } from '../../runtime/shared.js';
import { leaseDigitClassifier } from '../parts/digit-classifier.js';
import { loadMnist } from '../../data/mnist.js';
import { imagesFromFiles, imagesFromSprite, type ImageSet } from '../../data/images.js';
import { cssColor, paintIntensities } from '../parts/tiles.js';
import { LossChart } from '../parts/loss-chart.js';
import { defaultBatchSize } from '../../training/batch.js';
import { GanSession, SampleView, type GanFigures } from '../../training/gan-session.js';
import { DATA_ERROR, type TrainingImages } from '../../training/protocol.js';
import { TrainingController } from '../base/training-controller.js';
import { CheckpointController } from '../base/checkpoint-controller.js';
import { DropController } from '../base/drop-controller.js';
import { styles } from './gan-trainer.styles.js';
import { renderTrainer } from './gan-trainer.view.js';
import { Coalesced } from '../base/coalesced.js';

const TAG = 'gan-trainer';
const SCRATCH = 'scratch:';

export interface GanTrainOptions {
  /** rounds of the game (k D steps + 1 G step each); default: until stop() */
  steps?: number;
}

/**
 * Trains a DCGAN live on the shipped MNIST digits, a sprite at a URL, or images dropped onto it: D and G losses on
 * a live chart, D(x) and D(G(z)), a grid of samples from fixed z, steps per second, and the share of each digit
 * class among recent samples (judged by a small shipped classifier) to show mode collapse. Checkpoints to
 * IndexedDB and offers to resume after a reload. `<gan-interpolator generator="id">` can follow its generator.
 *
 * @tag gan-trainer
 * @summary Train a DCGAN in the page and watch the minimax game: losses, D(x), D(G(z)), samples, mode collapse.
 * @event model-load - weights loaded (pretrained, checkpoint or fresh): {backend, url}
 * @event model-progress - weights loading: {fraction}
 * @event model-error - a readable message: {message, cause}
 * @event backend-lost - the page's GPU was lost; the element starts again on the next backend: {lost, reason}
 * @event train-step - after the first round of a run, then every 5 rounds: {step, losses: {dLoss, gLoss, dReal, dFake}}
 * @event train-end - training paused or ended: {step, reason}
 * @event generator-change - the generator's weights changed (followers redraw): {step}
 * @event generator-remove - (on the document) an element with an id was removed, its generator with it: {id}
 * @csspart canvas - the grid of samples from fixed z
 * @csspart controls - play, pause, step, reset and the hyperparameters
 * @csspart status - the status line
 * @cssproperty --ge-ink - colour of the samples' strokes
 * @cssproperty --ge-paper - background colour
 * @cssproperty --ge-accent - highlight colour
 * @cssproperty --ge-max-width - the element's maximum width (default 760px)
 */
export class GanTrainer extends GenerativeElement<Dcgan> {
  static override properties: PropertyDeclarations = {
    trainingData: { type: String, attribute: 'dataset' },
    tileSize: { type: Number, attribute: 'tile-size' },
    batchSize: { type: Number, attribute: 'batch-size' },
    lrG: { type: Number, attribute: 'lr-g' },
    lrD: { type: Number, attribute: 'lr-d' },
    dSteps: { type: Number, attribute: 'd-steps' },
    loss: { type: String },
    zDim: { type: Number, attribute: 'z-dim' },
    init: { type: String },
    checkpointEvery: { type: Number, attribute: 'checkpoint-every' },
    trainingThread: { type: String, attribute: 'training-thread' },
    ema: { type: Number },
    step: { state: true, attribute: false },
    figures: { state: true, attribute: false },
    shares: { state: true, attribute: false },
    stepsPerSecond: { state: true, attribute: false },
    datasetNote: { state: true, attribute: false },
  };
  static override styles = styles;

  /** attribute `dataset`: 'mnist' (the shipped 9,000 training digits) or the URL of an image sprite */
  trainingData = 'mnist';
  /** side of one image in a sprite, in pixels (resized to 28) */
  tileSize = 28;
  /**
   * images per batch, 1–512; unset: chosen for the backend so that a round takes about a second (64 on a GPU, 32 on
   * wasm, 8 on a software GPU or the cpu backend: `effectiveBatchSize`, named in the status line)
   */
  batchSize?: number;

  /** the batch a round uses: `batchSize`, else the backend's default (defaultBatchSize) */
  get effectiveBatchSize(): number {
    return this.batchSize ?? defaultBatchSize(this.runtime?.backend);
  }
  /** Adam learning rate of the generator */
  lrG = 2e-4;
  /** Adam learning rate of the discriminator */
  lrD = 2e-4;
  /** k: discriminator steps per generator step, 1–10 */
  dSteps = 1;
  /** generator loss: non-saturating −log D(G(z)) or the original minimax log(1 − D(G(z))) */
  loss: GeneratorLoss = 'non-saturating';
  /** size of z for a model started from scratch, 2–256 */
  zDim = 64;
  /** start from the shipped pretrained weights (or src) or from scratch */
  init: 'pretrained' | 'scratch' = 'pretrained';
  /** save a checkpoint to IndexedDB every this many steps (0: never) */
  checkpointEvery = 200;
  /**
   * where the game is played: 'worker' (default) keeps the page responsive, since a round on wasm or the CPU is
   * seconds of uninterrupted work; 'main' trains on the page's own thread (also the fallback when no worker starts)
   */
  trainingThread: 'worker' | 'main' = 'worker';
  /**
   * decay of an exponential moving average of G's weights that the sample grid (and the class shares) are drawn
   * from, 0–0.9999; 0 (default): the grid shows G itself. An EMA smooths out the game's oscillation, as the shipped
   * generator does (it is an EMA of its run).
   */
  ema = 0;

  protected readonly tag = TAG;
  protected readonly modelKind = 'dcgan';
  private step = 0;
  private figures?: GanFigures;
  private shares?: number[];
  private stepsPerSecond = 0;
  private datasetNote = '';
  private readonly trainer = new TrainingController<Dcgan>(this, () => this.trainingThread);
  private readonly checkpoints = new CheckpointController(this, TAG, () => this.checkpointKey());
  /** files dropped onto the trainer become its training set */
  protected readonly drops = new DropController(this, (files) => void this.useImages(files));
  private starting?: Promise<boolean>;
  private droppedImages?: ImageSet;
  private classifier?: Lease<DigitClassifier>;
  private view?: SampleView;
  private readonly refreshes = new Coalesced(() => this.drawSamples(), () => Boolean(this.model));
  private swapping = false;

  /**
   * The live model: `<gan-interpolator generator>` reads it. Trained in place on the main thread, or kept in step
   * with the training worker (its weights are copied in at every sample refresh, about once a second, and at the
   * end of a run). Never dispose it.
   */
  get dcgan(): Dcgan | undefined {
    return this.model;
  }

  /** tfjs memory of the training worker (its tensors are not in the page's tf.memory()); undefined without one. */
  async workerMemory(): Promise<{ numTensors: number; numBytes: number } | undefined> {
    return this.liveWorker()?.memory();
  }

  /** Where the current run plays the game: 'worker', 'main', or undefined before the first round. */
  get trainingIn(): 'worker' | 'main' | undefined {
    return this.trainer.trainingIn;
  }

  /** Rounds of the game played on the current model. */
  get steps(): number {
    return this.step;
  }

  protected defaultSrc(): string {
    return shippedUrl('dcgan-mnist/model.json');
  }

  protected override currentSrc(): string {
    if (this.checkpoints.resumeFrom) return this.checkpoints.resumeFrom;
    if (this.init === 'scratch') return `${SCRATCH}z${this.zDim}:seed${this.seed}`;
    return super.currentSrc();
  }

  protected async loadModel(url: string, { onProgress, signal }: LoadCallbacks): Promise<Dcgan> {
    const { Dcgan } = await import('../../models/dcgan.js');
    if (url.startsWith(SCRATCH)) return Dcgan.create({ zDim: this.zDim }, this.seed);
    return Dcgan.load(url, { onProgress, signal });
  }

  protected modelChanged(): void {
    if (this.trainer.session && this.trainer.session.model !== this.model) this.trainer.end();
    if (this.swapping) return; // the same weights, now owned here: keep the step count and charts
    const meta = this.model && this.modelUrl?.startsWith('indexeddb://') ? (this.model as Dcgan).network.getUserDefinedMetadata() as { step?: number } | undefined : undefined;
    this.step = meta?.step ?? 0;
    this.figures = undefined;
    this.shares = undefined;
    this.view?.clearShares();
    this.chart('losses')?.reset([{ label: 'D loss', color: '#1a73e8' }, { label: 'G loss', color: '#e8710a' }]);
    this.chart('odds')?.reset([{ label: 'D(x) real', color: '#188038' }, { label: 'D(G(z)) fake', color: '#a142f4' }]);
    if (this.model) {
      void this.refresh();
      if (this.runtime && !this.modelUrl?.startsWith('indexeddb://')) void this.checkpoints.look(this.runtime.tf);
    }
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const num = (name: string, value: number, rule: { min: number; max: number; fallback: number; integer?: boolean }) => sanitizeNumber(TAG, name, value, rule);
    if (changed.has('tileSize')) this.tileSize = num('tile-size', this.tileSize, { min: 4, max: 512, fallback: 28, integer: true });
    if (changed.has('batchSize')) {
      // the attribute removed (null) or never set: the backend's default
      this.batchSize = this.batchSize === undefined || this.batchSize === null ? undefined
        : num('batch-size', this.batchSize, { min: 1, max: 512, fallback: this.effectiveBatchSize, integer: true });
    }
    if (changed.has('lrG')) this.lrG = num('lr-g', this.lrG, { min: 1e-6, max: 0.1, fallback: 2e-4 });
    if (changed.has('lrD')) this.lrD = num('lr-d', this.lrD, { min: 1e-6, max: 0.1, fallback: 2e-4 });
    if (changed.has('dSteps')) this.dSteps = num('d-steps', this.dSteps, { min: 1, max: 10, fallback: 1, integer: true });
    if (changed.has('zDim')) this.zDim = num('z-dim', this.zDim, { min: 2, max: 256, fallback: 64, integer: true });
    if (changed.has('ema')) this.ema = num('ema', this.ema, { min: 0, max: 0.9999, fallback: 0 });
    if (changed.has('checkpointEvery')) this.checkpointEvery = num('checkpoint-every', this.checkpointEvery, { min: 0, max: 1e6, fallback: 200, integer: true });
    if (changed.has('loss')) this.loss = sanitizeChoice(TAG, 'loss', this.loss, ['non-saturating', 'minimax'] as const, 'non-saturating');
    if (changed.has('init')) this.init = sanitizeChoice(TAG, 'init', this.init, ['pretrained', 'scratch'] as const, 'pretrained');
    if (changed.has('trainingThread')) this.trainingThread = sanitizeChoice(TAG, 'training-thread', this.trainingThread, ['worker', 'main'] as const, 'worker');
    if (changed.has('trainingData') && !this.trainingData) this.trainingData = 'mnist'; // the attribute removed
    if (changed.has('trainingData') && changed.get('trainingData') !== undefined) this.droppedImages = undefined;
    if (['lrG', 'lrD', 'dSteps', 'loss'].some((k) => changed.has(k))) this.trainer.session?.retune(this.trainerOptions());
    if (['trainingData', 'tileSize', 'batchSize', 'trainingThread', 'ema'].some((k) => changed.has(k)) && this.trainer.session && !this.training) this.trainer.end({ keepWeights: true });
  }

  /** Plays the game: k discriminator steps, then one generator step, per round, until stop() or `steps` rounds. */
  async train({ steps }: GanTrainOptions = {}): Promise<void> {
    const rounds = steps === undefined ? Infinity : sanitizeNumber(TAG, 'train steps', steps, { min: 1, max: 1e9, fallback: 1, integer: true });
    await this.start();
    if (this.training || !this.model || !this.runtime) return;
    if (!(await this.ensureSession())) return;
    let lastRefresh = 0;
    let done = 0;
    const started = performance.now();
    await this.runTraining({
      steps: rounds,
      offThread: this.trainer.trainingIn === 'worker',
      step: async (i) => {
        // the first round of a run shows its figures at once (then every 5th round: reading costs a sync)
        const read = i === 0 || (this.step + 1) % 5 === 0 || i === rounds - 1;
        const figures = (await this.trainer.step(read)) as GanFigures | undefined;
        this.step++;
        done++;
        if (figures) this.record(figures);
        const now = performance.now();
        this.stepsPerSecond = (done * 1000) / Math.max(1, now - started);
        if (now - lastRefresh > (prefersReducedMotion() ? 5000 : 1000) || i === rounds - 1) {
          lastRefresh = now;
          await this.refresh();
        }
        if (this.checkpointEvery && this.step % this.checkpointEvery === 0) void this.checkpoint();
        return figures ? { ...figures } : undefined;
      },
      end: () => {
        this.requestUpdate();
        // the page's copy catches up with the worker's last rounds
        if (this.liveWorker()) void this.refresh();
      },
    });
  }

  /** One round of the game (the "step" button). */
  stepOnce(): Promise<void> {
    return this.train({ steps: 1 });
  }

  /** Fresh weights from scratch (same z-dim and seed), step 0, charts cleared. */
  async reset(): Promise<void> {
    this.stop();
    await this.start();
    if (!this.runtime) return;
    const { Dcgan } = await import('../../models/dcgan.js');
    this.setModel(Dcgan.create({ zDim: this.model?.config.zDim ?? this.zDim, filters: this.model?.config.filters, depth: this.model?.config.depth }, this.seed));
  }

  /** Saves a checkpoint now (IndexedDB). */
  async checkpoint(): Promise<void> {
    if (!this.model) return;
    try {
      await this.syncFromWorker();
    } catch (e) {
      console.warn(`<${TAG}> could not save a checkpoint: ${e instanceof Error ? e.message : e}`);
      return;
    }
    if (this.model) await this.checkpoints.save(this.model.network, this.step);
  }

  /** Saves the generator and discriminator as trained so far (see GenerativeElement.exportWeights). */
  override async exportWeights(options?: { download?: boolean; name?: string }): Promise<File[]> {
    try {
      await this.syncFromWorker();
    } catch (e) {
      this.fail(`could not fetch the weights from the training worker: ${e instanceof Error ? e.message : e}`, e);
      return [];
    }
    return super.exportWeights(options);
  }

  /** Copies the training worker's current weights into the page's model (nothing to do on the main thread). */
  private async syncFromWorker(): Promise<void> {
    await this.liveWorker()?.sync();
  }

  /** The run's worker, while it trains the model shown. */
  private liveWorker() {
    return this.trainer.worker(this.model);
  }

  /** Loads the stored checkpoint (offered after a reload). */
  resume(): void {
    this.checkpoints.resume();
  }

  /** Uses images (e.g. files dropped onto the element) as the training set. */
  async useImages(files: Iterable<File>): Promise<void> {
    try {
      this.droppedImages = await imagesFromFiles(files);
      this.stop();
      this.trainer.end();
      this.datasetNote = `training set: ${this.droppedImages.source}`;
    } catch (e) {
      this.fail(e instanceof Error ? e.message : String(e), e);
    }
  }

  private trainerOptions(): DcganTrainerOptions {
    return { learningRateG: this.lrG, learningRateD: this.lrD, dSteps: this.dSteps, loss: this.loss, seed: this.seed };
  }

  private ensureSession(): Promise<boolean> {
    this.starting ??= this.openSession().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Opens the run's session (see TrainingController): in the training worker, or on the page's thread. */
  private async openSession(): Promise<boolean> {
    // A loaded model is shared by every element showing that URL: train a copy of it, owned by this element.
    if (this.model && this.modelUrl !== undefined) {
      this.swapping = true;
      this.setModel(this.model.clone());
      this.swapping = false;
    }
    const runtime = this.runtime;
    const gan = this.model;
    if (!runtime || !gan || !this.isConnected) return false;
    const { tf } = runtime;
    const sprite = this.isMnist() ? undefined : this.droppedImages ? undefined : new URL(this.trainingData, document.baseURI).href;
    const named = (count: number) => `training set: ${this.droppedImages?.source ?? (this.isMnist() ? `MNIST, ${count.toLocaleString('en-US')} digits` : `${count} images from ${this.trainingData}`)}`;
    const batchSize = this.effectiveBatchSize;
    let session;
    try {
      session = await this.trainer.open(tf, gan, {
        key: `${this.trainingData}|${this.tileSize}|${batchSize}|${this.droppedImages?.source ?? ''}|${this.trainingThread}|${this.ema}`,
        // the worker fetches and decodes the images itself: the page's thread does neither, nor copies them
        worker: () => ({
          family: 'dcgan', config: gan.config, backend: runtime.backend.name, wasmRoot: wasmRoot(),
          images: (this.droppedImages ? { pixels: this.droppedImages.pixels.slice(), count: this.droppedImages.count }
            : sprite ? { sprite, tile: this.tileSize } : { mnist: shippedUrl('mnist/') }) satisfies TrainingImages,
          options: this.trainerOptions(), batchSize, sampleSeed: this.seed, emaDecay: this.ema,
          classifierUrl: this.isMnist() ? shippedUrl('classifier-mnist/model.json') : undefined,
        }),
        main: async () => {
          let images: { pixels: Float32Array; count: number };
          try {
            images = this.droppedImages ?? (sprite ? await imagesFromSprite(sprite, this.tileSize) : await loadMnist('train'));
          } catch (e) {
            throw new Error(`${DATA_ERROR}${e instanceof Error ? e.message : e}`);
          }
          return new GanSession(tf, gan, images.pixels, images.count, this.trainerOptions(), batchSize, this.ema);
        },
      });
    } catch (e) {
      if (this.model === gan) this.fail(e instanceof Error ? e.message : String(e), e);
      return false;
    }
    if (!this.isConnected || this.model !== gan) {
      this.trainer.end();
      return false;
    }
    this.datasetNote = named('count' in session ? (session as { count: number }).count : 0);
    return true;
  }

  private record(f: GanFigures): void {
    this.figures = f;
    this.chart('losses')?.push(this.step, [f.dLoss, f.gLoss]);
    this.chart('odds')?.push(this.step, [f.dReal, f.dFake]);
  }

  /** Redraws the fixed-z samples and the class shares, then tells followers the generator changed. Coalesced. */
  private refresh(): Promise<void> {
    return this.refreshes.request();
  }

  private async drawSamples(): Promise<void> {
    const gan = this.model;
    const tf = this.runtime?.tf;
    if (!gan || !tf || gan.isDisposed) return;
    // Training in a worker: the worker draws the samples and the class shares; the page copies the weights and paints.
    const remote = this.liveWorker();
    if (!remote && this.view?.zDim !== gan.config.zDim) {
      this.view?.dispose();
      this.view = new SampleView(tf, gan.config.zDim, this.seed);
    }
    const view = this.view;
    // a run with an EMA of G draws its samples from the average (made and updated by the session)
    const session = this.trainer.session;
    const sampler = session instanceof GanSession && session.model === gan ? session.sampler : gan;
    try {
      const snap = remote ? await remote.sync(true) : { grid: await view!.sampleGrid(sampler), shares: undefined };
      const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas[part=canvas]');
      if (gan !== this.model || gan.isDisposed) return;
      if (canvas && snap.grid) paintIntensities(canvas, snap.grid.pixels, snap.grid.width, cssColor(this, '--ge-ink', '#111111'), cssColor(this, '--ge-paper', '#ffffff'), snap.grid.height);
      if (this.isMnist()) {
        if (remote) this.shares = snap.shares ?? this.shares;
        else {
          const classifier = await this.digitClassifier();
          if (classifier && gan === this.model && !gan.isDisposed && !sampler.isDisposed && view === this.view) this.shares = await view!.classShares(sampler, classifier);
        }
      }
      if (gan === this.model) this.dispatchEvent(new GeneratorChangeEvent({ step: this.step }));
    } catch (e) {
      if (remote?.stopped) return; // the run's worker was ended on purpose (a setting changed, reset, removal)
      if (!gan.isDisposed && gan === this.model) this.failOnDevice(`could not draw samples: ${e instanceof Error ? e.message : e}`, e);
    }
  }

  private isMnist(): boolean {
    return !this.droppedImages && (this.trainingData === 'mnist' || !this.trainingData);
  }

  private async digitClassifier(): Promise<DigitClassifier | undefined> {
    if (this.classifier) return this.classifier.value;
    // a draw still in flight when the backend was lost must not load the classifier onto the next one half-started
    const rt = this.runtime;
    if (!rt) return undefined;
    try {
      const lease = await leaseDigitClassifier();
      if (!this.isConnected || this.runtime !== rt) {
        lease.release();
        return undefined;
      }
      this.classifier = lease;
      return lease.value;
    } catch (e) {
      if (this.runtime !== rt) return undefined;
      console.warn(`<${TAG}> the digit classifier did not load (${e instanceof Error ? e.message : e}); no mode-collapse indicator`);
      return undefined;
    }
  }

  /**
   * What keys this trainer's checkpoint on the page: its id; without one, its place among the page's trainers that
   * have no id, with what it trains (dataset and tile size, init, src), so two trainers never share a checkpoint.
   */
  checkpointKey(): string {
    if (this.id) return this.id;
    const root = this.getRootNode() as ParentNode;
    const place = [...root.querySelectorAll('gan-trainer')].filter((t) => !t.id).indexOf(this);
    const data = this.isMnist() ? 'mnist' : this.droppedImages ? 'dropped' : `${this.trainingData}@${this.tileSize}`;
    return `trainer-${place}|${data}|${this.init === 'scratch' ? `scratch-z${this.zDim}` : this.src ?? 'shipped'}`;
  }

  private chart(name: 'losses' | 'odds'): LossChart | null {
    return this.renderRoot?.querySelector(`ge-loss-chart.${name}`) ?? null;
  }

  protected override teardown(): void {
    super.teardown();
    this.refreshes.reset();
    // Followers listen on the document; a removed element's own events no longer get there.
    if (this.id) document.dispatchEvent(new GeneratorRemoveEvent({ id: this.id }));
    this.trainer.end();
    this.view?.dispose();
    this.view = undefined;
    this.classifier?.release();
    this.classifier = undefined;
  }

  override render() {
    return renderTrainer(this, {
      step: this.step, figures: this.figures, shares: this.shares, stepsPerSecond: this.stepsPerSecond, offer: this.checkpoints.offer,
      datasetNote: this.datasetNote, status: this.renderStatus(this.summary()),
      onNumber: (name, value) => ((this as unknown as Record<string, number>)[name] = value),
      onLoss: (v) => (this.loss = v), onResume: () => this.resume(), onDiscard: () => void this.checkpoints.discard(this.runtime?.tf),
    });
  }

  private summary(): string {
    if (!this.model) return '';
    const batch = ` · batch ${this.effectiveBatchSize}${this.batchSize === undefined ? ` (chosen for ${this.backendName || 'this backend'}: about a second a round)` : ''}`;
    const thread = this.trainer.note ? ` · ${this.trainer.note}` : '';
    const average = this.ema > 0 ? ` · samples from an EMA of G (decay ${this.ema})` : '';
    return `DCGAN, z ∈ ℝ^${this.model.config.zDim} · ${this.backendSummary()}${batch}${thread}${average}`;
  }
}


if (!customElements.get('gan-trainer')) customElements.define('gan-trainer', GanTrainer);

declare global {
  interface HTMLElementTagNameMap { 'gan-trainer': GanTrainer }
}
