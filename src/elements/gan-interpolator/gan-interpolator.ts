/** <gan-interpolator>: walks between two points of a DCGAN's latent space, and does its vector arithmetic. */
import type { PropertyDeclarations, PropertyValues } from 'lit';
import { msg } from '@lit/localize';
import { words } from '../base/localize.js';
import type { Dcgan } from '../../models/dcgan.js';
import { GenerativeElement, type LoadCallbacks } from '../base/generative-element.js';
import { EndpointsChangeEvent, ModelLoadEvent, type EndpointsChangeDetail } from '../base/events.js';
import { latentArithmetic, type InterpolationMethod } from '../../latent/interpolate.js';
import { message } from '../../runtime/backend.js';
import { shippedUrl } from '../../runtime/assets.js';
import { fetchMeta } from '../../runtime/weights.js';
import { candidateRow, copyGroups, endpointsOf, pathOf, viewLatents } from './latents.js';
import { checkEndpoints, checkGroups, scriptEndpoints, scriptGroups, ScriptInput } from './script-input.js';
import { RedrawQueue } from './redraw-queue.js';
import { PresetArithmetic, type PresetReport } from './arithmetic-preset.js';
import type { DigitAttribute } from '../../data/attributes.js';
import { generateRow } from './tile-row.js';
import { Picks } from './picks.js';
import { SampleRows } from './sample-rows.js';
import { TrainerFollower } from './trainer-follower.js';
import { LatentWalk } from './latent-walk.js';
import { DEFAULT_FROM_SEED, DEFAULT_TO_SEED, sanitizeSettings } from './settings.js';
import { describeGenerator, drawFailed, renderInterpolator, type GeneratorQuality } from './gan-interpolator.view.js';
import { CANDIDATES, VIEWS, type Group, type View } from './types.js';
import { styles } from './gan-interpolator.styles.js';

export type { GeneratorSource } from './trainer-follower.js';
export { EndpointsChangeEvent, type EndpointsChangeDetail } from '../base/events.js';

const TAG = 'gan-interpolator';

/**
 * <gan-interpolator>: the GAN part of the generative-models lecture, live. A strip of samples G(z) along a path from
 * z_a to z_b (spherical by default: Gaussian latents live near a sphere), a slider that scrubs t and shows G(z(t))
 * large, a walk that keeps moving, and the DCGAN paper's vector arithmetic: pick samples into groups A, B and C and
 * see G(mean A − mean B + mean C). It shows the shipped DCGAN, any `src`, or the live generator of a `<gan-trainer>`
 * (`generator="its-id"`), redrawn whenever that one's weights change. The `animate` attribute is the `animated`
 * property (`animate` is taken by the Web Animations API).
 *
 * @tag gan-interpolator
 * @summary Interpolate between two latent points of a DCGAN, and do latent vector arithmetic.
 * @event {ModelLoadEvent} model-load - the generator is loaded, or borrowed from a trainer (url is then "#its-id"): {backend, url}
 * @event {ModelProgressEvent} model-progress - weights loading: {fraction}
 * @event {ModelErrorEvent} model-error - a readable message: {message, cause}
 * @event {BackendLostEvent} backend-lost - the page's GPU was lost; the element starts again on the next backend: {lost, reason}
 * @event {EndpointsChangeEvent} endpoints-change - z_a or z_b changed by a pick or by the walk: {from, to, cause}
 * @event {ArithmeticPresetEvent} arithmetic-preset - with `arithmetic`, the groups were filled and the result measured: {attribute, A, B, C, result, resultDigit, resultConfidence, source, target}
 * @csspart canvas - the strip from z_a to z_b
 * @csspart frame - the large sample G(z(t))
 * @csspart candidates - the row of seeded candidate samples
 * @csspart arithmetic - mean A, mean B, mean C and the result
 * @csspart controls - the buttons under the element
 * @csspart status - the status line
 * @cssproperty --ge-ink - colour of the digits' strokes
 * @cssproperty --ge-paper - background colour
 * @cssproperty --ge-accent - highlight colour
 * @cssproperty --ge-on-accent - text on accent-coloured buttons (default white; a light accent needs a dark one)
 * @cssproperty --ge-max-width - the element's maximum width (default 760px)
 */
export class GanInterpolator extends GenerativeElement<Dcgan> {
  static override properties: PropertyDeclarations = {
    steps: { type: Number },
    method: { type: String },
    fromSeed: { type: Number, attribute: 'from-seed' },
    toSeed: { type: Number, attribute: 'to-seed' },
    animated: { type: Boolean, attribute: 'animate', reflect: true },
    generator: { type: String },
    t: { type: Number },
    arithmeticPreset: { type: String, attribute: 'arithmetic' },
  };
  static override styles = styles;

  /** images in the strip, 2–64 */
  steps = 8;
  /** slerp: along the sphere where Gaussian latents live; lerp: a straight line (through the low-density centre) */
  method: InterpolationMethod = 'slerp';
  /** z_a is the standard normal vector drawn from this seed */
  fromSeed = DEFAULT_FROM_SEED;
  /** z_b is the standard normal vector drawn from this seed */
  toSeed = DEFAULT_TO_SEED;
  /** attribute `animate`: walk back and forth along the path, then on to a new z_b (off under reduced motion) */
  animated = false;
  /** id of a <gan-trainer> whose live generator to show instead of `src` */
  generator?: string;
  /** the point of the path shown large, in [0, 1] */
  t = 0.5;
  /**
   * attribute `arithmetic`: `thickness` or `slant` fills groups A, B and C by itself (e.g. thick 7s − thin 7s + thin
   * 1s) and reports the attribute measured from the pixels; empty: the reader picks
   */
  arithmeticPreset: '' | DigitAttribute = '';

  protected readonly tag = TAG;
  protected readonly modelKind = 'dcgan';
  private readonly rows = new SampleRows(this);
  private readonly picks = new Picks(this, (view) => this.rows.shown[view], (what) => {
    if (what === 'endpoints') this.endpointsChanged('pick');
    else void this.queue.request('arithmetic');
  });
  /** meta.json next to a loaded model.json: quality figures */
  private meta?: { quality?: GeneratorQuality };
  /** which draw of candidates is shown: "New candidates" moves on; an element starts at its place among the page's interpolators */
  private candidateRound = 0;
  private placed = false;
  /** the message of a bad call from script, until a good one */
  private readonly input = new ScriptInput({
    fail: (text) => this.fail(text),
    clear: (text) => {
      if (this.errorText === text) this.errorText = '';
    },
  });
  /** what start() set up: '' for src, a trainer's id, undefined before start */
  private source?: string;
  private readonly follower = new TrainerFollower(this, this.models, {
    borrow: (dcgan, id) => {
      this.errorText = '';
      this.borrowModel(dcgan);
      this.dispatchEvent(new ModelLoadEvent({ backend: this.backendName, url: `#${id}` }));
    },
    letGo: () => this.borrowModel(undefined),
    status: (text) => (this.statusText = text),
    fail: (text) => this.fail(text),
  });
  private readonly walk = new LatentWalk(this, {
    visible: () => this.visibility.visible,
    moveOn: (member) => {
      this.picks.setEndpoint(1, member);
      this.endpointsChanged('walk');
    },
    drawn: () => this.queue.idle,
  });
  private readonly queue = new RedrawQueue<View>((view) => this.draw(view));
  private readonly preset = new PresetArithmetic(this, {
    apply: async (groups) => {
      this.picks.setGroups(groups);
      await this.queue.request('arithmetic');
    },
    failed: (problem) => this.input.fail(problem),
  });

  override connectedCallback(): void {
    super.connectedCallback();
    // two interpolators on a page show different candidates: the second starts where "New candidates" would take the first
    if (!this.placed) this.candidateRound = Math.max(0, [...document.querySelectorAll(TAG)].indexOf(this));
    this.placed = true;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    sanitizeSettings(TAG, this, changed);
    // a seed set by the page wins over an earlier pick
    if (changed.has('fromSeed')) this.picks.setEndpoint(0, undefined);
    if (changed.has('toSeed')) this.picks.setEndpoint(1, undefined);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('generator') && this.source !== undefined && this.source !== this.generatorId()) this.restart();
    if (['steps', 'method', 'fromSeed', 'toSeed'].some((k) => changed.has(k))) void this.queue.request('strip', 'frame');
    else if (changed.has('t')) void this.queue.request('frame');
    if (changed.has('seed')) void this.queue.request('candidates');
    if (changed.has('animated')) this.walk.sync();
    if ((changed.has('arithmeticPreset') && changed.get('arithmeticPreset') !== undefined) || (changed.has('seed') && this.arithmeticPreset)) this.preset.show(this.arithmeticPreset, this.model, this.seed);
  }

  // ——— the generator: loaded, or following a <gan-trainer> ———

  protected defaultSrc(): string {
    return shippedUrl('dcgan-mnist/model.json');
  }

  protected async loadModel(url: string, { onProgress, signal }: LoadCallbacks): Promise<Dcgan> {
    const { Dcgan } = await import('../../models/dcgan.js');
    return Dcgan.load(url, { onProgress, signal });
  }

  protected override coloursChanged(): void {
    if (this.model) void this.queue.request('strip', 'frame', 'candidates');
  }

  protected modelChanged(): void {
    const model = this.model;
    this.meta = undefined;
    if (model && this.modelUrl && !this.follower.id) {
      void fetchMeta(this.modelUrl).then((meta) => {
        if (this.model === model) this.meta = meta;
        this.requestUpdate();
      });
    }
    const d = this.zDim;
    // vectors of another size mean nothing to this generator
    if (this.rows.resize(d)) this.picks.reset();
    if (d) void this.redraw();
    this.walk.sync();
    this.preset.show(this.arithmeticPreset, this.model, this.seed);
  }

  protected override start(): Promise<void> {
    const id = this.generatorId();
    if (this.isConnected) this.source = id;
    if (!id) return super.start();
    if (!this.isConnected) return Promise.resolve();
    this.watchForLoss();
    return this.follower.start(id);
  }

  private generatorId(): string {
    return this.generator?.trim() ?? '';
  }

  /** `generator` changed after start: let go of everything and start again from the new source. */
  private restart(): void {
    const wanted = this.loading === 'eager' || this.visibility.visible;
    this.teardown();
    if (this.isConnected && wanted) void this.start();
  }

  protected override teardown(): void {
    this.walk.stop();
    this.queue.reset();
    this.preset.clear();
    this.follower.unfollow();
    this.source = undefined;
    super.teardown();
  }

  // ——— from script ———

  /** The size of z of the generator shown (undefined before there is one). */
  get zDim(): number | undefined {
    return this.model && !this.model.isDisposed ? this.model.config.zDim : undefined;
  }

  /** z_a and z_b: picked or set from script, else the z of from-seed and to-seed. */
  get endpoints(): [Float32Array, Float32Array] | undefined {
    const d = this.zDim;
    return d ? endpointsOf(this.picks.chosen, [this.fromSeed, this.toSeed], d) : undefined;
  }

  /** The z of each image of the strip, z_a first and z_b last, along `method`. */
  pathLatents(): Float32Array[] {
    const ends = this.endpoints;
    return ends ? pathOf(ends, this.steps, this.method) : [];
  }

  /** The z of the seeded candidate samples under the strip. */
  candidateLatents(): Float32Array[] {
    const d = this.zDim;
    return d ? candidateRow(this.seed, this.candidateRound, CANDIDATES, d).z : [];
  }

  /** The groups of the vector arithmetic (copies). */
  get groups(): Record<Group, Float32Array[]> {
    return copyGroups(this.picks.members);
  }

  /** What the arithmetic preset measured: each group's attribute and the result's, with its class (once shown). */
  get arithmeticReport(): PresetReport | undefined {
    return this.preset.report && { ...this.preset.report };
  }

  /**
   * Sets z_a and z_b from script (arrays of zDim numbers). Waits for the generator; resolves true once the strip
   * shows them, or false with a readable message (status line and model-error) when they do not fit.
   */
  async setEndpoints(za: ArrayLike<number>, zb: ArrayLike<number>): Promise<boolean> {
    await this.start();
    const ends = this.input.check('setEndpoints(za, zb)', checkEndpoints(za, zb, this.zDim));
    if (!ends) return false;
    this.picks.setEndpoints(scriptEndpoints(ends));
    await this.queue.request('strip', 'frame');
    return true;
  }

  /**
   * Latent vector arithmetic (Radford et al. 2016): mean(a) − mean(b) + mean(c), each an array of z vectors (under a
   * class-conditional G, a and b of one digit change only the style coordinates: see latentArithmetic). They become
   * groups A, B and C and the result is shown; resolves to the result z, or to undefined with a readable message when
   * the vectors do not fit.
   */
  async arithmetic(a: ArrayLike<number>[], b: ArrayLike<number>[], c: ArrayLike<number>[]): Promise<Float32Array | undefined> {
    await this.start();
    const groups = this.input.check('arithmetic(a, b, c)', checkGroups(a, b, c, this.zDim));
    if (!groups) return undefined;
    this.picks.setGroups(scriptGroups(groups));
    await this.queue.request('arithmetic');
    return latentArithmetic(...groups, this.model?.config.code);
  }

  /**
   * Draws every view again; resolves when they are painted, and every draw started before (also one cut short by
   * the element's removal) has let go of its tensors.
   */
  async redraw(): Promise<void> {
    await this.queue.request(...VIEWS);
    await this.queue.settled();
  }

  // ——— drawing ———

  /** Generates one view in one batched generator call (one readback) and paints it. */
  private async draw(view: View): Promise<void> {
    const dcgan = this.model;
    const tf = this.runtime?.tf;
    if (!dcgan || dcgan.isDisposed || !tf) return;
    const { endpoints: ends, steps, method, t, seed, candidateRound: round, picks: { members } } = this;
    const latents = ends && viewLatents(view, { ends, steps, method, t, seed, round, members, code: dcgan.config.code });
    if (!latents?.z.length) return this.rows.show(view, undefined);
    try {
      const pixels = await generateRow(tf, dcgan, latents.z);
      if (dcgan === this.model) this.rows.show(view, { ...latents, pixels });
    } catch (e) {
      if (dcgan === this.model && !dcgan.isDisposed) this.failOnDevice(() => drawFailed(view, message(e)), e);
    }
  }

  private endpointsChanged(cause: EndpointsChangeDetail['cause']): void {
    void this.queue.request('strip', 'frame');
    const ends = this.endpoints;
    if (ends) this.dispatchEvent(new EndpointsChangeEvent({ from: Array.from(ends[0]), to: Array.from(ends[1]), cause }));
  }

  override render() {
    return renderInterpolator(this, {
      shown: this.rows.shown,
      picks: this.picks,
      presetCaption: this.preset.caption(this.arithmeticPreset),
      placeholder: this.rows.shown.strip ? undefined : words(this.errorText) ? '' : words(this.statusText) || msg('Loading the generator…'),
      status: this.renderStatus(...describeGenerator({ zDim: this.zDim, backend: this.backendSummary(), where: this.whereItRuns(), trainer: this.follower, meta: this.meta, animated: this.animated })),
      onScrub: (t) => {
        this.animated = false; // the reader takes over
        this.t = t;
      },
      onMethod: (method) => (this.method = method),
      onWalk: () => (this.animated = !this.animated),
      onNewCandidates: () => {
        this.candidateRound++;
        void this.queue.request('candidates');
      },
      onExport: () => void this.exportWeights(),
    });
  }
}

if (!customElements.get('gan-interpolator')) customElements.define('gan-interpolator', GanInterpolator);

declare global {
  interface HTMLElementTagNameMap { 'gan-interpolator': GanInterpolator }
}
