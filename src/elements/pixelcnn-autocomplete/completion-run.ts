/**
 * One completion in progress: drives a raster sampler from a frame-budgeted loop, keeps the rows it reads back,
 * and reveals them pixel by pixel at a reading pace (or at once). DOM-free apart from requestAnimationFrame.
 */
import { FrameLoop } from '../../runtime/loop.js';
import type { CompletedRow, RasterSampler } from '../../models/pixelcnn-sampler.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;

export interface CompletionRunOptions {
  /** revealed pixels per second; Infinity shows each row as soon as it is sampled */
  pixelsPerSecond: number;
  isActive: () => boolean;
  onRow: (row: CompletedRow) => void;
  /** every animation frame while something changed */
  onFrame: () => void;
  /** sampling and revealing both ended (or stop() / an error) */
  onEnd: (reason: 'done' | 'stopped' | 'error', error?: unknown) => void;
}

export class CompletionRun {
  /** samples × 784, sample-major: the given pixels, then the sampled ones as rows arrive */
  readonly images: Float32Array[];
  /** samples × 784 model probabilities of sampled pixels (NaN where given or not yet sampled) */
  readonly probabilities: Float32Array[];
  /** raster index up to which pixels are sampled and read back */
  sampledTo = 0;
  /** raster index up to which pixels are shown */
  revealed = 0;
  readonly startedAt = performance.now();
  sampledAt = 0;
  passes = 0;
  private readonly loop: FrameLoop;
  private frame = 0;
  private lastFrame = performance.now();
  private ended = false;
  private pace: number;

  constructor(sampler: RasterSampler, readonly known: Uint8Array, given: Float32Array, private readonly options: CompletionRunOptions) {
    this.pace = options.pixelsPerSecond;
    this.images = Array.from({ length: sampler.samples }, () => Float32Array.from(given, (v, i) => (known[i] ? v : 0)));
    this.probabilities = Array.from({ length: sampler.samples }, () => new Float32Array(PIXELS).fill(NaN));
    this.loop = new FrameLoop({
      isActive: options.isActive,
      step: async () => {
        const row = await sampler.step();
        if (row) this.accept(row);
        return !sampler.done;
      },
      onEnd: (error) => {
        this.passes = sampler.passes;
        sampler.dispose();
        if (error) this.end('error', error);
        else if (!sampler.done) this.end('stopped');
        else this.sampledAt = performance.now();
      },
    });
    this.loop.start();
    this.frame = requestAnimationFrame(this.tick);
  }

  get samples(): number {
    return this.images.length;
  }

  get running(): boolean {
    return !this.ended;
  }

  /** The next hidden pixel to be shown (784 when all are). */
  get cursor(): number {
    let i = this.revealed;
    while (i < PIXELS && this.known[i]) i++;
    return i;
  }

  /** Shows everything sampled so far at once, and each further row as it arrives. */
  finishInstantly(): void {
    this.pace = Infinity;
  }

  stop(): void {
    if (this.ended) return;
    this.loop.stop();
    this.end('stopped');
  }

  private accept(row: CompletedRow): void {
    for (let s = 0; s < this.samples; s++) {
      const at = row.row * SIDE;
      for (let c = 0; c < SIDE; c++) {
        if (this.known[at + c]) continue;
        this.images[s][at + c] = row.pixels[s * SIDE + c];
        this.probabilities[s][at + c] = row.probabilities[s * SIDE + c];
      }
    }
    this.sampledTo = (row.row + 1) * SIDE;
    this.options.onRow(row);
  }

  private readonly tick = (now: number): void => {
    if (this.ended) return;
    const dt = Math.max(0, now - this.lastFrame) / 1000;
    this.lastFrame = now;
    if (this.options.isActive()) {
      const before = this.revealed;
      // Given pixels take no time: the reveal only spends its pace on pixels the model drew.
      let budget = this.pace === Infinity ? Infinity : Math.max(1, Math.round(this.pace * Math.min(dt, 0.1)));
      while (this.revealed < this.sampledTo && budget > 0) {
        if (!this.known[this.revealed]) budget--;
        this.revealed++;
      }
      if (this.revealed !== before) this.options.onFrame();
      if (this.revealed >= PIXELS && this.sampledAt) {
        this.end('done');
        return;
      }
    }
    this.frame = requestAnimationFrame(this.tick);
  };

  private end(reason: 'done' | 'stopped' | 'error', error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    cancelAnimationFrame(this.frame);
    this.loop.stop();
    this.options.onEnd(reason, error);
  }
}
