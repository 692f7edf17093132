/** <vae-latent-grid>: a VAE's 2-D latent space as a grid of decoded digits (see the class comment). */
import type { PropertyDeclarations, PropertyValues } from 'lit';
import type { Vae } from '../../models/vae.js';
import { GenerativeElement, type LoadCallbacks } from '../base/generative-element.js';
import { LatentSelectEvent } from '../base/events.js';
import { latentGrid, type GridSpacing } from '../../latent/grid.js';
import { shippedUrl } from '../../runtime/assets.js';
import { message } from '../../runtime/backend.js';
import { TrainingController, type TrainingThread } from '../base/training-controller.js';
import { fetchMeta } from '../../runtime/weights.js';
import { loadMnist, binarise } from '../../data/mnist.js';
import { drawGrid, type Encodings } from './grid-canvas.js';
import { gridAxes, sanitizeSettings, shownDims } from './grid-settings.js';
import { cellAt, cellKey, cellLatent, describeCell, type Cell, type DecodedGrid } from './grid-cells.js';
import { decodeLattice, drawingPosterior, encodedMeans } from '../../models/vae-views.js';
import { LossChart } from '../parts/loss-chart.js';
import { styles } from './vae-latent-grid.styles.js';
import { renderGrid, type Posterior } from './vae-latent-grid.view.js';
import { redrawTimer, trainSettings, vaeSessionPlan, type VaeTrainOptions } from './vae-training.js';
import { Coalesced } from '../base/coalesced.js';
export type { VaeTrainOptions } from './vae-training.js';

const TAG = 'vae-latent-grid';

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
    hoveredDigit: { state: true, attribute: false },
    pinnedDigit: { state: true, attribute: false },
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
  private readonly trainer = new TrainingController<Vae>(this, {
    thread: () => this.trainingThread,
    shown: () => this.model,
    fail: (text, cause) => this.fail(text, cause),
  });
  private active?: Cell;
  private posterior?: Posterior;
  private meta?: Record<string, unknown>;
  private trainFrom: 'loaded' | 'scratch' = 'loaded';
  private decoded?: DecodedGrid;
  private encodings?: Encodings;
  private readonly redraws = new Coalesced(() => this.decodeAndPaint());
  private drawnPixels?: Float32Array;
  private recon?: Float32Array;
  /** the legend's digit class under the pointer or focus, and the one clicked to keep */
  private hoveredDigit?: number;
  private pinnedDigit?: number;

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
    if (model && this.modelUrl) void fetchMeta(this.modelUrl).then((meta) => { if (this.model === model) this.meta = meta; });
    if (!model) {
      this.decoded = undefined;
      return;
    }
    // a run starting in the worker: the worker draws the grid; the page encodes when the run ends (its thread stays free)
    if (this.trainer.offThread(model)) return;
    void this.redraw();
    if (this.showEncodings) void this.encodeTestDigits();
    if (this.drawnPixels) void this.encodeDrawing(this.drawnPixels);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    sanitizeSettings(TAG, this, changed);
    if (changed.has('grid') && this.active) this.active = undefined;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (['grid', 'spacing', 'extent', 'dims'].some((k) => changed.has(k)) && this.model) void this.redraw();
    if (changed.has('showEncodings') && this.showEncodings && this.model && !this.encodings) void this.encodeTestDigits();
    this.draw();
  }

  /** The two latent dims shown, validated against the model's latent size. */
  get shownDims(): [number, number] {
    return shownDims(TAG, this.dims, this.model?.config.latentDim ?? 2);
  }

  /** The latent point of a cell (row 0 is the top, where the second dim is largest). */
  cellLatent(row: number, column: number): number[] {
    return this.decoded ? cellLatent(this.decoded, row, column) : [];
  }

  /**
   * Decodes the whole grid in one batched call and paints it as one image. Coalesced: while a redraw runs, calls
   * share it and one more follows with the latest settings; the promise resolves when that one is painted.
   */
  redraw(): Promise<void> {
    return this.redraws.request();
  }

  private async decodeAndPaint(): Promise<void> {
    const vae = this.model, tf = this.runtime?.tf;
    if (!vae || vae.isDisposed || !tf) return;
    // while a worker trains this model, it decodes the grid with its current weights: the page only paints
    const remote = this.trainer.worker(vae);
    if (!remote && this.trainer.offThread(vae)) return; // its worker is starting: train() redraws once it is up
    try {
      const cells = this.grid, latentDim = vae.config.latentDim;
      const z = latentGrid({ cells, spacing: this.spacing, extent: this.extent, latentDim, dims: this.shownDims });
      const pixels = remote ? (await remote.decode(z, cells)).pixels : await decodeLattice(tf, vae, z, cells);
      if (vae !== this.model) return;
      this.decoded = { cells, pixels, z, latentDim };
      this.requestUpdate();
      this.draw();
    } catch (e) {
      if (remote?.stopped) return void this.redraw(); // the run ended meanwhile: the page's copy draws it
      if (this.model && !this.model.isDisposed) this.failOnDevice(`could not decode the grid: ${message(e)}`, e);
    }
  }

  /**
   * Trains the VAE on the shipped 9,000 training digits, from the loaded weights or from scratch: in the training
   * worker (training-thread="worker", the default) or on the page's thread. The element then shows (and exports)
   * the trained model. Resolves when training ends.
   */
  async train(options: VaeTrainOptions = {}): Promise<void> {
    const { steps, batchSize, learningRate, from } = trainSettings(TAG, options, this.trainFrom);
    await this.start(); // waits for a load in flight, so training starts from the loaded weights
    const runtime = this.runtime;
    if (!runtime || !this.isConnected) return;
    const { Vae } = await import('../../models/vae.js');
    const vae = from === 'scratch' || !this.model ? Vae.create(this.model?.config ?? {}, this.seed) : this.model.clone(this.seed);
    this.setModel(vae);
    const session = await this.trainer.begin(runtime.tf, vae, vaeSessionPlan(runtime, vae, this.trainingThread, { learningRate, batchSize, seed: this.seed }));
    if (!session) return;
    void this.redraw(); // the run's model, drawn by the worker if it trains there
    const chart = this.chart();
    chart?.reset([{ label: 'reconstruction −log p(x|z)', color: '#1a73e8' }, { label: 'KL(q‖p)', color: '#e8710a' }]);
    const redrawDue = redrawTimer();
    await this.runTraining({
      steps,
      offThread: this.trainer.trainingIn === 'worker',
      step: async (i) => {
        const losses = await this.trainer.step(i % 10 === 0 || i === steps - 1);
        if (losses) chart?.push(i + 1, [losses.reconstruction, losses.kl]);
        if (redrawDue()) void this.redraw();
        return losses;
      },
      end: async () => {
        // the page's copy of a model the worker trains takes the worker's weights (nothing to do on the main thread)
        await this.trainer.worker(vae)?.sync().catch(() => undefined);
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

  private async encodeTestDigits(): Promise<void> {
    const vae = this.model, tf = this.runtime?.tf;
    if (!vae || !tf) return;
    try {
      const test = await loadMnist('test');
      if (vae !== this.model || vae.isDisposed) return;
      const values = await encodedMeans(tf, vae, binarise(test.pixels), test.count);
      if (vae !== this.model) return;
      this.encodings = { mu: values, labels: test.labels, latentDim: vae.config.latentDim };
      this.requestUpdate();
    } catch (e) {
      this.failOnDevice(`the test digits could not be encoded: ${message(e)}`, e);
    }
  }

  private async encodeDrawing(pixels: Float32Array): Promise<void> {
    this.drawnPixels = pixels;
    const vae = this.model, tf = this.runtime?.tf;
    if (!vae || !tf || vae.isDisposed) return;
    const q = await drawingPosterior(tf, vae, pixels).catch((e: unknown) => {
      if (vae === this.model && !vae.isDisposed) this.failOnDevice(`the drawing could not be encoded: ${message(e)}`, e);
    });
    if (!q || vae !== this.model) return;
    const [a, b] = this.shownDims;
    this.posterior = { mu: [q.mu[a], q.mu[b]], sigma: [q.sigma[a], q.sigma[b]] };
    this.recon = q.recon;
  }

  private chart(): LossChart | null {
    return this.renderRoot.querySelector('ge-loss-chart');
  }

  /** The one draw: the decoded grid and the drawing's reconstruction when new, and the overlay over them. */
  private draw(): void {
    drawGrid(this, {
      decoded: this.decoded, recon: this.recon, posterior: this.posterior, lens: this.decoded && this.active,
      geometry: { cells: this.cells, spacing: this.spacing, extent: this.extent },
      dims: this.shownDims, encodings: this.showEncodings ? this.encodings : undefined, highlight: this.hoveredDigit ?? this.pinnedDigit,
    });
  }

  /** cells per side of the grid painted (the grid attribute until one is) */
  private get cells(): number {
    return this.decoded?.cells ?? this.grid;
  }

  private select(cell: Cell | undefined): void {
    if (cell && this.decoded) this.dispatchEvent(new LatentSelectEvent({ z: this.cellLatent(cell.row, cell.column), ...cell }));
  }

  private onKey(e: KeyboardEvent): void {
    const key = cellKey(e.key, this.active, this.cells);
    if (!key) return;
    this.active = key.cell;
    if (key.select) this.select(key.cell);
    e.preventDefault();
  }

  /** The status line in a reader's words, and its detail (the title). */
  private summary(): [string, string] {
    if (!this.model) return ['', ''];
    const quality = this.meta?.quality as { testNegElbo?: number } | undefined;
    const elbo = quality?.testNegElbo !== undefined && !this.training ? ` · test −ELBO ${Math.round(quality.testNegElbo)} nats` : '';
    const thread = this.training && this.trainer.note ? ` · ${this.trainer.note}` : '';
    return [`VAE${elbo} · ${this.whereItRuns()}${thread}`, `${this.model.config.latentDim}-D latent · ${this.backendSummary()}`];
  }

  override render() {
    const n = this.cells;
    return renderGrid({
      cells: n,
      label: this.alt || `A ${n} by ${n} grid of digits decoded from evenly spaced points of a VAE's latent space`,
      placeholder: this.decoded ? undefined : this.errorText ? '' : 'Loading the VAE…',
      lens: this.active && this.decoded ? describeCell(this.active, this.cellLatent(this.active.row, this.active.column), this.shownDims) : '',
      posterior: this.posterior, showEncodings: this.showEncodings, highlight: this.hoveredDigit ?? this.pinnedDigit, drawn: Boolean(this.drawnPixels),
      axes: gridAxes({ cells: this.cells, spacing: this.spacing, extent: this.extent }, this.shownDims),
      onHoverDigit: (digit) => (this.hoveredDigit = digit),
      onPinDigit: (digit) => (this.pinnedDigit = this.pinnedDigit === digit ? undefined : digit),
      loaded: this.loaded, training: this.training, trainFrom: this.trainFrom, chartShown: this.training || Boolean(this.chart()?.points),
      status: this.renderStatus(...this.summary()),
      onPointerMove: (e) => (this.active = cellAt(e, this.cells)),
      onPointerLeave: () => { if (!this.matches(':focus-within')) this.active = undefined; },
      onClick: (e) => this.select(cellAt(e, this.cells)),
      onKey: (e) => this.onKey(e),
      onPad: (pixels) => void this.encodeDrawing(pixels),
      onPadClear: () => { this.drawnPixels = undefined; this.posterior = undefined; this.recon = undefined; },
      onTrain: () => (this.training ? this.stop() : void this.train()),
      onTrainFrom: (from) => (this.trainFrom = from),
      onShowEncodings: (show) => (this.showEncodings = show),
      onExport: () => void this.exportWeights(),
    });
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
