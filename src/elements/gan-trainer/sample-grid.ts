/** <gan-trainer>'s grid of samples from fixed z, and the digit classes of recent samples (the mode-collapse sign). */
import type { Dcgan } from '../../models/dcgan.js';
import type { DigitClassifier } from '../../models/classifier.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { Lease } from '../../runtime/shared.js';
import { message } from '../../runtime/backend.js';
import { GanSession, SampleView } from '../../training/gan-session.js';
import type { TrainingSession } from '../../training/session.js';
import type { WorkerSession } from '../../training/worker-client.js';
import type { ClassShares } from '../../training/protocol.js';
import { leaseDigitClassifier } from '../parts/digit-classifier.js';
import { cssColor, paintIntensities } from '../parts/tiles.js';
import { Coalesced } from '../base/coalesced.js';
import type { Text } from '../base/localize.js';
import { msg, str } from '@lit/localize';

/** The element the grid is painted in: its canvas[part=canvas] and its colours (--ge-ink, --ge-paper). */
export interface GridElement extends HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** renders the class shares anew */
  requestUpdate(): void;
}

/** What the grid reads of the element's model and run, and what it tells the element: nothing else of it. */
export interface SampleSource {
  /** the model the element shows now: a draw for another model stops */
  shown(): Dcgan | undefined;
  /** the page's runtime now */
  runtime(): Runtime | undefined;
  /** the run's session, if one is open */
  session(): TrainingSession<Dcgan> | undefined;
  /** the run's worker, while it trains the model shown */
  worker(): WorkerSession<Dcgan> | undefined;
  /** true while the run's worker for the model shown is starting, or trains it: the page runs no G pass of its own */
  offThread(): boolean;
  /** whether the run trains on MNIST: only then are samples judged by the digit classifier */
  mnist(): boolean;
  /** seed of the fixed z */
  seed(): number;
  /** the model shown was drawn (followers redraw) */
  drawn(): void;
  /** shows that drawing failed (unless the GPU was lost) */
  fail(text: Text, cause: unknown): void;
}

/**
 * The samples from fixed z, painted on the element's canvas: drawn on the page from G (or the run's EMA of G), or by
 * the run's worker while one trains; on MNIST, with the share of each digit class among recent samples.
 */
export class SampleGrid {
  /** the share of each digit class (0–9) among recent samples; undefined until judged, and on other data */
  shares?: ClassShares;
  private view?: SampleView;
  private classifier?: Lease<DigitClassifier>;
  private readonly refreshes = new Coalesced(() => this.draw(), () => Boolean(this.source.shown()));

  constructor(private readonly el: GridElement, private readonly source: SampleSource) {}

  /** Redraws the fixed-z samples and the class shares, then tells followers the generator changed (drawn). Coalesced. */
  refresh(): Promise<void> {
    return this.refreshes.request();
  }

  /** Forgets the class shares (a new model). */
  clearShares(): void {
    this.shares = undefined;
    this.view?.clearShares();
    this.el.requestUpdate();
  }

  /** Forgets a redraw in flight; frees the fixed z and the lease on the classifier. */
  dispose(): void {
    this.refreshes.reset();
    this.view?.dispose();
    this.view = undefined;
    this.classifier?.release();
    this.classifier = undefined;
  }

  private async draw(): Promise<void> {
    const gan = this.source.shown();
    const tf = this.source.runtime()?.tf;
    if (!gan || !tf || gan.isDisposed) return;
    // Training in a worker: the worker draws the samples and the class shares; the page copies the weights and paints.
    const remote = this.source.worker();
    // its worker is starting: the grid keeps its picture (the same weights) until the run's first refresh draws there
    if (!remote && this.source.offThread()) return;
    if (!remote && this.view?.zDim !== gan.config.zDim) {
      this.view?.dispose();
      this.view = new SampleView(tf, gan.config.zDim, this.source.seed());
    }
    const view = this.view;
    // a run with an EMA of G draws its samples from the average (made and updated by the session)
    const session = this.source.session();
    const sampler = session instanceof GanSession && session.model === gan ? session.sampler : gan;
    try {
      const snap = remote ? await remote.sync(true) : { grid: await view!.sampleGrid(sampler), shares: undefined };
      const canvas = this.el.renderRoot.querySelector<HTMLCanvasElement>('canvas[part=canvas]');
      if (gan !== this.source.shown() || gan.isDisposed) return;
      if (canvas && snap.grid) paintIntensities(canvas, snap.grid.pixels, snap.grid.width, cssColor(this.el, '--ge-ink', '#111111'), cssColor(this.el, '--ge-paper', '#ffffff'), snap.grid.height);
      if (this.source.mnist()) {
        if (remote) {
          if (snap.shares) this.judged(snap.shares);
        } else {
          const classifier = await this.digitClassifier();
          if (classifier && gan === this.source.shown() && !gan.isDisposed && !sampler.isDisposed && view === this.view) this.judged(await view!.classShares(sampler, classifier));
        }
      }
      if (gan === this.source.shown()) this.source.drawn();
    } catch (e) {
      if (remote?.stopped) return; // the run's worker was ended on purpose (a setting changed, reset, removal)
      if (!gan.isDisposed && gan === this.source.shown()) this.source.fail(() => msg(str`could not draw samples: ${message(e)}`), e);
    }
  }

  private judged(shares: ClassShares): void {
    this.shares = shares;
    this.el.requestUpdate();
  }

  private async digitClassifier(): Promise<DigitClassifier | undefined> {
    if (this.classifier) return this.classifier.value;
    // a draw still in flight when the backend was lost must not load the classifier onto the next one half-started
    const rt = this.source.runtime();
    if (!rt) return undefined;
    try {
      const lease = await leaseDigitClassifier();
      if (!this.el.isConnected || this.source.runtime() !== rt) {
        lease.release();
        return undefined;
      }
      this.classifier = lease;
      return lease.value;
    } catch (e) {
      if (this.source.runtime() !== rt) return undefined;
      console.warn(`<${this.el.localName}> the digit classifier did not load (${message(e)}); no mode-collapse indicator`);
      return undefined;
    }
  }
}
