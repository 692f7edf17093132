/**
 * Draws an element's views one at a time, so that only one generator call is in flight: views asked for while one
 * is drawing are drawn next (each once, however often they were asked for).
 */
export class RedrawQueue<V extends string> {
  private readonly dirty = new Set<V>();
  private running?: Promise<void>;
  /** runs that reset() forgot but that have not ended yet (their tensors are still alive until they do) */
  private readonly abandoned = new Set<Promise<void>>();

  constructor(private readonly draw: (view: V) => Promise<void>) {}

  /** Marks views for drawing; resolves when nothing is left to draw. */
  request(...views: V[]): Promise<void> {
    for (const v of views) this.dirty.add(v);
    if (!this.running) this.running = this.run();
    return this.running;
  }

  /** Resolves when nothing is left to draw. */
  get idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Forgets the views asked for and a draw in flight (one a lost GPU never answers): the next request starts afresh. */
  reset(): void {
    this.dirty.clear();
    const run = this.running;
    if (run) {
      this.abandoned.add(run);
      void run.finally(() => this.abandoned.delete(run));
    }
    this.running = undefined;
  }

  /**
   * Resolves when every draw started has ended, also those reset() forgot: only then are their tensors gone (a read
   * in flight holds its tensor until the read ends; on a lost GPU, reads give up).
   */
  async settled(): Promise<void> {
    while (this.running || this.abandoned.size) await Promise.allSettled([this.running, ...this.abandoned]);
  }

  private async run(): Promise<void> {
    await null; // `running` is set before the loop can end
    const mine = this.running;
    try {
      for (let view = this.next(); view !== undefined && this.running === mine; view = this.next()) await this.draw(view);
    } finally {
      if (this.running === mine) this.running = undefined;
    }
  }

  private next(): V | undefined {
    const [view] = this.dirty;
    if (view !== undefined) this.dirty.delete(view);
    return view;
  }
}
