/**
 * The animated walk of <gan-interpolator>: t goes back and forth along the path from z_a to z_b, and each time it is
 * back at z_a, z_b moves on to the z of the next seed, so the picture never jumps. One generated frame per
 * animation frame at most; it waits while `isActive()` is false (off-screen, hidden tab, reduced motion).
 */
import { FrameLoop } from '../../runtime/loop.js';

/** seconds for one pass from z_a to z_b */
export const WALK_SECONDS = 4;
/** the longest time step of one frame, so that a slow frame (or a pause) does not jump far */
const MAX_STEP_SECONDS = 0.1;

export interface WalkCallbacks {
  isActive: () => boolean;
  /** the current t */
  t: () => number;
  /** shows t (and, when `onward`, moves z_b on to the z of seed `to-seed + round`); resolves once drawn */
  frame: (t: number, onward: boolean, round: number) => Promise<void>;
}

export class LatentWalk {
  private direction = 1;
  /** how many times z_b moved on */
  private round = 0;
  private loop?: FrameLoop;

  get running(): boolean {
    return this.loop !== undefined;
  }

  start(callbacks: WalkCallbacks): void {
    if (this.loop) return;
    let last = performance.now();
    const loop: FrameLoop = new FrameLoop({
      budgetMs: 0,
      isActive: callbacks.isActive,
      step: async () => {
        const now = performance.now();
        const { t, onward } = this.advance(callbacks.t(), Math.min(MAX_STEP_SECONDS, (now - last) / 1000));
        last = now;
        await callbacks.frame(t, onward, this.round);
      },
      onEnd: () => {
        if (this.loop === loop) this.loop = undefined;
      },
    });
    this.loop = loop.start();
  }

  stop(): void {
    this.loop?.stop();
  }

  /** t after `seconds` more of the walk; `onward` is true when z_b should move on to the next seed. */
  advance(t: number, seconds: number): { t: number; onward: boolean } {
    const next = t + (this.direction * seconds) / WALK_SECONDS;
    if (next >= 1) {
      this.direction = -1;
      return { t: 1, onward: false };
    }
    if (next <= 0) {
      this.direction = 1;
      this.round++;
      return { t: 0, onward: true };
    }
    return { t: next, onward: false };
  }
}
