import { nextTask } from '../../runtime/loop.js';

/**
 * One redraw at a time: calls made while it runs share it, and one more run follows with the latest state. Each run
 * starts in a task of its own, so a redraw never lengthens the task that asked for it (a worker's weights arriving,
 * a click).
 * reset() forgets a run in flight (one waiting on a read-back that a lost GPU never answers), so that the next
 * request starts afresh instead of queueing behind it forever.
 */
export class Coalesced {
  private running?: Promise<void>;
  private again = false;
  /** runs that reset() forgot but that have not ended yet */
  private readonly abandoned = new Set<Promise<void>>();

  constructor(private readonly work: () => Promise<void>, private readonly more: () => boolean = () => true) {}

  /** Runs the work (or joins the run in flight, and asks for one more); resolves when the last run is done. */
  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    let run!: Promise<void>;
    run = (async () => {
      do {
        this.again = false;
        await nextTask();
        if (this.running !== run) return; // reset() while it waited
        await this.work();
      } while (this.again && this.running === run && this.more());
    })().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  reset(): void {
    const run = this.running;
    if (run) {
      this.abandoned.add(run);
      void run.catch(() => undefined).finally(() => this.abandoned.delete(run));
    }
    this.running = undefined;
    this.again = false;
  }

  /** Resolves when every run started has ended, also those reset() forgot. */
  async settled(): Promise<void> {
    while (this.running || this.abandoned.size) await Promise.allSettled([this.running, ...this.abandoned]);
  }
}
