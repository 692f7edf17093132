/**
 * A training race: two sessions (a PixelCNN's and a PixelRNN's, of about the same size) trained in turn, a step
 * each, on the same batches (their sessions draw from the same seed), every step timed from its start until its
 * figures are back — so the time includes the device finishing the step. The lecture's claim, measured: NLL
 * against each model's own wall-clock time, not against steps. DOM-free; the sessions may live in the worker.
 */
import type { Figures, TrainingSession } from './session.js';

export interface Entrant {
  readonly name: string;
  readonly session: TrainingSession;
  /** seconds spent in this entrant's steps */
  seconds: number;
  steps: number;
  /** the last step's figures */
  last?: Figures;
}

export interface RaceStep {
  entrant: Entrant;
  /** which entrant (0 or 1) */
  index: number;
  figures: Figures | undefined;
  ms: number;
}

export class TrainingRace {
  readonly entrants: Entrant[];
  private turn = 0;

  constructor(sessions: { name: string; session: TrainingSession }[], private readonly now: () => number = () => performance.now()) {
    this.entrants = sessions.map(({ name, session }) => ({ name, session, seconds: 0, steps: 0 }));
  }

  /** One step of the entrant whose turn it is (the figures are read every step: a step is timed to its end). */
  async step(): Promise<RaceStep> {
    const index = this.turn;
    const entrant = this.entrants[index];
    this.turn = (this.turn + 1) % this.entrants.length;
    const t0 = this.now();
    const figures = await entrant.session.step(true);
    const ms = this.now() - t0;
    entrant.seconds += ms / 1000;
    entrant.steps++;
    entrant.last = figures;
    return { entrant, index, figures, ms };
  }

  /** Mean milliseconds per step of each entrant (NaN before its first step). */
  msPerStep(): number[] {
    return this.entrants.map((e) => (e.steps ? (1000 * e.seconds) / e.steps : NaN));
  }

  /** The measured ratio, in words: how many times as long a step of the slower one took ('' before both stepped). */
  summary(): string {
    const [a, b] = this.msPerStep();
    if (!(a > 0 && b > 0)) return '';
    const [slow, fast] = a >= b ? [0, 1] : [1, 0];
    const ms = this.msPerStep();
    return `a ${this.entrants[slow].name} step took ${(ms[slow] / ms[fast]).toFixed(1)}× as long as a ${this.entrants[fast].name} step ` +
      `(${ms[slow].toFixed(0)} ms against ${ms[fast].toFixed(0)} ms, mean of ${this.entrants[slow].steps} and ${this.entrants[fast].steps} steps on the same batches)`;
  }
}
