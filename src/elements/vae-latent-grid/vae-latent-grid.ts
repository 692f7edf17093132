/** <vae-latent-grid>: a VAE's 2-D latent space as a grid of decoded digits (see the class comment). */
import type { PropertyDeclarations, PropertyValues } from 'lit';
import type { Vae } from '../../models/vae.js';
import { GenerativeElement, type LoadCallbacks } from '../base/generative-element.js';
import { cssColor } from '../parts/css-color.js';
import { LatentSelectEvent } from '../base/events.js';
import { prefersReducedMotion } from '../base/visibility.js';
import { sanitizeChoice, sanitizeNumber } from '../base/attributes.js';
import { latentGrid, type GridSpacing } from '../../latent/grid.js';
import { shippedUrl, wasmRoot } from '../../runtime/assets.js';
import { message } from '../../runtime/backend.js';
import { TrainingController, trainingDigits, type TrainingThread } from '../base/training-controller.js';
import { fetchMeta } from '../../runtime/weights.js';
import { loadMnist, binarise } from '../../data/mnist.js';
import { drawEncodings, drawLens, drawPosterior, paintIntensities, TILE, type GridGeometry } from './grid-painter.js';
import { LossChart } from '../parts/loss-chart.js';
import { styles } from './vae-latent-grid.styles.js';
import { renderGrid, type Posterior } from './vae-latent-grid.view.js';
import { readAllAndDispose, readAndDispose } from '../../runtime/read.js';
import { tileImages } from '../../data/tile-images.js';
import { Coalesced } from '../base/coalesced.js';

const TAG = 'vae-latent-grid';

export interface VaeTrainOptions {
  /** optimisation steps (default: until stop()) */
  steps?: number;
  /** digits per step (default 64) */
  batchSize?: number;
  /** Adam learning rate (default 1e-3) */
  learningRate?: number;
  /** start from the loaded weights (default) or from a fresh network */
  from?: 'loaded' | 'scratch';
}

interface DecodedGrid { cells: number; pixels: Float32Array; z: Float32Array; latentDim: number }

/**
 * <vae-latent-grid>: the "data manifold for 2-d z" figure of the generative-models lecture, live. A VAE's decoder
 * turns a lattice of latent points into digits; hover or arrow keys enlarge a cell, Enter or click selects it.
 * Encoded test digits can be overlaid, a digit drawn on the pad shows its posterior q(z|x), and "Train" fits the
 * VAE in the page with the reconstruction and KL terms charted live.
 *
 * @tag vae-latent-grid
 * @summary Explore a VAE's 2-D latent space: decode a grid of z, see where digits land, train it in the page.
 * @event model-load - the weights are loaded: {backend, url}
 * @event model-progress - weights loading: {fraction}
 * @event model-error - a readable message: {message, cause}
 * @event backend-lost - the page's GPU was lost; the element starts again on the next backend: {lost, reason}
 * @event train-step - losses in nats, every 10 steps: {step, losses: {reconstruction, kl, negElbo}}
 * @event train-end - training ended: {step, reason}
 * @event latent-select - a cell was chosen (click or Enter): {z, row, column}
 * @csspart canvas - the decoded grid
 * @csspart controls - the buttons under the grid
 * @csspart status - the status line
 * @cssproperty --ge-ink - colour of the digits' strokes
 * @cssproperty --ge-paper - background colour
 * @cssproperty --ge-accent - highlight colour
 * @cssproperty --ge-max-width - the element's maximum width (default 760px)
 */
export class VaeLatentGrid extends GenerativeElement<Vae> {
  static override properties: PropertyDeclarations = {
    grid: { type: Number },
    spacing: { type: String },
    extent: { type: Number },
    dims: { type: String },
    showEncodings: { type: Boolean, attribute: 'show-encodings', reflect: true },
    active: { state: true, attribute: false },
    posterior: { state: true, attribute: false },
    meta: { state: true, attribute: false },
    trainFrom: { state: true, attribute: false },
    trainingThread: { type: String, attribute: 'training-thread' },
  };
  static override styles = styles;

  /** cells per side, 2–40 */
  grid = 15;
  /** quantile: the lecture's lattice through the inverse normal CDF; linear: even steps in z */
  spacing: GridSpacing = 'quantile';
  /** the grid spans z from −extent to +extent (0.1–5) */
  extent = 2;
  /** the two latent dims shown when z has more than two, e.g. "0,1" */
  dims = '0,1';
  /** overlay the 1,000 held-out digits at their encoded means, coloured by label */
  showEncodings = false;

  /**
   * where Train runs: 'worker' (default) keeps the page responsive while it trains; 'main' trains on the page's own
   * thread (also the fallback where no worker starts)
   */
  trainingThread: TrainingThread = 'worker';

  protected readonly tag = TAG;
  protected readonly modelKind = 'vae';
  private readonly trainer = new TrainingController<Vae>(this, () => this.trainingThread);
  private active?: { row: number; column: number };
  private posterior?: Posterior;
  private meta?: Record<string, unknown>;
  private trainFrom: 'loaded' | 'scratch' = 'loaded';
  private decoded?: DecodedGrid;
  private encodings?: { mu: Float32Array; labels: Uint8Array; latentDim: number };
  private readonly redraws = new Coalesced(() => this.decodeAndPaint());
  private drawnPixels?: Float32Array;

  protected defaultSrc(): string {
    return shippedUrl('vae-mnist/model.json');
  }

  protected async loadModel(url: string, { onProgress, signal }: LoadCallbacks): Promise<Vae> {
    const { Vae } = await import('../../models/vae.js');
    return Vae.load(url, { onProgress, signal });
  }

  protected modelChanged(): void {
    this.encodings = undefined;
    this.posterior = undefined;
    this.meta = undefined;
    const model = this.model;
    if (model && this.modelUrl) {
      void fetchMeta(this.modelUrl).then((meta) => {
        if (this.model === model) this.meta = meta;
      });
    }
    if (!model) {
      this.decoded = undefined;
      return;
    }
    void this.redraw();
    if (this.showEncodings) void this.encodeTestDigits();
    if (this.drawnPixels) void this.encodeDrawing(this.drawnPixels);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('grid')) this.grid = sanitizeNumber(TAG, 'grid', this.grid, { min: 2, max: 40, fallback: 15, integer: true });
    if (changed.has('extent')) this.extent = sanitizeNumber(TAG, 'extent', this.extent, { min: 0.1, max: 5, fallback: 2 });
    if (changed.has('spacing')) this.spacing = sanitizeChoice(TAG, 'spacing', this.spacing, ['quantile', 'linear'] as const, 'quantile');
    if (changed.has('grid') && this.active) this.active = undefined;
    if (changed.has('trainingThread')) this.trainingThread = sanitizeChoice(TAG, 'training-thread', this.trainingThread, ['worker', 'main'] as const, 'worker');
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (['grid', 'spacing', 'extent', 'dims'].some((k) => changed.has(k)) && this.model) void this.redraw();
    if (changed.has('showEncodings') && this.showEncodings && this.model && !this.encodings) void this.encodeTestDigits();
    this.paintOverlay();
  }

  /** The two latent dims shown, validated against the model's latent size. */
  get shownDims(): [number, number] {
    const d = this.model?.config.latentDim ?? 2;
    const parts = String(this.dims).split(/[\s,]+/).map(Number);
    if (parts.length === 2 && parts.every((v) => Number.isInteger(v) && v >= 0 && v < d) && parts[0] !== parts[1]) return [parts[0], parts[1]];
    if (this.dims !== '0,1') sanitizeChoice(TAG, 'dims', this.dims, [`two different dims in 0–${d - 1}, e.g. "0,1"`], '0,1');
    return [0, 1];
  }

  /** The latent point of a cell (row 0 is the top, where the second dim is largest). */
  cellLatent(row: number, column: number): number[] {
    const d = this.decoded;
    if (!d) return [];
    const k = (row * d.cells + column) * d.latentDim;
    return Array.from(d.z.subarray(k, k + d.latentDim));
  }

  /**
   * Decodes the whole grid in one batched call and paints it as one image. Coalesced: while a redraw runs, calls
   * share it and one more follows with the latest settings; the promise resolves when that one is painted.
   */
  redraw(): Promise<void> {
    return this.redraws.request();
  }

  private async decodeAndPaint(): Promise<void> {
    const vae = this.model;
    const tf = this.runtime?.tf;
    if (!vae || vae.isDisposed || !tf) return;
    // while a worker trains this model, it decodes the grid with its current weights: the page only paints
    const remote = this.trainer.worker(vae);
    try {
      const cells = this.grid;
      const latentDim = vae.config.latentDim;
      const z = latentGrid({ cells, spacing: this.spacing, extent: this.extent, latentDim, dims: this.shownDims });
      const pixels = remote ? (await remote.decode(z, cells)).pixels
        : await readAndDispose(tf.tidy(() => tileImages(tf, vae.decode(tf.tensor2d(z, [cells * cells, latentDim])), cells)));
      if (vae !== this.model) return;
      this.decoded = { cells, pixels, z, latentDim };
      this.paintGrid();
    } catch (e) {
      if (remote?.stopped) return void this.redraw(); // the run ended meanwhile: the page's copy draws it
      if (this.model && !this.model.isDisposed) this.failOnDevice(`could not decode the grid: ${e instanceof Error ? e.message : e}`, e);
    }
  }

  /**
   * Trains the VAE on the shipped 9,000 training digits, from the loaded weights or from scratch: in the training
   * worker (training-thread="worker", the default) or on the page's thread. The element then shows (and exports)
   * the trained model. Resolves when training ends.
   */
  async train(options: VaeTrainOptions = {}): Promise<void> {
    const steps = options.steps === undefined ? Infinity : sanitizeNumber(TAG, 'train steps', options.steps, { min: 1, max: 1e9, fallback: 100, integer: true });
    const batchSize = sanitizeNumber(TAG, 'train batchSize', options.batchSize ?? 64, { min: 1, max: 1024, fallback: 64, integer: true });
    const learningRate = sanitizeNumber(TAG, 'train learningRate', options.learningRate ?? 1e-3, { min: 1e-6, max: 1, fallback: 1e-3 });
    const from = options.from ?? this.trainFrom;
    await this.start(); // waits for a load in flight, so training starts from the loaded weights
    const runtime = this.runtime;
    if (!runtime || !this.isConnected) return;
    const { tf } = runtime;
    const { Vae } = await import('../../models/vae.js');
    const vae = from === 'scratch' || !this.model ? Vae.create(this.model?.config ?? {}, this.seed) : this.model.clone(this.seed);
    this.setModel(vae);
    const settings = { learningRate, batchSize, seed: this.seed };
    try {
      await this.trainer.open(tf, vae, {
        key: `${this.trainingThread}|${batchSize}|${learningRate}`,
        worker: () => ({ family: 'vae', config: vae.config, options: settings, backend: runtime.backend.name, wasmRoot: wasmRoot(), images: { mnist: shippedUrl('mnist/') } }),
        main: async () => {
          const [data, { VaeSession }] = await Promise.all([trainingDigits(), import('../../training/vae-session.js')]);
          return new VaeSession(tf, vae, data.pixels, data.count, settings);
        },
      });
    } catch (e) {
      if (this.model === vae) this.fail(message(e), e);
      return;
    }
    if (this.model !== vae || !this.isConnected) {
      this.trainer.end();
      return;
    }
    const chart = this.chart();
    chart?.reset([{ label: 'reconstruction −log p(x|z)', color: '#1a73e8' }, { label: 'KL(q‖p)', color: '#e8710a' }]);
    let lastDraw = performance.now();
    await this.runTraining({
      steps,
      offThread: this.trainer.trainingIn === 'worker',
      step: async (i) => {
        const losses = await this.trainer.step(i % 10 === 0 || i === steps - 1);
        if (losses) chart?.push(i + 1, [losses.reconstruction, losses.kl]);
        if (performance.now() - lastDraw > (prefersReducedMotion() ? 5000 : 1000)) {
          lastDraw = performance.now();
          void this.redraw();
        }
        return losses;
      },
      end: async () => {
        await this.catchUp(vae);
        this.trainer.end();
        if (this.model === vae) this.modelChanged();
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

  /** The page's copy of a model the worker trains takes the worker's weights (nothing to do on the main thread). */
  private async catchUp(vae: Vae): Promise<void> {
    await this.trainer.worker(vae)?.sync().catch(() => undefined);
  }

  private async encodeTestDigits(): Promise<void> {
    const vae = this.model;
    const tf = this.runtime?.tf;
    if (!vae || !tf) return;
    try {
      const test = await loadMnist('test');
      if (vae !== this.model || vae.isDisposed) return;
      const mu = tf.tidy(() => vae.encode(tf.tensor2d(binarise(test.pixels), [test.count, 784])).mu);
      const values = await readAndDispose(mu);
      if (vae !== this.model) return;
      this.encodings = { mu: values, labels: test.labels, latentDim: vae.config.latentDim };
      this.requestUpdate();
    } catch (e) {
      this.failOnDevice(`the test digits could not be encoded: ${e instanceof Error ? e.message : e}`, e);
    }
  }

  private async encodeDrawing(pixels: Float32Array): Promise<void> {
    this.drawnPixels = pixels;
    const vae = this.model;
    const tf = this.runtime?.tf;
    if (!vae || !tf || vae.isDisposed) return;
    let m: Float32Array, s: Float32Array, r: Float32Array;
    try {
      const [mu, sigma, recon] = tf.tidy(() => {
        const q = vae.encode(tf.tensor2d(pixels, [1, 784]));
        return [q.mu, q.logvar.mul(0.5).exp(), vae.decode(q.mu)];
      });
      [m, s, r] = await readAllAndDispose([mu, sigma, recon]);
    } catch (e) {
      if (vae === this.model && !vae.isDisposed) this.failOnDevice(`the drawing could not be encoded: ${e instanceof Error ? e.message : e}`, e);
      return;
    }
    if (vae !== this.model) return;
    const [a, b] = this.shownDims;
    this.posterior = { mu: [m[a], m[b]], sigma: [s[a], s[b]] };
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.recon');
    if (canvas) paintIntensities(canvas, r as Float32Array, TILE, this.color('--ge-ink'), this.color('--ge-paper'));
  }

  private color(name: string): string {
    return cssColor(this, name, name === '--ge-paper' ? '#ffffff' : name === '--ge-accent' ? '#1a73e8' : '#111111');
  }

  private chart(): LossChart | null {
    return this.renderRoot.querySelector('ge-loss-chart');
  }

  private geometry(): GridGeometry {
    return { cells: this.decoded?.cells ?? this.grid, spacing: this.spacing, extent: this.extent };
  }

  private paintGrid(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas[part=canvas]');
    const d = this.decoded;
    if (!canvas || !d) return;
    paintIntensities(canvas, d.pixels, d.cells * TILE, this.color('--ge-ink'), this.color('--ge-paper'));
    this.requestUpdate();
  }

  private paintOverlay(): void {
    const overlay = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.overlay');
    const grid = this.renderRoot.querySelector<HTMLCanvasElement>('canvas[part=canvas]');
    const ctx = overlay?.getContext('2d');
    if (!overlay || !grid || !ctx) return;
    const size = Math.min(1200, Math.max(400, Math.round((overlay.clientWidth || 400) * devicePixelRatio)));
    if (overlay.width !== size) overlay.width = overlay.height = size;
    ctx.clearRect(0, 0, size, size);
    const g = this.geometry();
    const e = this.encodings;
    if (this.showEncodings && e) drawEncodings(ctx, e.mu, e.labels, e.latentDim, this.shownDims, g, size);
    if (this.posterior) drawPosterior(ctx, this.posterior.mu, this.posterior.sigma, g, size, this.color('--ge-accent'));
    if (this.active && this.decoded) drawLens(ctx, grid, this.active.row, this.active.column, this.decoded.cells, size, this.color('--ge-accent'));
  }

  private cellAt(e: PointerEvent | MouseEvent): { row: number; column: number } | undefined {
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const n = this.decoded?.cells ?? this.grid;
    const column = Math.floor(((e.clientX - rect.left) / rect.width) * n);
    const row = Math.floor(((e.clientY - rect.top) / rect.height) * n);
    return row >= 0 && row < n && column >= 0 && column < n ? { row, column } : undefined;
  }

  private select(cell = this.active): void {
    if (!cell || !this.decoded) return;
    this.dispatchEvent(new LatentSelectEvent({ z: this.cellLatent(cell.row, cell.column), ...cell }));
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.decoded?.cells ?? this.grid;
    const at = this.active ?? { row: Math.floor(n / 2), column: Math.floor(n / 2) };
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (moves[e.key]) {
      const fresh = !this.active;
      const [dr, dc] = fresh ? [0, 0] : moves[e.key];
      this.active = { row: Math.min(n - 1, Math.max(0, at.row + dr)), column: Math.min(n - 1, Math.max(0, at.column + dc)) };
    } else if (e.key === 'Home' || e.key === 'End') {
      this.active = { row: at.row, column: e.key === 'Home' ? 0 : n - 1 };
    } else if (e.key === 'Enter' || e.key === ' ') {
      this.active = at;
      this.select(at);
    } else if (e.key === 'Escape') {
      this.active = undefined;
    } else {
      return;
    }
    e.preventDefault();
  }

  private describeActive(): string {
    if (!this.active || !this.decoded) return '';
    const z = this.cellLatent(this.active.row, this.active.column);
    const [a, b] = this.shownDims;
    return `row ${this.active.row + 1}, column ${this.active.column + 1}: z${a + 1} = ${z[a].toFixed(2)}, z${b + 1} = ${z[b].toFixed(2)}`;
  }

  private summary(): string {
    if (!this.model) return '';
    const quality = this.meta?.quality as { testNegElbo?: number } | undefined;
    const elbo = quality?.testNegElbo !== undefined && !this.training ? ` · test −ELBO ${quality.testNegElbo} nats` : '';
    const thread = this.training && this.trainer.note ? ` · ${this.trainer.note}` : '';
    return `VAE, ${this.model.config.latentDim}-D latent · ${this.backendSummary()}${elbo}${thread}`;
  }

  override render() {
    const n = this.decoded?.cells ?? this.grid;
    return renderGrid({
      cells: n,
      label: this.alt || `A ${n} by ${n} grid of digits decoded from evenly spaced points of a VAE's latent space`,
      placeholder: this.decoded ? undefined : this.errorText ? '' : 'Loading the VAE…',
      lens: this.describeActive(), posterior: this.posterior, showEncodings: this.showEncodings,
      loaded: this.loaded, training: this.training, trainFrom: this.trainFrom, chartShown: this.training || Boolean(this.chart()?.points),
      status: this.renderStatus(this.summary()),
      onPointerMove: (e) => (this.active = this.cellAt(e)),
      onPointerLeave: () => { if (!this.matches(':focus-within')) this.active = undefined; },
      onClick: (e) => this.select(this.cellAt(e)),
      onKey: (e) => this.onKey(e),
      onPad: (pixels) => void this.encodeDrawing(pixels),
      onPadClear: () => { this.drawnPixels = undefined; this.posterior = undefined; },
      onTrain: () => (this.training ? this.stop() : void this.train()),
      onTrainFrom: (from) => (this.trainFrom = from),
      onShowEncodings: (show) => (this.showEncodings = show),
      onExport: () => void this.exportWeights(),
    });
  }

  override firstUpdated(): void {
    this.paintGrid();
  }

  protected override teardown(): void {
    super.teardown();
    this.redraws.reset();
    this.encodings = undefined;
    this.posterior = undefined;
    this.meta = undefined;
  }
}

if (!customElements.get('vae-latent-grid')) customElements.define('vae-latent-grid', VaeLatentGrid);

declare global {
  interface HTMLElementTagNameMap { 'vae-latent-grid': VaeLatentGrid }
}
