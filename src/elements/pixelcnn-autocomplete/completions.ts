/**
 * The completion lifecycle of <pixelcnn-autocomplete>: starts a sampler run on the input's hidden pixels, ends it
 * (scoring each finished completion's −log p(x)) and fires completion-end; keeps the run shown and its result.
 */
import type * as TF from '@tensorflow/tfjs';
import type { PixelModel } from '../../models/pixel-models.js';
import type { RasterSampler, SamplerKind } from '../../models/pixelcnn-sampler.js';
import { CompletionEndEvent, CompletionStepEvent, type CompletionEndDetail } from '../base/events.js';
import { msg, str } from '@lit/localize';
import { message } from '../../runtime/backend.js';
import { formatNumber, type Text } from '../base/localize.js';
import { CompletionRun } from './completion-run.js';
import { imageNll } from './image-nll.js';

const PIXELS = 784;

/** What one completion is asked to do, read as it starts. */
export interface CompletionRequest {
  /** the full input image in {0, 1} */
  given: Float32Array;
  /** the 784 known flags (1 = given) */
  known: Uint8Array;
  sampler: SamplerKind;
  /** completions side by side */
  samples: number;
  temperature: number;
  seed: number;
  /** revealed pixels per second; Infinity shows each row as soon as it is sampled */
  pixelsPerSecond: number;
}

/** What the completions need of their element (not the element itself). */
export interface CompletionHost {
  dispatchEvent: (event: Event) => boolean;
  requestUpdate: () => void;
  /** the element is shown (the run waits while it is not) */
  isActive: () => boolean;
  /** the tf of the element's runtime now, if any */
  tf: () => typeof TF | undefined;
  /** the sampler attribute now (completion-end reports it) */
  sampler: () => SamplerKind;
  /** a completion started: clear the error shown */
  started: () => void;
  /** shows a readable failure from work on the GPU */
  failOnDevice: (text: Text, cause: unknown) => void;
}

/** The element's completions: the run shown (running or ended) and the last one's result. */
export class Completions {
  private current?: CompletionRun;
  private lastEnd?: CompletionEndDetail;
  private runs = 0;

  constructor(private readonly host: CompletionHost) {}

  /** the completion shown, if any */
  get run(): CompletionRun | undefined {
    return this.current;
  }

  /** the last completion's images, NLLs and timing, while it is shown */
  get last(): CompletionEndDetail | undefined {
    return this.lastEnd;
  }

  /** The detail of a completion that did not start. */
  notStarted(): CompletionEndDetail {
    return { images: [], nll: [], reason: 'stopped', sampler: this.host.sampler(), ms: 0, passes: 0 };
  }

  /**
   * Starts completing with `model` as `request` says (read once the sampler code is loaded); resolves when the
   * completion is sampled and fully shown (or stopped) with the detail that is also fired as completion-end.
   */
  async begin(model: PixelModel, request: () => CompletionRequest): Promise<CompletionEndDetail> {
    const stopped = this.notStarted();
    this.stop();
    const { createPixelSampler } = await import('../../models/pixel-models.js');
    const { given, known, sampler: kind, samples, temperature, seed, pixelsPerSecond } = request();
    let sampler: RasterSampler;
    try {
      sampler = createPixelSampler(kind, model, { pixels: given, known }, { samples, temperature, seed: seed * 1009 + this.runs++ });
    } catch (e) {
      this.host.failOnDevice(() => msg(str`could not start the completion: ${message(e)}`), e);
      return { ...stopped, reason: 'error' };
    }
    this.host.started();
    let resolve!: (detail: CompletionEndDetail) => void;
    const done = new Promise<CompletionEndDetail>((r) => (resolve = r));
    const run: CompletionRun = new CompletionRun(sampler, known, given, {
      pixelsPerSecond,
      isActive: () => this.host.isActive(),
      onRow: (row) => this.host.dispatchEvent(new CompletionStepEvent({ ...row, sampled: sampler.sampled })),
      onFrame: () => this.host.requestUpdate(),
      onEnd: (reason, error) => void this.end(run, model, reason, error).then(resolve),
    });
    this.current = run;
    this.host.requestUpdate();
    return done;
  }

  /** Shows the rest of the running completion as soon as it is sampled. */
  finishInstantly(): void {
    this.current?.finishInstantly();
  }

  /** Stops the running completion (what was sampled stays shown). */
  stop(): void {
    this.current?.stop();
  }

  /** Stops the running completion and shows none. */
  reset(): void {
    this.stop();
    this.current = undefined;
    this.lastEnd = undefined;
  }

  /** The caption under completion `s`: the model's probability for the pixel being drawn, then the NLL (call it while rendering). */
  caption(s: number): string[] {
    const run = this.current;
    if (!run) return [];
    if (run.running) {
      const i = run.cursor;
      if (i >= PIXELS) return [msg('sampled')];
      const p = run.probabilities[s][i];
      return [msg(str`row ${Math.floor(i / 28) + 1} of 28`), Number.isNaN(p) ? msg('given pixels') : msg(str`p(ink) = ${formatNumber(p, 2)}`)];
    }
    const nll = this.lastEnd?.nll[s];
    return nll === undefined ? [] : [msg(str`${formatNumber(nll, 1)} nats`)];
  }

  /** The last finished completion's time and sampler, for the status line ('' when there is none; call it while rendering). */
  describeLast(): string {
    const last = this.lastEnd;
    if (!last || last.reason !== 'done') return '';
    const ms = formatNumber(last.ms, 0);
    return last.sampler === 'naive' ? msg(str` · last completion ${ms} ms, naive sampler`) : msg(str` · last completion ${ms} ms, cached sampler`);
  }

  /** Scores the finished completions and fires completion-end; resolves with its detail. */
  private async end(run: CompletionRun, model: PixelModel, reason: 'done' | 'stopped' | 'error', error?: unknown): Promise<CompletionEndDetail> {
    if (error) this.host.failOnDevice(() => msg(str`the completion stopped: ${message(error)}`), error);
    let nll: number[] = [];
    const tf = this.host.tf();
    if (reason === 'done' && tf && !model.isDisposed) {
      try {
        nll = await imageNll(tf, model, run.images);
      } catch (e) {
        if (!model.isDisposed) this.host.failOnDevice(() => msg(str`the completions could not be scored: ${message(e)}`), e);
      }
    }
    const detail: CompletionEndDetail = {
      images: run.images, nll, reason, sampler: this.host.sampler(), ms: (run.sampledAt || performance.now()) - run.startedAt, passes: run.passes,
    };
    if (this.current === run) this.lastEnd = detail;
    this.host.dispatchEvent(new CompletionEndEvent(detail));
    this.host.requestUpdate();
    return detail;
  }
}
