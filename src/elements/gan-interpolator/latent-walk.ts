/**
 * The animated walk of <gan-interpolator>: t goes back and forth along the path from z_a to z_b, and each time it is
 * back at z_a, z_b moves on to the z of the next seed, so the picture never jumps. One generated frame per
 * animation frame at most; it waits while it is not active (off-screen, hidden tab, reduced motion).
 */
import { FrameLoop } from '../../runtime/loop.js';
import { prefersReducedMotion } from '../base/visibility.js';
import { seedLabel, seededLatent } from './latents.js';
import { MAX_SEED } from './settings.js';
import type { Member } from './types.js';

/** seconds for one pass from z_a to z_b */
export const WALK_SECONDS = 4;
/** the longest time step of one frame, so that a slow frame (or a pause) does not jump far */
const MAX_STEP_SECONDS = 0.1;

/** What the walk reads and moves of its element (the element itself fits). */
export interface WalkHost {
  /** attribute `animate`: walk */
  readonly animated: boolean;
  /** the current t; the walk moves it */
  t: number;
  /** z_b moves on from the z of this seed */
  readonly toSeed: number;
  /** the size of z of the generator shown (undefined before there is one) */
  readonly zDim: number | undefined;
  readonly isConnected: boolean;
  /** resolves once the element rendered what changed */
  readonly updateComplete: Promise<boolean>;
}

export interface WalkCallbacks {
  /** the element is on screen (in a visible tab) */
  visible: () => boolean;
  /** z_b moves on to `member`, the z of the next seed */
  moveOn: (member: Member) => void;
  /** resolves once every view asked for is drawn */
  drawn: () => Promise<void>;
}

export class LatentWalk {
  private direction = 1;
  /** how many times z_b moved on */
  private round = 0;
  private loop?: FrameLoop;

  constructor(private readonly host: WalkHost, private readonly callbacks: WalkCallbacks) {}

  get running(): boolean {
    return this.loop !== undefined;
  }

  /** Walks while `animate` is set, a generator is shown, the element is in the page and motion is welcome; else stops. */
  sync(): void {
    const { host } = this;
    const wanted = host.animated && host.zDim !== undefined && host.isConnected && !prefersReducedMotion();
    if (wanted) this.start();
    else this.stop();
  }

  start(): void {
    if (this.loop) return;
    let last = performance.now();
    const loop: FrameLoop = new FrameLoop({
      budgetMs: 0,
      isActive: () => this.callbacks.visible() && !prefersReducedMotion(),
      step: async () => {
        const now = performance.now();
        const { t, onward } = this.advance(this.host.t, Math.min(MAX_STEP_SECONDS, (now - last) / 1000));
        last = now;
        await this.frame(t, onward);
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

  /** Shows t (and, when `onward`, moves z_b on to the z of seed `to-seed + round`); resolves once drawn. */
  private async frame(t: number, onward: boolean): Promise<void> {
    const { host } = this;
    const d = host.zDim;
    if (onward && d) {
      const seed = (host.toSeed + this.round) % MAX_SEED;
      this.callbacks.moveOn({ z: seededLatent(seed, d), label: seedLabel(seed) });
    }
    host.t = t;
    await host.updateComplete;
    await this.callbacks.drawn();
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
