/**
 * The 1,000 held-out digits as the model encodes them (μ of q(z|x), or an autoencoder's codes): the overlay of
 * `show-encodings`, and the box the codes occupy (an autoencoder's grid spans it). Encoded once per model, on demand.
 */
import type * as TF from '@tensorflow/tfjs';
import { msg, str } from '@lit/localize';
import type { Text } from '../base/localize.js';
import type { Vae } from '../../models/vae.js';
import type { Encodings } from './grid-canvas.js';
import { binarise, loadMnist } from '../../data/mnist.js';
import { encodedMeans } from '../../models/vae-views.js';
import { message } from '../../runtime/backend.js';

export interface EncodingsHost {
  tf(): typeof TF | undefined;
  model(): Vae | undefined;
  changed(): void;
  fail(text: Text, cause: unknown): void;
}

export class TestEncodings {
  value?: Encodings;
  private pending?: Promise<Encodings | undefined>;
  private owner?: Vae;

  constructor(private readonly host: EncodingsHost) {}

  /** The current model's encodings (encoded on the first call). */
  load(): Promise<Encodings | undefined> {
    const vae = this.host.model();
    if (vae !== this.owner) this.reset();
    if (this.value || this.pending) return this.pending ?? Promise.resolve(this.value);
    this.owner = vae;
    return (this.pending = this.encode(vae).finally(() => (this.pending = undefined)));
  }

  /** The half-width of the square around z = 0 that holds 99 % of the codes in the two dims shown (the farthest 1 % are outliers). */
  extent(dims: readonly [number, number]): number | undefined {
    const e = this.value;
    if (!e) return undefined;
    const reach: number[] = [];
    for (let i = 0; i < e.mu.length; i += e.latentDim) reach.push(Math.max(Math.abs(e.mu[i + dims[0]]), Math.abs(e.mu[i + dims[1]])));
    return reach.sort((a, b) => a - b)[Math.floor(0.99 * (reach.length - 1))];
  }

  reset(): void {
    this.value = undefined;
    this.pending = undefined;
    this.owner = undefined;
  }

  private async encode(vae: Vae | undefined): Promise<Encodings | undefined> {
    const tf = this.host.tf();
    if (!vae || !tf) return undefined;
    try {
      const test = await loadMnist('test');
      if (vae !== this.host.model() || vae.isDisposed) return undefined;
      const values = await encodedMeans(tf, vae, binarise(test.pixels), test.count);
      if (vae !== this.host.model()) return undefined;
      this.value = { mu: values, labels: test.labels, latentDim: vae.config.latentDim };
      this.host.changed();
      return this.value;
    } catch (e) {
      this.host.fail(() => msg(str`the test digits could not be encoded: ${message(e)}`), e);
      return undefined;
    }
  }
}
