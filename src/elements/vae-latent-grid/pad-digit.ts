/**
 * The digit on <vae-latent-grid>'s pad (drawn, a held-out test digit, or a clicked cell's decoding) and what the VAE
 * says of it: q(z|x) in the two dims shown (drawn on the grid), x̂ decoded from μ, and the bound and its gap (log p(x)
 * by quadrature, the ELBO, their difference, the true posterior p(z|x); src/models/vae-evidence.ts). A reactive
 * controller: one digit at a time (a new digit aborts the integration in flight, which yields to the page between
 * chunks of the grid), results dropped when the model changes and recomputed for the new one.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { msg, str } from '@lit/localize';
import type { Text } from '../base/localize.js';
import type * as TF from '@tensorflow/tfjs';
import type { Vae } from '../../models/vae.js';
import type { BoundResult } from '../parts/bound-panel.js';
import type { Posterior } from './vae-latent-grid.view.js';
import { drawingPosterior } from '../../models/vae-views.js';
import { message } from '../../runtime/backend.js';
import { binarise, loadMnist } from '../../data/mnist.js';

export interface PadDigitHost {
  tf(): typeof TF | undefined;
  model(): Vae | undefined;
  /** the backend's name: grid points per decoder pass follow it (few on the CPU, so each pass fits in a frame) */
  backend(): string;
  /** the two latent dims the grid shows */
  dims(): [number, number];
  fail(text: Text, cause: unknown): void;
  /** a Text in the element's language now (a result's `source`, for the page) */
  words(text: Text): string;
}

/** Held-out test digit `index` (modulo 1,000), binarised, and its name in words (in the locale it is shown in). */
export async function testDigit(index: number): Promise<{ pixels: Float32Array; label: Text }> {
  const test = await loadMnist('test');
  const i = ((index % test.count) + test.count) % test.count;
  return { pixels: binarise(test.pixels.subarray(784 * i, 784 * (i + 1))), label: () => msg(str`test digit #${i} (a ${test.labels[i]})`) };
}

/** grid points per decoder pass: on a GPU all of them at once; on the CPU few enough that a pass fits in a frame */
export const chunkFor = (backend: string): number => (/webgl|webgpu/.test(backend) ? 4096 : backend === 'cpu' ? 128 : 512);

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class PadDigit implements ReactiveController {
  /** the pad's 784 intensities (undefined: empty) and what they are, in words */
  pixels?: Float32Array;
  label: Text = '';
  posterior?: Posterior;
  recon?: Float32Array;
  bound?: BoundResult;
  /** what is being integrated ('' when idle) */
  busy: Text = '';
  private abort?: AbortController;

  constructor(private readonly host: ReactiveControllerHost, private readonly source: PadDigitHost) {
    host.addController(this);
  }

  /** A new digit: encodes it and integrates it; resolves with the bound (undefined if another digit came first). */
  async set(pixels: Float32Array, label: Text): Promise<BoundResult | undefined> {
    this.pixels = pixels;
    this.label = label;
    const measured = this.measure(pixels, label);
    await this.encode(pixels);
    return measured;
  }

  /** The pad was cleared. */
  clear(): void {
    this.reset();
    this.pixels = undefined;
  }

  /** The model changed: drop what the old one said, and ask the new one (if it is shown on the page). */
  refresh(): void {
    this.reset();
    if (this.pixels && this.source.model()) void this.set(this.pixels, this.label);
  }

  hostDisconnected(): void {
    this.reset();
  }

  private reset(): void {
    this.abort?.abort();
    this.abort = undefined;
    this.posterior = this.recon = this.bound = undefined;
    this.busy = '';
    this.host.requestUpdate();
  }

  private async encode(pixels: Float32Array): Promise<void> {
    const vae = this.source.model(), tf = this.source.tf();
    if (!vae || !tf || vae.isDisposed) return;
    const q = await drawingPosterior(tf, vae, pixels).catch((e: unknown) => {
      if (vae === this.source.model() && !vae.isDisposed) this.source.fail(() => msg(str`the drawing could not be encoded: ${message(e)}`), e);
    });
    if (!q || vae !== this.source.model() || pixels !== this.pixels) return;
    const [a, b] = this.source.dims();
    this.posterior = { mu: [q.mu[a], q.mu[b]], sigma: [q.sigma[a], q.sigma[b]] };
    this.recon = q.recon;
    this.host.requestUpdate();
  }

  private async measure(pixels: Float32Array, label: Text): Promise<BoundResult | undefined> {
    this.abort?.abort();
    const vae = this.source.model(), tf = this.source.tf();
    this.bound = undefined;
    if (!vae || !tf || vae.isDisposed || !vae.variational || vae.config.latentDim !== 2) return undefined; // an autoencoder has no p(x)
    const abort = (this.abort = new AbortController());
    this.busy = label;
    this.host.requestUpdate();
    try {
      const { digitEvidence } = await import('../../models/vae-evidence.js');
      const binary = Float32Array.from(pixels.subarray(0, 784), (v) => (v > 0.5 ? 1 : 0));
      const { evidence, posterior } = await digitEvidence(tf, vae, binary, { chunk: chunkFor(this.source.backend()), between: nextTask, signal: abort.signal });
      if (abort.signal.aborted || vae !== this.source.model()) return undefined;
      return (this.bound = { evidence, posterior, source: this.source.words(label), sourceText: label });
    } catch (e) {
      if (!abort.signal.aborted && vae === this.source.model() && !vae.isDisposed) this.source.fail(() => msg(str`log p(x) could not be integrated: ${message(e)}`), e);
      return undefined;
    } finally {
      if (this.abort === abort) {
        this.abort = undefined;
        this.busy = '';
        this.host.requestUpdate();
      }
    }
  }
}
