/**
 * A frame-budgeted loop for heavy work (training, sampling): run steps until ~budgetMs of the frame is used, then
 * yield to the browser with requestAnimationFrame. It waits while `isActive()` is false (the element is off-screen
 * or the tab hidden: rAF does not fire in hidden tabs) and ends for good on stop().
 */
export interface FrameLoopOptions {
  /** one unit of work; a returned false ends the loop */
  step: () => Promise<boolean | void> | boolean | void;
  /**
   * milliseconds of each frame the loop may use (default 10). Infinity for steps that run elsewhere (a worker): the
   * page only waits for them, and each reply is a task of its own, so frames are painted between them anyway; the
   * loop still pauses while inactive
   */
  budgetMs?: number;
  /** false pauses the loop (checked every frame) */
  isActive?: () => boolean;
  /** called once when the loop ends, by stop(), by a step returning false, or by a step throwing */
  onEnd?: (error?: unknown) => void;
}

export class FrameLoop {
  private stopped = false;
  private frame = 0;
  private settled = false;
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(private readonly options: FrameLoopOptions) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  get running(): boolean {
    return !this.stopped;
  }

  start(): this {
    this.schedule();
    return this;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    cancelAnimationFrame(this.frame);
    this.finish();
  }

  private schedule(): void {
    if (!this.stopped) this.frame = requestAnimationFrame(() => void this.tick());
  }

  private async tick(): Promise<void> {
    const { step, budgetMs = 10, isActive = () => true } = this.options;
    if (this.stopped) return;
    if (isActive()) {
      const start = performance.now();
      try {
        do {
          if ((await step()) === false) {
            this.stop();
            return;
          }
        } while (!this.stopped && performance.now() - start < budgetMs && (budgetMs !== Infinity || isActive()));
      } catch (e) {
        this.stopped = true;
        this.finish(e);
        return;
      }
    }
    this.schedule();
  }

  private finish(error?: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.options.onEnd?.(error);
    this.resolveDone();
  }
}

/**
 * Resolves in a task of its own, after the browser had the chance to paint and handle input: splits a chain of
 * main-thread work (weights arriving from a worker, then a decode, then a paint) into tasks under a frame each.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
