/**
 * The `compare` layout of <pixelcnn-autocomplete>: the lecture's two fully visible belief networks side by side.
 * Holds the rival model (the shipped weights of the architecture the element does not show), its completions of the
 * same hidden part, and the training race — a small PixelCNN and a small PixelRNN of about the same size trained in
 * turn on the same batches through src/training (TrainingRace), NLL plotted against each one's own wall-clock time.
 */
import type { Runtime } from '../../runtime/runtime.js';
import type { PixelArchitecture, PixelModel } from '../../models/pixel-models.js';
import type { TrainingRace } from '../../training/race.js';
import type { TrainingLoop } from '../base/generative-element.js';
import { TrainingController, type TrainingHost, type TrainingThread } from '../base/training-controller.js';
import { shippedUrl } from '../../runtime/assets.js';
import { message } from '../../runtime/backend.js';
import { msg, str } from '@lit/localize';
import { formatNumber, type Text } from '../base/localize.js';
import { Completions, type CompletionHost } from './completions.js';
import { pixelCnnSessionPlan } from './pixelcnn-training.js';
import type { LossChart } from '../parts/loss-chart.js';

export const NAMES: Record<PixelArchitecture, string> = { pixelcnn: 'PixelCNN', pixelrnn: 'PixelRNN' };
const SHIPPED: Record<PixelArchitecture, string> = { pixelcnn: 'pixelcnn-mnist/model.json', pixelrnn: 'pixelrnn-mnist/model.json' };
const COLOURS: Record<PixelArchitecture, string> = { pixelcnn: '#1a73e8', pixelrnn: '#d93025' };

/** What the comparison needs of its element. */
export interface ComparisonHost extends TrainingHost {
  readonly seed: number;
  runtime: () => Runtime | undefined;
  fail: (text: Text, cause?: unknown) => void;
  /** the words of a Text in the element's locale (for what is made outside a render: the chart's series labels) */
  words: (text: Text) => string;
  runTraining: (loop: TrainingLoop) => Promise<void>;
  chart: () => LossChart | null;
  thread: () => TrainingThread;
}

export interface RaceOptions {
  /** steps of each model */
  steps: number;
  batchSize: number;
  learningRate: number;
}

export class Comparison {
  /** the other architecture's shipped model, once loaded */
  rival?: PixelModel;
  /** its completions of the same hidden part */
  readonly completions: Completions;
  /** the measured ratio of the last race, in English words ('' before one): the element's raceSummary */
  raceSummary = '';
  /** the last race, for its ratio in the reader's words (describeRace) */
  private lastRace?: TrainingRace;
  private rivalKind?: PixelArchitecture;
  private loading?: AbortController;
  private racing: PixelModel[] = [];
  private readonly racers: TrainingController<PixelModel>[];

  constructor(private readonly host: ComparisonHost, completionHost: CompletionHost) {
    this.completions = new Completions(completionHost);
    this.racers = [0, 1].map((i) => new TrainingController<PixelModel>(host, {
      thread: () => host.thread(),
      shown: () => this.racing[i],
      fail: (text, cause) => host.fail(text, cause),
    }));
  }

  /** Loads the shipped `kind` to compare with (once; a load of another kind replaces it). */
  async load(kind: PixelArchitecture): Promise<void> {
    if (this.rivalKind === kind && (this.rival || this.loading)) return;
    this.drop();
    this.rivalKind = kind;
    const abort = (this.loading = new AbortController());
    try {
      const { loadPixelModel } = await import('../../models/pixel-models.js');
      const model = await loadPixelModel(shippedUrl(SHIPPED[kind]), { signal: abort.signal });
      if (abort.signal.aborted) model.dispose();
      else this.rival = model;
    } catch (e) {
      if (!abort.signal.aborted) this.host.fail(() => msg(str`the ${NAMES[kind]} to compare with did not load: ${message(e)}`), e);
    } finally {
      if (this.loading === abort) this.loading = undefined;
      this.host.requestUpdate();
    }
  }

  /** Each model's row: its name, its last completion in a line (time, passes, mean NLL), its captions (call it while rendering). */
  rows(model: PixelModel, mine: Completions, samples: number): { name: string; line: string; captions: string[][] }[] {
    const row = (shown: PixelModel | undefined, completions: Completions, kind: PixelArchitecture) => {
      const last = completions.last;
      const mean = last?.nll.length ? last.nll.reduce((a, b) => a + b, 0) / last.nll.length : undefined;
      // milliseconds and passes without digit grouping: a run of the row's line reads as one number
      const ms = String(Math.round(last?.ms ?? 0));
      const line = !shown ? msg('loading…') : last?.reason !== 'done' ? ''
        : mean === undefined ? msg(str`${ms} ms · ${last.passes} passes`)
        : msg(str`${ms} ms · ${last.passes} passes · mean −log p = ${formatNumber(mean, 1)} nats`);
      return { name: NAMES[kind], line, captions: Array.from({ length: completions.run?.samples ?? samples }, (_, s) => completions.caption(s)) };
    };
    return [row(model, mine, model.kind), row(this.rival, this.completions, model.kind === 'pixelrnn' ? 'pixelcnn' : 'pixelrnn')];
  }

  /**
   * The last race's measured ratio in the current locale ('' before one; call it while rendering): in English the
   * same words as raceSummary (TrainingRace.summary()).
   */
  describeRace(): string {
    const race = this.lastRace;
    if (!race || !this.raceSummary) return '';
    const ms = race.msPerStep();
    const [slow, fast] = ms[0] >= ms[1] ? [0, 1] : [1, 0];
    const [a, b] = [race.entrants[slow], race.entrants[fast]];
    // the milliseconds as TrainingRace.summary() writes them (no digit grouping), so the English text is its text
    return msg(str`a ${a.name} step took ${formatNumber(ms[slow] / ms[fast], 1)}× as long as a ${b.name} step (${ms[slow].toFixed(0)} ms against ${ms[fast].toFixed(0)} ms, mean of ${a.steps} and ${b.steps} steps on the same batches)`);
  }

  /** Lets go of the rival and its completions (compare turned off, or the element removed). */
  drop(): void {
    this.loading?.abort();
    this.loading = undefined;
    this.completions.reset();
    this.rival?.dispose();
    this.rival = undefined;
    this.rivalKind = undefined;
  }

  /**
   * Trains a small PixelCNN and a small PixelRNN (the in-page sizes: about 2,400 parameters each) in turn on the same
   * batches and plots each one's NLL against its own training time. Resolves when the race ends.
   */
  async race({ steps, batchSize, learningRate }: RaceOptions): Promise<void> {
    const runtime = this.host.runtime();
    if (!runtime) return;
    const [{ PixelCnn, PIXELCNN_SMALL }, { PixelRnn, PIXELRNN_SMALL }, { TrainingRace }] =
      await Promise.all([import('../../models/pixelcnn.js'), import('../../models/pixelrnn.js'), import('../../training/race.js')]);
    const seed = this.host.seed;
    const models: PixelModel[] = [PixelCnn.create(PIXELCNN_SMALL, seed), PixelRnn.create(PIXELRNN_SMALL, seed)];
    this.racing = models;
    const finish = () => {
      for (const racer of this.racers) racer.end();
      for (const m of models) m.dispose();
      if (this.racing === models) this.racing = [];
    };
    const sessions = [];
    for (const [i, model] of models.entries()) {
      // the same seed: both sessions draw the same batches
      const session = await this.racers[i].begin(runtime.tf, model, pixelCnnSessionPlan(runtime, model, this.host.thread(), { learningRate, batchSize, seed }));
      if (!session) {
        finish();
        return;
      }
      sessions.push({ name: NAMES[model.kind], session });
    }
    const race: TrainingRace = new TrainingRace(sessions);
    const chart = this.host.chart();
    if (chart) chart.axis = 'seconds';
    chart?.reset(models.map((m) => ({ label: this.host.words(() => msg(str`${NAMES[m.kind]} (${formatNumber(m.network.countParams())} parameters) NLL`)), color: COLOURS[m.kind] })));
    this.raceSummary = '';
    this.lastRace = race;
    await this.host.runTraining({
      steps: 2 * steps,
      offThread: this.racers[0].trainingIn === 'worker',
      step: async () => {
        const { entrant, index, figures } = await race.step();
        if (figures) chart?.push(Number(entrant.seconds.toFixed(3)), index === 0 ? [figures.nll, NaN] : [NaN, figures.nll]);
        this.raceSummary = race.summary();
        this.host.requestUpdate();
        // train-step's losses: the step's figures, which racer (0 the PixelCNN, 1 the PixelRNN) and its seconds so far
        return figures && { ...figures, racer: index, seconds: entrant.seconds };
      },
      end: finish,
    });
  }
}
