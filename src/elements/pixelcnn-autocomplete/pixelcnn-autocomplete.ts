/** <pixelcnn-autocomplete>: a PixelCNN or a PixelRNN completes a half-hidden digit pixel by pixel (see the class comment). */
import type { PropertyDeclarations, PropertyValues } from 'lit';
import { msg, str } from '@lit/localize';
import { words, type Text } from '../base/localize.js';
import type { PixelModel } from '../../models/pixel-models.js';
import type { LoadCallbacks } from '../base/generative-element.js';
import { AutocompleteAttributes } from './pixelcnn-autocomplete.attributes.js';
import { ModelErrorEvent, type CompletionEndDetail } from '../base/events.js';
import { prefersReducedMotion } from '../base/visibility.js';
import { mulberry32 } from '../../latent/random.js';
import { shippedUrl } from '../../runtime/assets.js';
import { TrainingController } from '../base/training-controller.js';
import { fetchMeta } from '../../runtime/weights.js';
import { knownMask } from '../../data/partial.js';
import { coloursOf, paintAutocomplete } from './completion-painter.js';
import { Completions } from './completions.js';
import { Comparison, type ComparisonHost } from './comparison.js';
import { InputImage } from './input-image.js';
import { sanitizeSettings } from './autocomplete-settings.js';
import { describeNll } from './image-nll.js';
import { trainRun, trainSettings, type PixelCnnTrainOptions } from './pixelcnn-training.js';
import { LossChart } from '../parts/loss-chart.js';
import type { DrawPad } from '../parts/draw-pad.js';
import { styles } from './pixelcnn-autocomplete.styles.js';
import { autocompleteSummary, digitLabel, renderAutocomplete } from './pixelcnn-autocomplete.view.js';

const TAG = 'pixelcnn-autocomplete';

export type { PixelCnnTrainOptions } from './pixelcnn-training.js';

/**
 * <pixelcnn-autocomplete>: the PixelCNN of the generative-models lecture, live. A held-out digit (or the reader's
 * drawing) has a region hidden; the model fills it in raster order, one pixel at a time, several completions side
 * by side. The reader sees the model's probability for the pixel being drawn and the exact −log p(x) of the input
 * in nats and bits per dimension: a scribble scores worse than a digit. Sampling runs the network on one row at a
 * time against cached rows above it (about 28× less work per pixel than recomputing the image); "naive" shows the
 * recompute-everything sampler for comparison. "Train" fits a small PixelCNN in the page.
 *
 * model="pixelrnn" shows the lecture's other fully visible belief network instead: a PixelRNN (Row LSTM) whose
 * recurrence runs down the image one row at a time; its fast sampler carries the LSTM's state from row to row.
 * A `src` of either kind is recognised from its model.json.
 *
 * @tag pixelcnn-autocomplete
 * @summary Watch a PixelCNN complete a half-hidden digit pixel by pixel, and score what you draw.
 * @event {ModelLoadEvent} model-load - the weights are loaded: {backend, url}
 * @event {ModelProgressEvent} model-progress - weights loading: {fraction}
 * @event {ModelErrorEvent} model-error - a readable message: {message, cause}
 * @event {BackendLostEvent} backend-lost - the page's GPU was lost; the element starts again on the next backend: {lost, reason}
 * @event {CompletionStepEvent} completion-step - a row was sampled (read back once): {row, pixels, probabilities, sampled}
 * @event {CompletionEndEvent} completion-end - the completion ended and is fully shown: {images, nll, reason, sampler, ms, passes}
 * @event {TrainStepEvent} train-step - NLL in nats every 10 steps: {step, losses: {nll, bitsPerDim}}; in a race every step, with racer (0 the PixelCNN, 1 the PixelRNN) and its seconds so far
 * @event {TrainEndEvent} train-end - training ended: {step, reason}
 * @csspart given - the image the model is given part of (the test digit or the drawing pad)
 * @csspart canvas - the test digit with its hidden part hatched
 * @csspart completions - the row of completions (with compare, one row per model)
 * @csspart controls - the buttons under the element
 * @csspart status - the status line
 * @cssproperty --ge-ink - colour of given pixels
 * @cssproperty --ge-paper - background colour
 * @cssproperty --ge-accent - colour of pixels the model drew
 * @cssproperty --ge-on-accent - text on accent-coloured buttons (default white; a light accent needs a dark one)
 * @cssproperty --ge-max-width - the element's maximum width (default 760px)
 */
export class PixelCnnAutocomplete extends AutocompleteAttributes {
  static override properties: PropertyDeclarations = {
    testNll: { state: true, attribute: false },
    modelWarning: { state: true, attribute: false },
    trainFrom: { state: true, attribute: false },
  };
  static override styles = styles;

  protected readonly tag = TAG;
  protected readonly modelKind = 'pixelcnn';
  private readonly trainer = new TrainingController<PixelModel>(this, {
    thread: () => this.trainingThread,
    shown: () => this.model,
    fail: (text, cause) => this.fail(text, cause),
  });
  /** the shipped model's mean NLL on the held-out digits, from its meta.json */
  private testNll?: number;
  private trainFrom: 'loaded' | 'scratch' = 'scratch';
  /** what was wrong with the model attribute ('' when nothing) */
  private modelWarning: Text = '';
  private readonly inputs = new InputImage({
    changed: () => this.requestUpdate(), fail: (text, cause) => this.fail(text, cause), failOnDevice: (text, cause) => this.failOnDevice(text, cause),
  });
  private readonly completionHost = {
    dispatchEvent: (event: Event) => this.dispatchEvent(event), requestUpdate: () => this.requestUpdate(), isActive: () => this.visibility.visible,
    tf: () => this.runtime?.tf, sampler: () => this.sampler, started: () => (this.errorText = ''),
    failOnDevice: (text: Text, cause: unknown) => this.failOnDevice(text, cause),
  };
  private readonly completions = new Completions(this.completionHost);
  private readonly comparison = new Comparison(this.comparisonHost(), this.completionHost);

  /** What the comparison may use of this element. */
  private comparisonHost(): ComparisonHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const el = this;
    return {
      addController: (c) => el.addController(c), removeController: (c) => el.removeController(c), requestUpdate: () => el.requestUpdate(),
      get updateComplete() { return el.updateComplete; }, localName: TAG, get isConnected() { return el.isConnected; }, get seed() { return el.seed; },
      runtime: () => el.runtime, fail: (text, cause) => el.fail(text, cause), words: (text) => el.i18n.words(text), runTraining: (loop) => el.runTraining(loop),
      chart: () => el.chart(), thread: () => el.trainingThread,
    };
  }

  protected defaultSrc(): string {
    return shippedUrl(this.architecture === 'pixelrnn' ? 'pixelrnn-mnist/model.json' : 'pixelcnn-mnist/model.json');
  }

  protected async loadModel(url: string, { onProgress, signal }: LoadCallbacks): Promise<PixelModel> {
    const { loadPixelModel } = await import('../../models/pixel-models.js');
    return loadPixelModel(url, { onProgress, signal });
  }

  protected override coloursChanged(): void { this.paint(); }

  protected modelChanged(): void {
    this.stopCompletion();
    this.testNll = undefined;
    this.inputs.forget();
    const model = this.model;
    if (model && this.modelUrl) {
      void fetchMeta(this.modelUrl).then((meta) => {
        if (this.model === model) this.testNll = (meta?.quality as { testNll?: number } | undefined)?.testNll;
      });
    }
    if (!model) return;
    if (this.compare) void this.comparison.load(model.kind === 'pixelrnn' ? 'pixelcnn' : 'pixelrnn');
    void this.inputs.load().then(() => {
      if (this.model !== model) return;
      // a run starting in the worker: the page scores the model when the run ends (its thread stays free)
      if (!this.trainer.offThread(model)) void this.scoreInput();
      if (this.autostart && !this.training && !this.completions.last) void this.complete();
    });
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const asked = this.architecture;
    sanitizeSettings(TAG, this, changed);
    if (changed.has('architecture')) {
      // an unknown model is a page's mistake the reader should not meet silently: said in the element and as model-error
      this.modelWarning = asked === this.architecture ? '' : () => msg(str`model="${asked}" is not a model this element has (pixelcnn or pixelrnn): showing the PixelCNN`);
      if (this.modelWarning) this.dispatchEvent(new ModelErrorEvent({ message: this.i18n.words(this.modelWarning) }));
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.model && ['mask', 'input', 'digit'].some((k) => changed.has(k))) {
      this.completions.reset();
      this.comparison.completions.reset();
    }
    if (changed.has('compare') && this.model) {
      if (this.compare) void this.comparison.load(this.model.kind === 'pixelrnn' ? 'pixelcnn' : 'pixelrnn');
      else if (changed.get('compare') !== undefined) this.comparison.drop();
    }
    if (this.model && (changed.has('input') || changed.has('digit'))) void this.inputs.load().then(() => this.scoreInput());
    this.paint();
  }

  /** The 784 known flags of the current mask (1 = given). */
  get knownPixels(): Uint8Array {
    return knownMask(this.mask, this.seed);
  }

  /** The full input image in {0, 1}: the test digit, or the drawing. */
  get inputPixels(): Float32Array {
    return this.inputs.pixels(this.input, this.digit);
  }

  /** −log p(x) of the input in nats (exact), once scored. */
  get inputNll(): number | undefined {
    return this.inputs.nll;
  }

  /** The last completion's images, NLLs and timing. */
  get lastCompletion(): CompletionEndDetail | undefined {
    return this.completions.last;
  }

  /** Replaces the drawing (784 intensities in [0, 1]) and switches to it. */
  setDrawing(pixels: ArrayLike<number>): void {
    this.inputs.drawing = Float32Array.from(pixels);
    const pad = this.renderRoot.querySelector<DrawPad>('ge-draw-pad');
    if (pad) pad.value = this.inputs.drawing;
    this.input = 'draw';
    this.completions.reset();
    void this.scoreInput();
  }

  /**
   * Completes the hidden pixels of the input, `samples` times, in raster order. Resolves when the completion is
   * sampled and fully shown (or stopped); the detail is also fired as completion-end.
   */
  async complete(): Promise<CompletionEndDetail> {
    this.stopCompletion();
    await this.start();
    await this.inputs.load();
    const model = this.model;
    if (!model || model.isDisposed || !this.runtime?.tf || !this.isConnected) return this.completions.notStarted();
    const request = () => ({
      given: this.inputPixels, known: this.knownPixels, sampler: this.sampler, samples: this.samples, temperature: this.temperature,
      seed: this.seed, pixelsPerSecond: this.instant || prefersReducedMotion() ? Infinity : this.speed,
    });
    this.comparison.completions.reset();
    const mine = await this.completions.begin(model, request);
    // compare: then the other model on the same input, after (so each one's time is its own)
    const rival = this.comparison.rival;
    if (this.compare && rival && mine.reason === 'done' && this.model === model) await this.comparison.completions.begin(rival, request);
    return mine;
  }

  /** With compare: the other model's last completion of the same input (undefined before one, or without compare). */
  get rivalCompletion(): CompletionEndDetail | undefined {
    return this.compare ? this.comparison.completions.last : undefined;
  }

  /**
   * With compare: trains a small PixelCNN and a small PixelRNN of about the same size in turn on the same batches
   * (in the training worker unless training-thread="main"), plotting each one's NLL against its own training time.
   * Resolves when the race ends; `raceSummary` then states the measured ratio of their step times.
   */
  async race({ steps = 100, batchSize = 16, learningRate = 2e-3 }: { steps?: number; batchSize?: number; learningRate?: number } = {}): Promise<void> {
    await this.start();
    if (!this.runtime || !this.isConnected) return;
    this.stopCompletion();
    await this.comparison.race(trainSettings(TAG, { steps, batchSize, learningRate }, 'scratch'));
  }

  /** The last race's measured ratio in words ('' before one). */
  get raceSummary(): string {
    return this.comparison.raceSummary;
  }

  /** Shows the rest of the running completion as soon as it is sampled. */
  finishInstantly(): void {
    this.completions.finishInstantly();
  }

  /** Stops the running completion (what was sampled stays shown). */
  stopCompletion(): void {
    this.completions.stop();
    this.comparison.completions.stop();
  }

  /** Scores the whole input image with the model shown: −log p(x) in nats (exact, one parallel pass). */
  async scoreInput(): Promise<number | undefined> {
    await this.inputs.load();
    const model = this.model;
    const tf = this.runtime?.tf;
    if (!model || model.isDisposed || !tf) return undefined;
    return this.inputs.score(tf, model, this.inputPixels, () => this.model === model);
  }

  /**
   * Trains a PixelCNN (with model="pixelrnn" a PixelRNN) on the 9,000 training digits: by default a small one from scratch (a few minutes to readable
   * digits on a GPU), or a copy of the loaded one; in the training worker (training-thread="worker", the default) or
   * on the page's thread. The element then shows (and exports) it.
   */
  async train(options: PixelCnnTrainOptions = {}): Promise<void> {
    const settings = trainSettings(TAG, options, this.trainFrom);
    await this.start();
    const runtime = this.runtime;
    if (!runtime || !this.isConnected) return;
    this.stopCompletion();
    await trainRun({
      runtime, trainer: this.trainer, seed: this.seed, architecture: this.architecture, thread: this.trainingThread, shown: () => this.model,
      setModel: (model) => this.setModel(model), chart: () => this.chart(), runTraining: (loop) => this.runTraining(loop), score: () => void this.scoreInput(),
      words: (text) => this.i18n.words(text),
    }, settings);
  }

  /** Saves the model shown; while a worker trains it, with the worker's weights of now (see GenerativeElement). */
  override async exportWeights(options?: { download?: boolean; name?: string }): Promise<File[]> {
    await this.trainer.worker(this.model)?.sync().catch(() => undefined);
    return super.exportWeights(options);
  }

  /** tfjs memory of the training worker while a run trains there (its tensors are not in the page's tf.memory()). */
  async workerMemory(): Promise<{ numTensors: number; numBytes: number } | undefined> {
    return this.trainer.worker(this.model)?.memory();
  }

  /** Where the last run trained: 'worker', 'main', or undefined before it. */
  get trainingIn(): 'worker' | 'main' | undefined {
    return this.trainer.trainingIn;
  }

  private chart(): LossChart | null {
    return this.renderRoot.querySelector('ge-loss-chart');
  }

  /** The one draw: the input, the hidden part and the completions, after every render. */
  private paint(): void {
    const picture = {
      pixels: this.inputPixels, known: this.knownPixels, digitShown: this.input === 'digit', run: this.completions.run,
      rival: this.compare ? this.comparison.completions.run : undefined,
    };
    paintAutocomplete(this.renderRoot, picture, coloursOf(this));
  }

  /** The status line in a reader's words, and its detail (the title); in the element's locale (called while rendering). */
  private summary(): [string, string] {
    if (!this.model) return ['', ''];
    return autocompleteSummary({
      kind: this.model.kind, params: this.model.network.countParams(), warning: words(this.modelWarning), where: this.whereItRuns(),
      testNll: this.testNll !== undefined && this.modelUrl && !this.training ? this.testNll : undefined,
      thread: this.training ? this.trainer.note : '', backend: this.backendSummary(), last: this.completions.describeLast(),
    });
  }

  override render() {
    const run = this.completions.run;
    const running = !!run?.running || !!this.comparison.completions.run?.running;
    return renderAutocomplete({
      rows: this.compare && this.model ? this.comparison.rows(this.model, this.completions, this.samples) : undefined,
      raceSummary: this.comparison.describeRace(),
      onRace: () => (this.training ? this.stop() : void this.race()),
      input: this.input,
      digitLabel: this.alt || digitLabel(this.digit, this.mask),
      // an empty pad is not scored in the view: blank paper is the model's likeliest image, a misleading "good" score
      nll: this.input === 'draw' && !this.inputs.drawing.some((v) => v > 0.5) ? [msg('Draw a digit: its −log p(x) appears here.')]
        : describeNll(this.inputs.nll, this.modelUrl ? this.testNll : undefined),
      placeholder: this.loaded ? '' : words(this.errorText) ? '' : this.architecture === 'pixelrnn' ? msg('Loading the PixelRNN…') : msg('Loading the PixelCNN…'),
      captions: Array.from({ length: run?.samples ?? this.samples }, (_, s) => this.completions.caption(s)),
      running, mask: this.mask, samples: this.samples, temperature: this.temperature, sampler: this.sampler,
      loaded: this.loaded, training: this.training, trainFrom: this.trainFrom, chartShown: this.training || Boolean(this.chart()?.points),
      status: this.renderStatus(...this.summary()),
      onInput: (input) => (this.input = input),
      onAnotherDigit: () => (this.digit = Math.floor(mulberry32(this.seed + this.digit * 31 + 7)() * 1000)),
      onPad: (pixels) => this.setDrawing(pixels),
      onPadClear: () => this.setDrawing(new Float32Array(28 * 28)),
      onComplete: () => (running ? this.stopCompletion() : void this.complete()),
      onFinish: () => this.finishInstantly(),
      onMask: (mask) => (this.mask = mask),
      onSamples: (n) => (this.samples = n),
      onTemperature: (t) => (this.temperature = t),
      onSampler: (sampler) => (this.sampler = sampler),
      onTrain: () => (this.training ? this.stop() : void this.train()),
      onTrainFrom: (from) => (this.trainFrom = from),
      onExport: () => void this.exportWeights(),
    });
  }

  protected override teardown(): void {
    this.completions.reset();
    this.comparison.drop();
    super.teardown();
    this.inputs.forget();
    this.testNll = undefined;
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, PixelCnnAutocomplete);

declare global {
  interface HTMLElementTagNameMap { 'pixelcnn-autocomplete': PixelCnnAutocomplete }
}
