/** <vae-latent-grid>: a VAE's 2-D latent space as a grid of decoded digits (see the class comment). */
import type { PropertyDeclarations, PropertyValues } from 'lit';
import { msg, str } from '@lit/localize';
import { inLocale, type Text } from '../base/localize.js';
import type { Vae } from '../../models/vae.js';
import { GenerativeElement, type LoadCallbacks } from '../base/generative-element.js';
import { LatentSelectEvent } from '../base/events.js';
import { latentGrid, type GridSpacing } from '../../latent/grid.js';
import { shippedUrl } from '../../runtime/assets.js';
import { message } from '../../runtime/backend.js';
import { TrainingController, type TrainingThread } from '../base/training-controller.js';
import { fetchMeta } from '../../runtime/weights.js';
import { drawGrid } from './grid-canvas.js';
import type { GridGeometry } from './grid-painter.js';
import { TestEncodings } from './test-encodings.js';
import { RivalGrid } from './rival-grid.js';
import { gridAxes, latticeGeometry, sanitizeSettings, shownDims } from './grid-settings.js';
import { cellAt, cellKey, cellLatent, cellPixels, describeCell, type Cell, type DecodedGrid } from './grid-cells.js';
import { decodeLattice } from '../../models/vae-views.js';
import { LossChart } from '../parts/loss-chart.js';
import { styles } from './vae-latent-grid.styles.js';
import { renderGrid } from './vae-latent-grid.view.js';
import { chartSeries, redrawTimer, statusSummary, trainSettings, vaeSessionPlan, type VaeTrainOptions } from './vae-training.js';
import { Coalesced } from '../base/coalesced.js';
import { PadDigit, testDigit } from './pad-digit.js';
import type { BoundResult } from '../parts/bound-panel.js';
import type { DrawPad } from '../parts/draw-pad.js';
export type { VaeTrainOptions } from './vae-training.js';

const TAG = 'vae-latent-grid';

/**
 * <vae-latent-grid>: the "data manifold for 2-d z" figure of the generative-models lecture, live. A VAE's decoder
 * turns a lattice of latent points into digits; hover or arrow keys enlarge a cell, Enter or click selects it.
 * Encoded test digits can be overlaid, a digit drawn on the pad shows its posterior q(z|x), and "Train" fits the
 * VAE in the page with the reconstruction and KL terms charted live. For the digit on the pad (drawn, a test digit, or a
 * clicked cell's decoding) it integrates log p(x) over the 2-D latent and shows it beside the ELBO, their gap, and the
 * true posterior p(z|x) under q(z|x).
 *
 * @tag vae-latent-grid
 * @summary Explore a VAE's 2-D latent space: decode a grid of z, see where digits land, train it in the page.
 * @event {ModelLoadEvent} model-load - the weights are loaded: {backend, url}
 * @event {ModelProgressEvent} model-progress - weights loading: {fraction}
 * @event {ModelErrorEvent} model-error - a readable message: {message, cause}
 * @event {BackendLostEvent} backend-lost - the page's GPU was lost; the element starts again on the next backend: {lost, reason}
 * @event {TrainStepEvent} train-step - losses in nats, every 10 steps: {step, losses: {reconstruction, kl, negElbo, loss, beta}} (loss = reconstruction + β·KL, what the step minimised)
 * @event {TrainEndEvent} train-end - training ended: {step, reason}
 * @event {LatentSelectEvent} latent-select - a cell was chosen (click or Enter): {z, row, column}
 * @csspart canvas - the decoded grid
 * @csspart controls - the buttons under the grid
 * @csspart status - the status line
 * @cssproperty --ge-ink - colour of the digits' strokes
 * @cssproperty --ge-paper - background colour
 * @cssproperty --ge-accent - highlight colour
 * @cssproperty --ge-on-accent - text on accent-coloured buttons (default white; a light accent needs a dark one)
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
    meta: { state: true, attribute: false },
    trainFrom: { state: true, attribute: false },
    hoveredDigit: { state: true, attribute: false },
    pinnedDigit: { state: true, attribute: false },
    trainingThread: { type: String, attribute: 'training-thread' },
    beta: { type: Number },
    architecture: { type: String, attribute: 'model' },
    compare: { type: Boolean, reflect: true },
  };
  static override styles = styles;

  /** cells per side, 2–40 */
  grid = 15;
  /** quantile: the lecture's lattice through the inverse normal CDF; linear: even steps in z */
  spacing: GridSpacing = 'quantile';
  /** the grid spans z from −extent to +extent (0.1–100; unset, an autoencoder's grid spans the box of its codes) */
  extent = 2;
  /** the two latent dims shown when z has more than two, e.g. "0,1" */
  dims = '0,1';
  /** overlay the 1,000 held-out digits at their encoded means, coloured by label */
  showEncodings = false;
  /**
   * vae (default): the shipped VAE. autoencoder: the lecture's step before it, a plain autoencoder of the same shape
   * (weights/ae-mnist/), whose grid spans the box its codes occupy: the gaps between its clusters decode to non-digits.
   */
  architecture: 'vae' | 'autoencoder' = 'vae';
  /** show the other model's grid beside this one (the autoencoder beside the VAE, or the reverse), on the same z extent */
  compare = false;
  /** the KL term's weight when training in the page (0–10; 1 is the ELBO, above 1 a β-VAE); applies from the next Train */
  beta = 1;

  /** where Train runs: 'worker' (default) keeps the page responsive; 'main', the page's thread (the fallback where no worker starts) */
  trainingThread: TrainingThread = 'worker';

  protected readonly tag = TAG;
  protected get modelKind(): string {
    return this.architecture;
  }
  private readonly trainer = new TrainingController<Vae>(this, { thread: () => this.trainingThread, shown: () => this.model, fail: (text, cause) => this.fail(text, cause) });
  private active?: Cell;
  private meta?: Record<string, unknown>;
  private trainFrom: 'loaded' | 'scratch' = 'loaded';
  private decoded?: DecodedGrid;
  /** what the helpers below need of the element: its tfjs, a repaint, and errors shown in it */
  private readonly parts = { tf: () => this.runtime?.tf, changed: () => this.requestUpdate(), fail: (text: Text, cause: unknown) => this.failOnDevice(text, cause) };
  private readonly encodings = new TestEncodings({ ...this.parts, model: () => this.model });
  private readonly redraws = new Coalesced(() => this.decodeAndPaint());
  /** the digit on the pad and what the VAE says of it */
  private readonly pad = new PadDigit(this, { ...this.parts, model: () => this.model, backend: () => this.backendName, dims: () => this.shownDims, words: (text: Text) => this.i18n.words(text) });
  private testDigit = 0;
  private readonly rival = new RivalGrid(this.parts);
  /** the legend's digit class under the pointer or focus, and the one clicked to keep */
  private hoveredDigit?: number;
  private pinnedDigit?: number;

  protected defaultSrc(): string {
    return shippedUrl(this.architecture === 'autoencoder' ? 'ae-mnist/model.json' : 'vae-mnist/model.json');
  }

  protected async loadModel(url: string, { onProgress, signal }: LoadCallbacks): Promise<Vae> {
    const { Vae } = await import('../../models/vae.js');
    return Vae.load(url, { onProgress, signal, variational: this.architecture === 'vae' });
  }

  protected override coloursChanged(): void { this.draw(true); }

  protected modelChanged(): void {
    this.encodings.reset();
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
    if (this.showEncodings) void this.encodings.load();
    if (this.compare) void this.rival.load(!model.variational).then(() => this.redraw());
    this.pad.refresh();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    sanitizeSettings(TAG, this, changed);
    if (changed.has('grid') && this.active) this.active = undefined;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (['grid', 'spacing', 'extent', 'dims'].some((k) => changed.has(k)) && this.model) void this.redraw();
    if (changed.has('showEncodings') && this.showEncodings && this.model) void this.encodings.load();
    if (changed.has('compare') && this.model) {
      if (this.compare) void this.rival.load(!this.model.variational).then(() => this.redraw());
      else if (changed.get('compare') !== undefined) this.rival.drop();
      void this.redraw();
    }
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
      if (!vae.variational) await this.encodings.load(); // the autoencoder's grid spans its codes
      if (vae !== this.model) return;
      const cells = this.grid, latentDim = vae.config.latentDim, { spacing, extent } = this.geometry;
      const z = latentGrid({ cells, spacing, extent, latentDim, dims: this.shownDims });
      const pixels = remote ? (await remote.decode(z, cells)).pixels : await decodeLattice(tf, vae, z, cells);
      if (vae !== this.model) return;
      this.decoded = { cells, pixels, z, latentDim };
      if (this.compare) await this.rival.decode(z, cells);
      this.requestUpdate();
      this.draw();
    } catch (e) {
      if (remote?.stopped) return void this.redraw(); // the run ended meanwhile: the page's copy draws it
      if (this.model && !this.model.isDisposed) this.failOnDevice(() => msg(str`could not decode the grid: ${message(e)}`), e);
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
    const session = await this.trainer.begin(runtime.tf, vae, vaeSessionPlan(runtime, vae, this.trainingThread, { learningRate, batchSize, seed: this.seed, beta: this.beta }));
    if (!session) return;
    void this.redraw(); // the run's model, drawn by the worker if it trains there
    const chart = this.chart();
    chart?.reset(inLocale(this.i18n.locale, () => chartSeries(this.beta)));
    const redrawDue = redrawTimer();
    await this.runTraining({
      steps,
      offThread: this.trainer.trainingIn === 'worker',
      step: async (i) => {
        const losses = await this.trainer.step(i % 10 === 0 || i === steps - 1);
        if (losses) chart?.push(i + 1, [losses.reconstruction, losses.kl, losses.loss]);
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

  /** the grid painted: an autoencoder's grid, and both of compare, span the autoencoder's codes unless the page sets extent */
  private get geometry(): GridGeometry {
    const ae = this.model?.variational === false ? this.encodings : this.compare ? this.rival.encodings : undefined;
    return latticeGeometry(this, this.cells, this.hasAttribute('extent') ? undefined : ae?.extent(this.shownDims));
  }

  /**
   * Puts a digit on the pad (784 values in [0, 1]) and integrates it: q(z|x) on the grid; log p(x), the ELBO, their gap
   * and the true posterior beside it. Resolves with those (undefined if another digit came first, or for an autoencoder).
   * `label` names the digit in the panel (a string, or a thunk that says it in the locale it is shown in).
   */
  async measureEvidence(pixels: Float32Array, label: Text = () => msg('the digit')): Promise<BoundResult | undefined> {
    const pad = this.renderRoot.querySelector<DrawPad>('ge-draw-pad');
    if (pad) pad.value = pixels;
    return this.pad.set(pixels, label);
  }

  /** Puts held-out test digit `index` (default: the next one) on the pad and integrates it. */
  async showTestDigit(index = this.testDigit++): Promise<BoundResult | undefined> {
    const { pixels, label } = await testDigit(index);
    return this.measureEvidence(pixels, label);
  }

  private chart(): LossChart | null {
    return this.renderRoot.querySelector('ge-loss-chart');
  }

  /** The one draw: the decoded grid and the drawing's reconstruction when new, and the overlay over them. */
  private draw(again = false): void {
    drawGrid(this, {
      decoded: this.decoded, recon: this.pad.recon, posterior: this.pad.posterior, lens: this.decoded && this.active,
      geometry: this.geometry,
      rival: this.compare ? this.rival.decoded : undefined,
      dims: this.shownDims, encodings: this.showEncodings ? this.encodings.value : undefined, highlight: this.hoveredDigit ?? this.pinnedDigit,
    }, again);
  }

  /** cells per side of the grid painted (the grid attribute until one is) */
  private get cells(): number {
    return this.decoded?.cells ?? this.grid;
  }

  private select(cell: Cell | undefined): void {
    if (!cell || !this.decoded) return;
    this.dispatchEvent(new LatentSelectEvent({ z: this.cellLatent(cell.row, cell.column), ...cell }));
    void this.measureEvidence(cellPixels(this.decoded, cell), () => msg(str`the cell in row ${cell.row + 1}, column ${cell.column + 1}`));
  }

  private onKey(e: KeyboardEvent): void {
    const key = cellKey(e.key, this.active, this.cells);
    if (!key) return;
    this.active = key.cell;
    if (key.select) this.select(key.cell);
    e.preventDefault();
  }

  override render() {
    const n = this.cells;
    return renderGrid({
      cells: n,
      label: this.alt || msg(str`A ${n} by ${n} grid of digits decoded from evenly spaced points of a VAE's latent space`),
      placeholder: this.decoded ? undefined : this.errorText ? '' : msg('Loading the VAE…'),
      lens: this.active && this.decoded ? describeCell(this.active, this.cellLatent(this.active.row, this.active.column), this.shownDims) : '',
      posterior: this.pad.posterior, showEncodings: this.showEncodings, highlight: this.hoveredDigit ?? this.pinnedDigit, drawn: Boolean(this.pad.pixels),
      axes: gridAxes(this.geometry, this.shownDims), architecture: this.model?.variational === false ? 'autoencoder' : 'vae', compare: this.compare,
      onHoverDigit: (digit) => (this.hoveredDigit = digit),
      onPinDigit: (digit) => (this.pinnedDigit = this.pinnedDigit === digit ? undefined : digit),
      loaded: this.loaded, training: this.training, trainFrom: this.trainFrom, chartShown: this.training || Boolean(this.chart()?.points),
      status: this.model ? this.renderStatus(...statusSummary({
        model: this.model, meta: this.meta, training: this.training, beta: this.beta, thread: this.training ? this.trainer.note : '',
        where: this.whereItRuns(), backend: this.backendSummary(),
      })) : this.renderStatus('', ''),
      onPointerMove: (e) => (this.active = cellAt(e, this.cells)),
      onPointerLeave: () => { if (!this.matches(':focus-within')) this.active = undefined; },
      onClick: (e) => this.select(cellAt(e, this.cells)),
      onKey: (e) => this.onKey(e),
      onPad: (pixels) => void this.pad.set(pixels, () => msg('the drawing')),
      onPadClear: () => this.pad.clear(),
      onTestDigit: () => void this.showTestDigit(),
      bound: this.pad.bound, boundBusy: this.pad.busy,
      onTrain: () => (this.training ? this.stop() : void this.train()),
      onTrainFrom: (from) => (this.trainFrom = from),
      onShowEncodings: (show) => (this.showEncodings = show),
      onExport: () => void this.exportWeights(),
    });
  }

  protected override teardown(): void {
    super.teardown();
    this.redraws.reset();
    this.encodings.reset();
    this.rival.drop();
    this.meta = undefined;
  }
}

if (!customElements.get('vae-latent-grid')) customElements.define('vae-latent-grid', VaeLatentGrid);

declare global {
  interface HTMLElementTagNameMap { 'vae-latent-grid': VaeLatentGrid }
}
