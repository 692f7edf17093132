/** <gan-interpolator>: walks between two points of a DCGAN's latent space, and does its vector arithmetic. */
import type { PropertyDeclarations, PropertyValues } from 'lit';
import type { Dcgan } from '../../models/dcgan.js';
import { GenerativeElement, type LoadCallbacks } from '../base/generative-element.js';
import { ArithmeticPresetEvent, EndpointsChangeEvent, ModelLoadEvent, type EndpointsChangeDetail } from '../base/events.js';
import { prefersReducedMotion } from '../base/visibility.js';
import { sanitizeChoice, sanitizeNumber } from '../base/attributes.js';
import { latentArithmetic, lerp, slerp, type InterpolationMethod } from '../../latent/interpolate.js';
import { startRuntime } from '../../runtime/runtime.js';
import { message } from '../../runtime/backend.js';
import { shippedUrl } from '../../runtime/assets.js';
import { fetchMeta } from '../../runtime/weights.js';
import { arithmeticRow, candidateRow, checkGroup, checkLatent, pathOf, seededLatent, type LatentRow } from './latents.js';
import { RedrawQueue } from './redraw-queue.js';
import { describeReport, PresetArithmetic, type PresetReport } from './arithmetic-preset.js';
import type { DigitAttribute } from '../../data/attributes.js';
import { generateRow, paintRow } from './tile-row.js';
import { Picks } from './picks.js';
import { TrainerFollower } from './trainer-follower.js';
import { LatentWalk } from './latent-walk.js';
import { renderInterpolator } from './gan-interpolator.view.js';
import { CANDIDATES, GROUPS, VIEW_NAMES, VIEWS, type Group, type Shown, type View } from './types.js';
import { styles } from './gan-interpolator.styles.js';

/**
 * Default endpoints: seeds whose samples from the shipped DCGAN are clear digits of two different classes (a 1 and
 * a 9 as the shipped classifier judges them), so the default strip visibly turns one digit into another; checked
 * on the shipped weights by tests/reliability/shipped-figures.test.ts (new weights may need other seeds).
 */
const DEFAULT_FROM_SEED = 10;
const DEFAULT_TO_SEED = 30;

export type { GeneratorSource } from './trainer-follower.js';

const TAG = 'gan-interpolator';
const MAX_SEED = 2 ** 31 - 1;

export { EndpointsChangeEvent, type EndpointsChangeDetail } from '../base/events.js';

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
 * @event model-load - the generator is loaded, or borrowed from a trainer (url is then "#its-id"): {backend, url}
 * @event model-progress - weights loading: {fraction}
 * @event model-error - a readable message: {message, cause}
 * @event backend-lost - the page's GPU was lost; the element starts again on the next backend: {lost, reason}
 * @event endpoints-change - z_a or z_b changed by a pick or by the walk: {from, to, cause}
 * @event arithmetic-preset - with `arithmetic`, the groups were filled and the result measured: {attribute, A, B, C, result, resultDigit, resultConfidence, source, target}
 * @csspart canvas - the strip from z_a to z_b
 * @csspart frame - the large sample G(z(t))
 * @csspart candidates - the row of seeded candidate samples
 * @csspart arithmetic - mean A, mean B, mean C and the result
 * @csspart controls - the buttons under the element
 * @csspart status - the status line
 * @cssproperty --ge-ink - colour of the digits' strokes
 * @cssproperty --ge-paper - background colour
 * @cssproperty --ge-accent - highlight colour
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
    shown: { state: true, attribute: false },
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
  private shown: Partial<Record<View, Shown>> = {};
  private readonly picks = new Picks(this, (view) => this.shown[view], (what) => {
    if (what === 'endpoints') this.endpointsChanged('pick');
    else void this.queue.request('arithmetic');
  });
  private shownZDim?: number;
  /** meta.json next to a loaded model.json: quality figures */
  private meta?: { quality?: { frechetDistance?: number } };
  private candidateRound = 0;
  private readonly walk = new LatentWalk();
  private inputError?: string;
  /** what start() set up: '' for src, a trainer's id, undefined before start */
  private source?: string;
  private followed?: Promise<void>;
  private readonly follower = new TrainerFollower(() => this.adopt());
  private readonly queue = new RedrawQueue<View>((view) => this.draw(view));
  private readonly preset = new PresetArithmetic();

  protected defaultSrc(): string {
    return shippedUrl('dcgan-mnist/model.json');
  }

  protected async loadModel(url: string, { onProgress, signal }: LoadCallbacks): Promise<Dcgan> {
    const { Dcgan } = await import('../../models/dcgan.js');
    return Dcgan.load(url, { onProgress, signal });
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
    if (d !== this.shownZDim) {
      // vectors of another size mean nothing to this generator
      this.picks.reset();
      this.shown = {};
      this.shownZDim = d;
      for (const view of VIEWS) this.paint(view);
    }
    if (d) void this.redraw();
    this.syncWalk();
    this.runPreset();
  }

  /** Fills the groups of the arithmetic preset (if one is set) from the generator shown. */
  private runPreset(): void {
    const gan = this.model;
    if (!this.arithmeticPreset || !gan || gan.isDisposed) {
      this.preset.clear();
      return;
    }
    void this.preset.run(gan, this.arithmeticPreset, this.seed, async (groups) => {
      this.picks.setGroups(groups);
      await this.queue.request('arithmetic');
    }).then((problem) => {
      if (problem) this.inputFailed(problem);
      this.requestUpdate();
      if (!problem && this.preset.report) this.dispatchEvent(new ArithmeticPresetEvent({ ...this.preset.report }));
    });
  }

  /** What the arithmetic preset measured: each group's attribute and the result's, with its class (once shown). */
  get arithmeticReport(): PresetReport | undefined {
    return this.preset.report && { ...this.preset.report };
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const seed = (name: string, v: number, fallback: number) => sanitizeNumber(TAG, name, v, { min: 0, max: MAX_SEED, fallback, integer: true });
    if (changed.has('steps')) this.steps = sanitizeNumber(TAG, 'steps', this.steps, { min: 2, max: 64, fallback: 8, integer: true });
    if (changed.has('method')) this.method = sanitizeChoice(TAG, 'method', this.method, ['slerp', 'lerp'] as const, 'slerp');
    if (changed.has('t')) this.t = sanitizeNumber(TAG, 't', this.t, { min: 0, max: 1, fallback: 0.5 });
    if (changed.has('arithmeticPreset')) this.arithmeticPreset = this.arithmeticPreset ? sanitizeChoice(TAG, 'arithmetic', this.arithmeticPreset, ['thickness', 'slant'] as const, '') : '';
    // a seed set by the page wins over an earlier pick
    if (changed.has('fromSeed')) {
      this.fromSeed = seed('from-seed', this.fromSeed, DEFAULT_FROM_SEED);
      this.picks.setEndpoint(0, undefined);
    }
    if (changed.has('toSeed')) {
      this.toSeed = seed('to-seed', this.toSeed, DEFAULT_TO_SEED);
      this.picks.setEndpoint(1, undefined);
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('generator') && this.source !== undefined && this.source !== this.generatorId()) this.restart();
    if (['steps', 'method', 'fromSeed', 'toSeed'].some((k) => changed.has(k))) void this.queue.request('strip', 'frame');
    else if (changed.has('t')) void this.queue.request('frame');
    if (changed.has('seed')) void this.queue.request('candidates');
    if (changed.has('animated')) this.syncWalk();
    if ((changed.has('arithmeticPreset') && changed.get('arithmeticPreset') !== undefined) || (changed.has('seed') && this.arithmeticPreset)) this.runPreset();
  }

  /** The size of z of the generator shown (undefined before there is one). */
  get zDim(): number | undefined {
    return this.model && !this.model.isDisposed ? this.model.config.zDim : undefined;
  }

  /** z_a and z_b: picked or set from script, else the z of from-seed and to-seed. */
  get endpoints(): [Float32Array, Float32Array] | undefined {
    const d = this.zDim;
    if (!d) return undefined;
    const [a, b] = this.picks.chosen;
    return [a && a.z.length === d ? a.z : seededLatent(this.fromSeed, d), b && b.z.length === d ? b.z : seededLatent(this.toSeed, d)];
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
    const copy = (g: Group) => this.picks.members[g].map((m) => Float32Array.from(m.z));
    return { A: copy('A'), B: copy('B'), C: copy('C') };
  }

  /**
   * Sets z_a and z_b from script (arrays of zDim numbers). Waits for the generator; resolves true once the strip
   * shows them, or false with a readable message (status line and model-error) when they do not fit.
   */
  async setEndpoints(za: ArrayLike<number>, zb: ArrayLike<number>): Promise<boolean> {
    await this.start();
    const d = this.zDim;
    const [a, b] = d ? [checkLatent(za, d, 'za'), checkLatent(zb, d, 'zb')] : ['no generator has loaded yet', ''];
    if (typeof a === 'string' || typeof b === 'string') {
      this.inputFailed(`setEndpoints(za, zb): ${typeof a === 'string' ? a : b}`);
      return false;
    }
    this.inputOk();
    this.picks.setEndpoint(0, { z: a, label: 'set from script' });
    this.picks.setEndpoint(1, { z: b, label: 'set from script' });
    await this.queue.request('strip', 'frame');
    return true;
  }

  /**
   * Latent vector arithmetic (Radford et al. 2016): mean(a) − mean(b) + mean(c), each an array of z vectors. They
   * become groups A, B and C and the result is shown; resolves to the result z, or to undefined with a readable
   * message when the vectors do not fit.
   */
  async arithmetic(a: ArrayLike<number>[], b: ArrayLike<number>[], c: ArrayLike<number>[]): Promise<Float32Array | undefined> {
    await this.start();
    const d = this.zDim;
    const groups = d ? [checkGroup(a, d, 'a'), checkGroup(b, d, 'b'), checkGroup(c, d, 'c')] : ['no generator has loaded yet'];
    const bad = groups.find((g): g is string => typeof g === 'string');
    if (bad !== undefined) {
      this.inputFailed(`arithmetic(a, b, c): ${bad}`);
      return undefined;
    }
    this.inputOk();
    const [ga, gb, gc] = groups as Float32Array[][];
    const asMembers = (g: Float32Array[]) => g.map((z, i) => ({ z, label: `script ${i + 1}` }));
    this.picks.setGroups({ A: asMembers(ga), B: asMembers(gb), C: asMembers(gc) });
    await this.queue.request('arithmetic');
    return latentArithmetic(ga, gb, gc);
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
    const latents = this.latentsOf(view);
    if (!latents?.z.length) {
      this.shown = { ...this.shown, [view]: undefined };
      this.paint(view);
      return;
    }
    try {
      const pixels = await generateRow(tf, dcgan, latents.z);
      if (dcgan !== this.model) return;
      this.shown = { ...this.shown, [view]: { ...latents, pixels } };
      this.paint(view);
    } catch (e) {
      if (dcgan === this.model && !dcgan.isDisposed) this.failOnDevice(`could not draw the ${VIEW_NAMES[view]}: ${message(e)}`, e);
    }
  }

  private latentsOf(view: View): LatentRow | undefined {
    const ends = this.endpoints;
    const d = this.zDim;
    if (!ends || !d) return undefined;
    if (view === 'strip') {
      const z = this.pathLatents();
      return { z, labels: z.map((_, i) => `t = ${(i / (z.length - 1)).toFixed(2)}`) };
    }
    if (view === 'frame') return { z: [(this.method === 'slerp' ? slerp : lerp)(ends[0], ends[1], this.t)], labels: [`t = ${this.t.toFixed(2)}`] };
    if (view === 'candidates') return candidateRow(this.seed, this.candidateRound, CANDIDATES, d);
    return arithmeticRow(GROUPS.map((g) => this.picks.members[g].map((m) => m.z)));
  }

  /** Paints a view as drawn (or clears its canvas when it has nothing to show). */
  private paint(view: View): void {
    const shown = this.shown[view];
    paintRow(this, this.renderRoot.querySelector<HTMLCanvasElement>(`canvas.${view}`), shown?.pixels, shown?.z.length ?? 0);
  }

  private endpointsChanged(cause: EndpointsChangeDetail['cause']): void {
    void this.queue.request('strip', 'frame');
    const ends = this.endpoints;
    if (ends) this.dispatchEvent(new EndpointsChangeEvent({ from: Array.from(ends[0]), to: Array.from(ends[1]), cause }));
  }

  // ——— following a <gan-trainer> ———

  protected override start(): Promise<void> {
    const id = this.generatorId();
    if (!id) {
      if (this.isConnected) this.source = '';
      return super.start();
    }
    if (!this.isConnected) return Promise.resolve();
    this.source = id;
    if (this.follower.id !== id) this.followed = this.follow(id);
    return this.followed ?? Promise.resolve();
  }

  private generatorId(): string {
    return this.generator?.trim() ?? '';
  }

  /** Starts the runtime, then shows the trainer's generator once it is there (now, or at its next event). */
  private async follow(id: string): Promise<void> {
    this.follower.follow(id);
    this.watchForLoss();
    if (!this.runtime) {
      this.statusText = 'Starting TensorFlow.js…';
      try {
        const runtime = await startRuntime(this.backend);
        if (this.follower.id !== id) return;
        this.runtime = runtime;
      } catch (e) {
        if (this.follower.id === id) this.fail(`TensorFlow.js could not start: ${message(e)}`, e);
        return;
      }
    }
    this.adopt();
  }

  /** Borrows the trainer's generator (never disposed here), or redraws when it is the one shown already. */
  private adopt(): void {
    const id = this.follower.id;
    if (!id || !this.runtime) return;
    const found = this.follower.lookup();
    if ('problem' in found) return this.fail(found.problem);
    if ('waiting' in found) {
      // the generator shown belonged to a trainer that is gone: let it go (it is freed) and say why
      if (this.model?.isDisposed || this.follower.removed) this.borrowModel(undefined);
      this.statusText = found.waiting;
      return;
    }
    this.statusText = '';
    this.requestUpdate(); // the trainer's step, in the status line
    if (found.dcgan === this.model) {
      void this.redraw();
      return;
    }
    this.errorText = '';
    this.borrowModel(found.dcgan);
    this.dispatchEvent(new ModelLoadEvent({ backend: this.backendName, url: `#${id}` }));
  }

  /** `generator` changed after start: let go of everything and start again from the new source. */
  private restart(): void {
    const wanted = this.loading === 'eager' || this.visibility.visible;
    this.teardown();
    if (this.isConnected && wanted) void this.start();
  }

  // ——— the walk ———

  private syncWalk(): void {
    const wanted = this.animated && this.zDim !== undefined && this.isConnected && !prefersReducedMotion();
    if (!wanted) return this.walk.stop();
    this.walk.start({
      isActive: () => this.visibility.visible && !prefersReducedMotion(),
      t: () => this.t,
      frame: async (t, onward, round) => {
        const d = this.zDim;
        if (onward && d) {
          const seed = (this.toSeed + round) % MAX_SEED;
          this.picks.setEndpoint(1, { z: seededLatent(seed, d), label: `seed ${seed}` });
          this.endpointsChanged('walk');
        }
        this.t = t;
        await this.updateComplete;
        await this.queue.idle;
      },
    });
  }

  // ——— errors, status, teardown ———

  private inputFailed(text: string): void {
    this.inputError = text;
    this.fail(text);
  }

  /** A good call clears the message of an earlier bad one (not a load error). */
  private inputOk(): void {
    if (this.inputError !== undefined && this.errorText === this.inputError) this.errorText = '';
    this.inputError = undefined;
  }

  private summary(): string {
    const d = this.zDim;
    if (!d) return '';
    const { id, step } = this.follower;
    const live = id ? ` · live generator of #${id}${step !== undefined ? ` at step ${step}` : ''}` : '';
    const fd = this.meta?.quality?.frechetDistance;
    const quality = fd !== undefined && !id ? ` · Fréchet distance ${fd.toFixed(0)}` : '';
    const still = this.animated && prefersReducedMotion() ? ' · no walk (reduced motion)' : '';
    return `DCGAN, ${d}-D z · ${this.backendSummary()}${quality}${live}${still}`;
  }

  protected override teardown(): void {
    this.walk.stop();
    this.queue.reset();
    this.preset.clear();
    this.follower.unfollow();
    this.followed = undefined;
    this.source = undefined;
    super.teardown();
  }

  override render() {
    const [a, b] = this.picks.chosen;
    return renderInterpolator(this, {
      shown: this.shown,
      ends: [a?.label ?? `seed ${this.fromSeed}`, b?.label ?? `seed ${this.toSeed}`],
      picks: this.picks,
      presetCaption: this.preset.report ? describeReport(this.preset.report) : this.arithmeticPreset ? `Finding ${this.arithmeticPreset === 'thickness' ? 'thick and thin' : 'slanted'} digits for the arithmetic…` : undefined,
      placeholder: this.shown.strip ? undefined : this.errorText ? '' : this.statusText || 'Loading the generator…',
      status: this.renderStatus(this.summary()),
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
