/** <gan-trainer>: a DCGAN trained live in the page, the lecture's two-player game made visible. */
import { type PropertyDeclarations, type PropertyValues } from 'lit';
import { msg, str } from '@lit/localize';
import type { Text } from '../base/localize.js';
import type { Dcgan, GeneratorLoss } from '../../models/dcgan.js';
import { GenerativeElement, type LoadCallbacks } from '../base/generative-element.js';
import { GeneratorChangeEvent, GeneratorRemoveEvent } from '../base/events.js';
import { sanitizeNumber } from '../base/attributes.js';
import { shippedUrl } from '../../runtime/assets.js';
import { message } from '../../runtime/backend.js';
import { imagesFromFiles, type ImageSet } from '../../data/images.js';
import { defaultBatchSize } from '../../training/batch.js';
import type { GanFigures } from '../../training/gan-session.js';
import { TrainingController } from '../base/training-controller.js';
import { CheckpointController } from '../base/checkpoint-controller.js';
import { DropController } from '../base/drop-controller.js';
import { styles } from './gan-trainer.styles.js';
import { renderTrainer, trainerSummary } from './gan-trainer.view.js';
import { checkpointData, droppedNote, ganSessionPlan, isMnist, trainingSetNote, type TrainingSet } from './training-data.js';
import { REOPENING, RETUNING, sanitizeBatchSize, sanitizeSettings, trainerOptions } from './trainer-attributes.js';
import { SampleGrid } from './sample-grid.js';
import { Scoreboard } from './scoreboard.js';

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
 * @event {ModelLoadEvent} model-load - weights loaded (pretrained, checkpoint or fresh): {backend, url}
 * @event {ModelProgressEvent} model-progress - weights loading: {fraction}
 * @event {ModelErrorEvent} model-error - a readable message: {message, cause}
 * @event {BackendLostEvent} backend-lost - the page's GPU was lost; the element starts again on the next backend: {lost, reason}
 * @event {TrainStepEvent} train-step - after the first round of a run, then every 5 rounds: {step, losses: {dLoss, gLoss, dReal, dFake}}
 * @event {TrainEndEvent} train-end - training paused or ended: {step, reason}
 * @event {GeneratorChangeEvent} generator-change - the generator's weights changed (followers redraw): {step}
 * @event {GeneratorRemoveEvent} generator-remove - (on the document) an element with an id was removed, its generator with it: {id}
 * @csspart canvas - the grid of samples from fixed z
 * @csspart controls - play, pause, step, reset and the hyperparameters
 * @csspart status - the status line
 * @cssproperty --ge-ink - colour of the samples' strokes
 * @cssproperty --ge-paper - background colour
 * @cssproperty --ge-accent - highlight colour
 * @cssproperty --ge-on-accent - text on accent-coloured buttons (default white; a light accent needs a dark one)
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
  private datasetNote: Text = '';
  private readonly score = new Scoreboard(this);
  private readonly trainer = new TrainingController<Dcgan>(this, { thread: () => this.trainingThread, shown: () => this.model, fail: (text, cause) => this.fail(text, cause) });
  private readonly checkpoints = new CheckpointController(this, TAG, () => this.checkpointKey());
  /** files dropped onto the trainer become its training set */
  protected readonly drops = new DropController(this, (files) => void this.useImages(files));
  private starting?: Promise<boolean>;
  private droppedImages?: ImageSet;
  private readonly samples = new SampleGrid(this, {
    shown: () => this.model, runtime: () => this.runtime, seed: () => this.seed, mnist: () => isMnist(this.trainingSet()),
    session: () => this.trainer.session, worker: () => this.trainer.worker(this.model), offThread: () => this.trainer.offThread(this.model),
    drawn: () => this.dispatchEvent(new GeneratorChangeEvent({ step: this.step })), fail: (text, cause) => this.failOnDevice(text, cause),
  });
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
    return this.trainer.worker(this.model)?.memory();
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

  protected override coloursChanged(): void {
    if (this.model) void this.samples.refresh();
  }

  protected modelChanged(): void {
    if (this.trainer.session && this.trainer.session.model !== this.model) this.trainer.end();
    if (this.swapping) return; // the same weights, now owned here: keep the step count and charts
    const meta = this.model && this.modelUrl?.startsWith('indexeddb://') ? (this.model as Dcgan).network.getUserDefinedMetadata() as { step?: number } | undefined : undefined;
    this.step = meta?.step ?? 0;
    this.score.clear();
    this.samples.clearShares();
    if (this.model) {
      void this.samples.refresh();
      if (this.runtime && !this.modelUrl?.startsWith('indexeddb://')) void this.checkpoints.look(this.runtime.tf);
    }
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    sanitizeSettings(TAG, this, changed);
    if (changed.has('batchSize')) this.batchSize = sanitizeBatchSize(TAG, this.batchSize, this.effectiveBatchSize);
    if (changed.has('trainingData') && !this.trainingData) this.trainingData = 'mnist'; // the attribute removed
    if (changed.has('trainingData') && changed.get('trainingData') !== undefined) this.droppedImages = undefined;
    if (RETUNING.some((k) => changed.has(k))) this.trainer.session?.retune(trainerOptions(this));
    if (REOPENING.some((k) => changed.has(k)) && this.trainer.session && !this.training) this.trainer.end({ keepWeights: true });
  }

  /** Plays the game: k discriminator steps, then one generator step, per round, until stop() or `steps` rounds. */
  async train({ steps }: GanTrainOptions = {}): Promise<void> {
    const rounds = steps === undefined ? Infinity : sanitizeNumber(TAG, 'train steps', steps, { min: 1, max: 1e9, fallback: 1, integer: true });
    await this.start();
    if (this.training || !this.model || !this.runtime) return;
    if (!(await this.ensureSession())) return;
    this.score.start(rounds);
    await this.runTraining({
      steps: rounds,
      offThread: this.trainer.trainingIn === 'worker',
      step: async (i) => {
        const figures = (await this.trainer.step(this.score.reads(i, this.step + 1))) as GanFigures | undefined;
        this.step++;
        if (this.score.played(i, this.step, figures)) await this.samples.refresh();
        if (this.checkpointEvery && this.step % this.checkpointEvery === 0) void this.checkpoint();
        return figures ? { ...figures } : undefined;
      },
      end: () => {
        this.requestUpdate();
        // the page's copy catches up with the worker's last rounds
        if (this.trainer.worker(this.model)) void this.samples.refresh();
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
    // the lecture's plain DCGAN: a code read from z (the shipped AC-GAN's) means nothing without its auxiliary head
    this.setModel(Dcgan.create({ ...this.model?.config, zDim: this.model?.config.zDim ?? this.zDim, code: 0 }, this.seed));
  }

  /** Saves a checkpoint now (IndexedDB). */
  async checkpoint(): Promise<void> {
    if (!this.model) return;
    try {
      // the training worker's current weights into the page's model (nothing to do on the main thread)
      await this.trainer.worker(this.model)?.sync();
    } catch (e) {
      console.warn(`<${TAG}> could not save a checkpoint: ${e instanceof Error ? e.message : e}`);
      return;
    }
    if (this.model) await this.checkpoints.save(this.model.network, this.step);
  }

  /** Saves the generator and discriminator as trained so far (see GenerativeElement.exportWeights). */
  override async exportWeights(options?: { download?: boolean; name?: string }): Promise<File[]> {
    try {
      await this.trainer.worker(this.model)?.sync();
    } catch (e) {
      this.fail(() => msg(str`could not fetch the weights from the training worker: ${message(e)}`), e);
      return [];
    }
    return super.exportWeights(options);
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
      this.datasetNote = droppedNote(this.droppedImages.count);
    } catch (e) {
      // the reader's words of the error (data/images.ts explains its errors), in the element's language when shown
      this.fail(() => message(e), e);
    }
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
    const session = await this.trainer.begin(runtime.tf, gan, ganSessionPlan(gan, { runtime, set: this.trainingSet(), baseUri: document.baseURI,
      batchSize: this.effectiveBatchSize, thread: this.trainingThread, ema: this.ema, options: () => trainerOptions(this) }));
    if (!session) return false;
    this.datasetNote = trainingSetNote(this.trainingSet(), 'count' in session ? (session as { count: number }).count : 0);
    return true;
  }

  /** What the run trains on, as plain values. */
  private trainingSet(): TrainingSet {
    return { dataset: this.trainingData, tileSize: this.tileSize, dropped: this.droppedImages };
  }

  /**
   * What keys this trainer's checkpoint on the page: its id; without one, its place among the page's trainers that
   * have no id, with what it trains (dataset and tile size, init, src), so two trainers never share a checkpoint.
   */
  checkpointKey(): string {
    if (this.id) return this.id;
    const root = this.getRootNode() as ParentNode;
    const place = [...root.querySelectorAll('gan-trainer')].filter((t) => !t.id).indexOf(this);
    return `trainer-${place}|${checkpointData(this.trainingSet())}|${this.init === 'scratch' ? `scratch-z${this.zDim}` : this.src ?? 'shipped'}`;
  }

  protected override teardown(): void {
    super.teardown();
    this.samples.dispose();
    // Followers listen on the document; a removed element's own events no longer get there.
    if (this.id) document.dispatchEvent(new GeneratorRemoveEvent({ id: this.id }));
    this.trainer.end();
  }

  override render() {
    return renderTrainer(this, {
      step: this.step, figures: this.score.figures, shares: this.samples.shares, stepsPerSecond: this.score.stepsPerSecond, offer: this.checkpoints.offer,
      datasetNote: this.datasetNote, status: this.renderStatus(...trainerSummary(this, { zDim: this.model?.config.zDim, backend: this.backendSummary(), where: this.whereItRuns(), thread: this.trainer.note })),
      onNumber: (name, value) => ((this as unknown as Record<string, number>)[name] = value),
      onLoss: (v) => (this.loss = v), onResume: () => this.resume(), onDiscard: () => void this.checkpoints.discard(this.runtime?.tf),
    });
  }
}

if (!customElements.get('gan-trainer')) customElements.define('gan-trainer', GanTrainer);

declare global {
  interface HTMLElementTagNameMap { 'gan-trainer': GanTrainer }
}
