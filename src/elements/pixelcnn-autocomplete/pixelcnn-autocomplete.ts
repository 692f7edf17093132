/** <pixelcnn-autocomplete>: a PixelCNN completes a half-hidden digit pixel by pixel (see the class comment). */
import type { PropertyDeclarations, PropertyValues } from 'lit';
import type { PixelCnn } from '../../models/pixelcnn.js';
import type { SamplerKind } from '../../models/pixelcnn-sampler.js';
import { GenerativeElement, type LoadCallbacks } from '../base/generative-element.js';
import { cssColor } from '../parts/css-color.js';
import { CompletionEndEvent, CompletionStepEvent, type CompletionEndDetail } from '../base/events.js';
import { prefersReducedMotion } from '../base/visibility.js';
import { sanitizeChoice, sanitizeNumber } from '../base/attributes.js';
import { mulberry32 } from '../../latent/random.js';
import { shippedUrl, wasmRoot } from '../../runtime/assets.js';
import { TrainingController, trainingDigits, type TrainingThread } from '../base/training-controller.js';
import { fetchMeta } from '../../runtime/weights.js';
import { message } from '../../runtime/backend.js';
import { loadMnist, binarise, type DigitSet } from '../../data/mnist.js';
import { binarisePixels, HIDDEN_REGIONS, knownMask, type HiddenRegion } from '../../data/partial.js';
import { paintCompletion, type Colours } from './completion-painter.js';
import { CompletionRun } from './completion-run.js';
import { LossChart } from '../parts/loss-chart.js';
import type { DrawPad } from '../parts/draw-pad.js';
import { styles } from './pixelcnn-autocomplete.styles.js';
import { renderAutocomplete } from './pixelcnn-autocomplete.view.js';
import { readAndDispose } from '../../runtime/read.js';

const TAG = 'pixelcnn-autocomplete';
const PIXELS = 784;
const LN2 = Math.LN2;

export interface PixelCnnTrainOptions {
  /** optimisation steps (default: until stop()) */
  steps?: number;
  /** digits per step (default 16) */
  batchSize?: number;
  /** Adam learning rate (default 2e-3) */
  learningRate?: number;
  /** 'scratch' (default): a fresh small PixelCNN; 'loaded': fine-tune a copy of the loaded one */
  from?: 'loaded' | 'scratch';
}

/**
 * <pixelcnn-autocomplete>: the PixelCNN of the generative-models lecture, live. A held-out digit (or the reader's
 * drawing) has a region hidden; the model fills it in raster order, one pixel at a time, several completions side
 * by side. The reader sees the model's probability for the pixel being drawn and the exact −log p(x) of the input
 * in nats and bits per dimension: a scribble scores worse than a digit. Sampling runs the network on one row at a
 * time against cached rows above it (about 28× less work per pixel than recomputing the image); "naive" shows the
 * recompute-everything sampler for comparison. "Train" fits a small PixelCNN in the page.
 *
 * @tag pixelcnn-autocomplete
 * @summary Watch a PixelCNN complete a half-hidden digit pixel by pixel, and score what you draw.
 * @event model-load - the weights are loaded: {backend, url}
 * @event model-progress - weights loading: {fraction}
 * @event model-error - a readable message: {message, cause}
 * @event backend-lost - the page's GPU was lost; the element starts again on the next backend: {lost, reason}
 * @event completion-step - a row was sampled (read back once): {row, pixels, probabilities, sampled}
 * @event completion-end - the completion ended and is fully shown: {images, nll, reason, sampler, ms, passes}
 * @event train-step - NLL in nats every 10 steps: {step, losses: {nll, bitsPerDim}}
 * @event train-end - training ended: {step, reason}
 * @csspart input - the partial image (test digit or drawing pad)
 * @csspart canvas - the test digit with its hidden part hatched
 * @csspart completions - the row of completions
 * @csspart controls - the buttons under the element
 * @csspart status - the status line
 * @cssproperty --ge-ink - colour of given pixels
 * @cssproperty --ge-paper - background colour
 * @cssproperty --ge-accent - colour of pixels the model drew
 * @cssproperty --ge-max-width - the element's maximum width (default 760px)
 */
export class PixelCnnAutocomplete extends GenerativeElement<PixelCnn> {
  static override properties: PropertyDeclarations = {
    mask: { type: String, reflect: true },
    input: { type: String, reflect: true },
    digit: { type: Number },
    samples: { type: Number },
    temperature: { type: Number },
    sampler: { type: String },
    speed: { type: Number },
    instant: { type: Boolean },
    autostart: { type: Boolean },
    scored: { state: true, attribute: false },
    meta: { state: true, attribute: false },
    trainFrom: { state: true, attribute: false },
    trainingThread: { type: String, attribute: 'training-thread' },
  };
  static override styles = styles;

  /** which part is hidden: bottom | right | random | none */
  mask: HiddenRegion = 'bottom';
  /** what is completed: a held-out test digit, or the reader's drawing */
  input: 'digit' | 'draw' = 'digit';
  /** index of the held-out digit (0–999) */
  digit = 0;
  /** completions side by side, 1–16 */
  samples = 4;
  /** divides the logits before sampling (0–3); 0 takes the most likely value */
  temperature = 1;
  /** cached (fast) or naive (recompute the whole image for every pixel) */
  sampler: SamplerKind = 'cached';
  /** pixels revealed per second (10–100000) */
  speed = 300;
  /** show each row as soon as it is sampled, without the pixel-by-pixel animation */
  instant = false;
  /** complete as soon as the model is loaded */
  autostart = false;

  /**
   * where Train runs: 'worker' (default) keeps the page responsive while it trains; 'main' trains on the page's own
   * thread (also the fallback where no worker starts)
   */
  trainingThread: TrainingThread = 'worker';

  protected readonly tag = TAG;
  protected readonly modelKind = 'pixelcnn';
  private readonly trainer = new TrainingController<PixelCnn>(this, () => this.trainingThread);
  private scored?: { nll: number; image: Float32Array };
  private meta?: Record<string, unknown>;
  private trainFrom: 'loaded' | 'scratch' = 'scratch';
  private run?: CompletionRun;
  private runs = 0;
  private testDigits?: DigitSet;
  private drawing = new Float32Array(PIXELS);
  private lastEnd?: CompletionEndDetail;

  protected defaultSrc(): string {
    return shippedUrl('pixelcnn-mnist/model.json');
  }

  protected async loadModel(url: string, { onProgress, signal }: LoadCallbacks): Promise<PixelCnn> {
    const { PixelCnn } = await import('../../models/pixelcnn.js');
    return PixelCnn.load(url, { onProgress, signal });
  }

  protected modelChanged(): void {
    this.stopCompletion();
    this.meta = undefined;
    this.scored = undefined;
    const model = this.model;
    if (model && this.modelUrl) {
      void fetchMeta(this.modelUrl).then((meta) => {
        if (this.model === model) this.meta = meta;
      });
    }
    if (!model) return;
    void this.loadInput().then(() => {
      if (this.model !== model) return;
      void this.scoreInput();
      if (this.autostart && !this.training && !this.lastEnd) void this.complete();
    });
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('mask')) this.mask = sanitizeChoice(TAG, 'mask', this.mask, HIDDEN_REGIONS, 'bottom');
    if (changed.has('input')) this.input = sanitizeChoice(TAG, 'input', this.input, ['digit', 'draw'] as const, 'digit');
    if (changed.has('sampler')) this.sampler = sanitizeChoice(TAG, 'sampler', this.sampler, ['cached', 'naive'] as const, 'cached');
    if (changed.has('trainingThread')) this.trainingThread = sanitizeChoice(TAG, 'training-thread', this.trainingThread, ['worker', 'main'] as const, 'worker');
    if (changed.has('digit')) this.digit = sanitizeNumber(TAG, 'digit', this.digit, { min: 0, max: 999, fallback: 0, integer: true });
    if (changed.has('samples')) this.samples = sanitizeNumber(TAG, 'samples', this.samples, { min: 1, max: 16, fallback: 4, integer: true });
    if (changed.has('temperature')) this.temperature = sanitizeNumber(TAG, 'temperature', this.temperature, { min: 0, max: 3, fallback: 1 });
    if (changed.has('speed')) this.speed = sanitizeNumber(TAG, 'speed', this.speed, { min: 10, max: 100000, fallback: 300 });
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.model && ['mask', 'input', 'digit'].some((k) => changed.has(k))) this.resetCompletion();
    if (this.model && (changed.has('input') || changed.has('digit'))) void this.loadInput().then(() => this.scoreInput());
    this.paint();
  }

  /** The 784 known flags of the current mask (1 = given). */
  get knownPixels(): Uint8Array {
    return knownMask(this.mask, this.seed);
  }

  /** The full input image in {0, 1}: the test digit, or the drawing. */
  get inputPixels(): Float32Array {
    if (this.input === 'draw') return binarisePixels(this.drawing);
    const d = this.testDigits;
    return d ? binarise(d.pixels.subarray(this.digit * PIXELS, (this.digit + 1) * PIXELS)) : new Float32Array(PIXELS);
  }

  /** −log p(x) of the input in nats (exact), once scored. */
  get inputNll(): number | undefined {
    return this.scored?.nll;
  }

  /** The last completion's images, NLLs and timing. */
  get lastCompletion(): CompletionEndDetail | undefined {
    return this.lastEnd;
  }

  /** Replaces the drawing (784 intensities in [0, 1]) and switches to it. */
  setDrawing(pixels: ArrayLike<number>): void {
    this.drawing = Float32Array.from(pixels);
    const pad = this.renderRoot.querySelector<DrawPad>('ge-draw-pad');
    if (pad) pad.value = this.drawing;
    this.input = 'draw';
    this.resetCompletion();
    void this.scoreInput();
  }

  /**
   * Completes the hidden pixels of the input, `samples` times, in raster order. Resolves when the completion is
   * sampled and fully shown (or stopped); the detail is also fired as completion-end.
   */
  async complete(): Promise<CompletionEndDetail> {
    this.stopCompletion();
    await this.start();
    await this.loadInput();
    const model = this.model;
    const tf = this.runtime?.tf;
    const stopped: CompletionEndDetail = { images: [], nll: [], reason: 'stopped', sampler: this.sampler, ms: 0, passes: 0 };
    if (!model || model.isDisposed || !tf || !this.isConnected) return stopped;
    this.stopCompletion();
    const { createSampler } = await import('../../models/pixelcnn-sampler.js');
    const known = this.knownPixels;
    const given = this.inputPixels;
    const kind = this.sampler;
    let sampler;
    try {
      sampler = createSampler(kind, model, { pixels: given, known }, { samples: this.samples, temperature: this.temperature, seed: this.seed * 1009 + this.runs++ });
    } catch (e) {
      this.failOnDevice(`could not start the completion: ${message(e)}`, e);
      return { ...stopped, reason: 'error' };
    }
    this.errorText = '';
    let resolve!: (detail: CompletionEndDetail) => void;
    const done = new Promise<CompletionEndDetail>((r) => (resolve = r));
    const run: CompletionRun = new CompletionRun(sampler, known, given, {
      pixelsPerSecond: this.instant || prefersReducedMotion() ? Infinity : this.speed,
      isActive: () => this.visibility.visible,
      onRow: (row) => this.dispatchEvent(new CompletionStepEvent({ ...row, sampled: sampler.sampled })),
      onFrame: () => this.requestUpdate(),
      onEnd: (reason, error) => void this.endCompletion(run, model, reason, error).then(resolve),
    });
    this.run = run;
    this.requestUpdate();
    return done;
  }

  /** Shows the rest of the running completion as soon as it is sampled. */
  finishInstantly(): void {
    this.run?.finishInstantly();
  }

  /** Stops the running completion (what was sampled stays shown). */
  stopCompletion(): void {
    this.run?.stop();
  }

  /** Scores the finished completions and fires completion-end; resolves with its detail. */
  private async endCompletion(run: CompletionRun, model: PixelCnn, reason: 'done' | 'stopped' | 'error', error?: unknown): Promise<CompletionEndDetail> {
    if (error) this.failOnDevice(`the completion stopped: ${message(error)}`, error);
    let nll: number[] = [];
    const tf = this.runtime?.tf;
    if (reason === 'done' && tf && !model.isDisposed) {
      try {
        const scores = tf.tidy(() => model.nll(tf.tensor2d(concat(run.images), [run.samples, PIXELS])));
        nll = Array.from(await readAndDispose(scores));
      } catch (e) {
        if (!model.isDisposed) this.failOnDevice(`the completions could not be scored: ${message(e)}`, e);
      }
    }
    const detail: CompletionEndDetail = {
      images: run.images, nll, reason, sampler: this.sampler, ms: (run.sampledAt || performance.now()) - run.startedAt, passes: run.passes,
    };
    if (this.run === run) this.lastEnd = detail;
    this.dispatchEvent(new CompletionEndEvent(detail));
    this.requestUpdate();
    return detail;
  }

  private resetCompletion(): void {
    this.stopCompletion();
    this.run = undefined;
    this.lastEnd = undefined;
  }

  private async loadInput(): Promise<void> {
    if (this.testDigits) return;
    try {
      this.testDigits = await loadMnist('test');
      this.requestUpdate();
    } catch (e) {
      this.fail(`the held-out digits could not load: ${message(e)}`, e);
    }
  }

  /** Scores the whole input image with the model shown: −log p(x) in nats (exact, one parallel pass). */
  async scoreInput(): Promise<number | undefined> {
    await this.loadInput();
    const model = this.model;
    const tf = this.runtime?.tf;
    if (!model || model.isDisposed || !tf) return undefined;
    const image = this.inputPixels;
    try {
      const t = tf.tidy(() => model.nll(tf.tensor2d(image, [1, PIXELS])));
      const [nll] = await readAndDispose(t);
      if (this.model === model) this.scored = { nll, image };
      return nll;
    } catch (e) {
      if (this.model === model && !model.isDisposed) this.failOnDevice(`the input could not be scored: ${message(e)}`, e);
      return undefined;
    }
  }

  /**
   * Trains a PixelCNN on the 9,000 training digits: by default a small one from scratch (a few minutes to readable
   * digits on a GPU), or a copy of the loaded one; in the training worker (training-thread="worker", the default) or
   * on the page's thread. The element then shows (and exports) it.
   */
  async train(options: PixelCnnTrainOptions = {}): Promise<void> {
    const steps = options.steps === undefined ? Infinity : sanitizeNumber(TAG, 'train steps', options.steps, { min: 1, max: 1e9, fallback: 100, integer: true });
    const batchSize = sanitizeNumber(TAG, 'train batchSize', options.batchSize ?? 16, { min: 1, max: 256, fallback: 16, integer: true });
    const learningRate = sanitizeNumber(TAG, 'train learningRate', options.learningRate ?? 2e-3, { min: 1e-6, max: 1, fallback: 2e-3 });
    const from = options.from ?? this.trainFrom;
    await this.start();
    const runtime = this.runtime;
    if (!runtime || !this.isConnected) return;
    const { tf } = runtime;
    this.stopCompletion();
    const { PixelCnn, PIXELCNN_SMALL } = await import('../../models/pixelcnn.js');
    const model = from === 'loaded' && this.model ? this.model.clone() : PixelCnn.create(PIXELCNN_SMALL, this.seed);
    this.setModel(model);
    const settings = { learningRate, batchSize, seed: this.seed };
    try {
      await this.trainer.open(tf, model, {
        key: `${this.trainingThread}|${batchSize}|${learningRate}`,
        worker: () => ({ family: 'pixelcnn', config: model.config, options: settings, backend: runtime.backend.name, wasmRoot: wasmRoot(), images: { mnist: shippedUrl('mnist/') } }),
        main: async () => {
          const [data, { PixelCnnSession }] = await Promise.all([trainingDigits(), import('../../training/pixelcnn-session.js')]);
          return new PixelCnnSession(tf, model, data.pixels, data.count, settings);
        },
      });
    } catch (e) {
      if (this.model === model) this.fail(message(e), e);
      return;
    }
    if (this.model !== model || !this.isConnected) {
      this.trainer.end();
      return;
    }
    const chart = this.chart();
    chart?.reset([{ label: 'training NLL, nats per digit', color: '#1a73e8' }]);
    await this.runTraining({
      steps,
      offThread: this.trainer.trainingIn === 'worker',
      step: async (i) => {
        const losses = await this.trainer.step(i % 10 === 0 || i === steps - 1);
        if (losses) chart?.push(i + 1, [losses.nll]);
        return losses;
      },
      end: async () => {
        // the page's copy takes the worker's last weights before it scores the input
        await this.trainer.worker(model)?.sync().catch(() => undefined);
        this.trainer.end();
        if (this.model === model) void this.scoreInput();
      },
    });
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

  private colours(): Colours {
    return { ink: cssColor(this, '--ge-ink', '#111111'), paper: cssColor(this, '--ge-paper', '#ffffff'), accent: cssColor(this, '--ge-accent', '#1a73e8'), hidden: '#c8ccd2' };
  }

  private paint(): void {
    const colours = this.colours();
    const known = this.knownPixels;
    const input = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.digit');
    if (input && this.input === 'digit') paintCompletion(input, { pixels: this.inputPixels, known, revealed: 0 }, colours);
    const hide = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.hidden-overlay');
    if (hide) paintHidden(hide, known, colours.hidden);
    const run = this.run;
    this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas.completion').forEach((canvas, s) => {
      if (run) paintCompletion(canvas, { pixels: run.images[s], known: run.known, revealed: run.revealed }, colours);
      else paintCompletion(canvas, { pixels: this.inputPixels, known, revealed: 0 }, colours);
    });
  }

  private describeNll(nll: number | undefined): string {
    if (nll === undefined) return '';
    const average = (this.meta?.quality as { testNll?: number } | undefined)?.testNll;
    const ref = average !== undefined && this.modelUrl ? ` (held-out digits average ${average.toFixed(1)})` : '';
    return `−log p(x) = ${nll.toFixed(1)} nats · ${(nll / (PIXELS * LN2)).toFixed(3)} bits/dim${ref}`;
  }

  private caption(s: number): string {
    const run = this.run;
    if (!run) return '';
    if (run.running) {
      const i = run.cursor;
      const p = i < PIXELS ? run.probabilities[s][i] : NaN;
      if (i >= PIXELS) return 'sampled';
      return Number.isNaN(p) ? `row ${Math.floor(i / 28) + 1}…` : `p(ink) = ${p.toFixed(2)}`;
    }
    const nll = this.lastEnd?.nll[s];
    return nll === undefined ? '' : `${nll.toFixed(1)} nats`;
  }

  private summary(): string {
    if (!this.model) return '';
    const quality = this.meta?.quality as { testNll?: number } | undefined;
    const params = this.model.network.countParams();
    const nll = quality?.testNll !== undefined && this.modelUrl && !this.training ? ` · test NLL ${quality.testNll} nats` : '';
    const end = this.lastEnd && this.lastEnd.reason === 'done' ? ` · last completion ${Math.round(this.lastEnd.ms)} ms, ${this.lastEnd.sampler} sampler` : '';
    const thread = this.training && this.trainer.note ? ` · ${this.trainer.note}` : '';
    return `PixelCNN, ${(params / 1000).toFixed(0)}k parameters · ${this.backendSummary()}${nll}${end}${thread}`;
  }

  override render() {
    const run = this.run;
    const running = !!run?.running;
    return renderAutocomplete({
      input: this.input,
      digitLabel: this.alt || `Held-out digit ${this.digit} with the ${this.mask === 'none' ? '' : `${this.mask} part `}hidden`,
      nll: this.describeNll(this.scored?.nll),
      captions: Array.from({ length: run?.samples ?? this.samples }, (_, s) => this.caption(s)),
      running, mask: this.mask, samples: this.samples, temperature: this.temperature, sampler: this.sampler,
      loaded: this.loaded, training: this.training, trainFrom: this.trainFrom, chartShown: this.training || Boolean(this.chart()?.points),
      status: this.renderStatus(this.summary()),
      onInput: (input) => (this.input = input),
      onAnotherDigit: () => (this.digit = Math.floor(mulberry32(this.seed + this.digit * 31 + 7)() * 1000)),
      onPad: (pixels) => this.setDrawing(pixels),
      onPadClear: () => this.setDrawing(new Float32Array(PIXELS)),
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
    this.resetCompletion();
    super.teardown();
    this.scored = undefined;
    this.meta = undefined;
  }
}

function concat(images: Float32Array[]): Float32Array {
  const out = new Float32Array(images.length * PIXELS);
  images.forEach((im, i) => out.set(im, i * PIXELS));
  return out;
}

/** Hatches the hidden pixels over the drawing pad (the pad shows through elsewhere). */
function paintHidden(canvas: HTMLCanvasElement, known: Uint8Array, colour: string): void {
  const scale = 6;
  if (canvas.width !== 28 * scale) canvas.width = canvas.height = 28 * scale;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = colour;
  ctx.globalAlpha = 0.45;
  for (let i = 0; i < PIXELS; i++) if (!known[i]) ctx.fillRect((i % 28) * scale, Math.floor(i / 28) * scale, scale, scale);
}

if (!customElements.get(TAG)) customElements.define(TAG, PixelCnnAutocomplete);

declare global {
  interface HTMLElementTagNameMap { 'pixelcnn-autocomplete': PixelCnnAutocomplete }
}
