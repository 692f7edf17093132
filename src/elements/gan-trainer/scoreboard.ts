/** The score of the game as it is played: the last figures read, the two charts, steps per second, a run's pace. */
import type { GanFigures } from '../../training/gan-session.js';
import type { LossChart } from '../parts/loss-chart.js';
import { prefersReducedMotion } from '../base/visibility.js';
import { msg } from '@lit/localize';

/** The element the score is kept for: it renders the figures, and its render root holds the charts. */
export interface ScoreHost {
  readonly renderRoot?: ParentNode;
  requestUpdate(): void;
}

/** The figures the element shows of the game, kept round by round. */
export class Scoreboard {
  /** D and G losses, D(x) and D(G(z)) of the last round that read its figures */
  figures?: GanFigures;
  /** rounds played per second since the run started */
  stepsPerSecond = 0;
  private rounds = Infinity;
  private started = 0;
  private lastRefresh = 0;
  private done = 0;

  constructor(private readonly host: ScoreHost) {}

  /** A new model: no figures, empty charts. */
  clear(): void {
    this.figures = undefined;
    // the legends are Texts: the charts word them in their own language when they draw
    this.chart('losses')?.reset([{ label: () => msg('D loss'), color: '#1a73e8' }, { label: () => msg('G loss'), color: '#e8710a' }]);
    this.chart('odds')?.reset([{ label: () => msg('D(x) real'), color: '#188038' }, { label: () => msg('D(G(z)) fake'), color: '#a142f4' }]);
    this.host.requestUpdate();
  }

  /** A run of `rounds` rounds starts (Infinity: until stop()). */
  start(rounds: number): void {
    this.rounds = rounds;
    this.started = performance.now();
    this.lastRefresh = 0;
    this.done = 0;
  }

  /** Whether round `i` of the run, the model's round `step` (from 1), reads its figures. */
  reads(i: number, step: number): boolean {
    // the first round of a run shows its figures at once (then every 5th round: reading costs a sync)
    return i === 0 || step % 5 === 0 || i === this.rounds - 1;
  }

  /**
   * Round `i` of the run, the model's round `step`, was played (with its figures, if it read them): plots them, and
   * says whether the samples are due a redraw: about once a second (every 5 s for a reader who prefers reduced
   * motion), and after the run's last round.
   */
  played(i: number, step: number, figures?: GanFigures): boolean {
    if (figures) {
      this.figures = figures;
      this.chart('losses')?.push(step, [figures.dLoss, figures.gLoss]);
      this.chart('odds')?.push(step, [figures.dReal, figures.dFake]);
    }
    this.done++;
    const now = performance.now();
    this.stepsPerSecond = (this.done * 1000) / Math.max(1, now - this.started);
    this.host.requestUpdate();
    if (now - this.lastRefresh > (prefersReducedMotion() ? 5000 : 1000) || i === this.rounds - 1) {
      this.lastRefresh = now;
      return true;
    }
    return false;
  }

  private chart(name: 'losses' | 'odds'): LossChart | null {
    return this.host.renderRoot?.querySelector<LossChart>(`ge-loss-chart.${name}`) ?? null;
  }
}
