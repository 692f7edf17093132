/**
 * The `compare` layout of <vae-latent-grid>: the lecture's autoencoder → VAE step side by side. Holds the other
 * shipped model (the autoencoder beside a VAE, the VAE beside an autoencoder), its test digits' codes (the shared z
 * extent spans the autoencoder's), and its grid decoded on the same lattice as the element's.
 */
import type * as TF from '@tensorflow/tfjs';
import { msg, str } from '@lit/localize';
import type { Text } from '../base/localize.js';
import type { Vae } from '../../models/vae.js';
import { decodeLattice } from '../../models/vae-views.js';
import { shippedUrl } from '../../runtime/assets.js';
import { message } from '../../runtime/backend.js';
import { TestEncodings } from './test-encodings.js';

export interface RivalHost {
  tf(): typeof TF | undefined;
  changed(): void;
  fail(text: Text, cause: unknown): void;
}

export class RivalGrid {
  /** the other model, once loaded */
  model?: Vae;
  /** its grid: cells² decoded tiles as one image */
  decoded?: { cells: number; pixels: Float32Array };
  readonly encodings: TestEncodings;
  private loading?: AbortController;
  private variational?: boolean;

  constructor(private readonly host: RivalHost) {
    this.encodings = new TestEncodings({ tf: host.tf, model: () => this.model, changed: host.changed, fail: host.fail });
  }

  /** Loads the shipped VAE (variational) or autoencoder to compare with, once; another kind replaces it. */
  async load(variational: boolean): Promise<void> {
    if (this.variational === variational && (this.model || this.loading)) return;
    this.drop();
    this.variational = variational;
    const abort = (this.loading = new AbortController());
    try {
      const { Vae } = await import('../../models/vae.js');
      const model = await Vae.load(shippedUrl(variational ? 'vae-mnist/model.json' : 'ae-mnist/model.json'), { signal: abort.signal, variational });
      if (abort.signal.aborted) return void model.dispose();
      this.model = model;
      if (!variational) await this.encodings.load();
    } catch (e) {
      if (!abort.signal.aborted) this.host.fail(variational ? () => msg(str`the VAE to compare with did not load: ${message(e)}`)
        : () => msg(str`the autoencoder to compare with did not load: ${message(e)}`), e);
    } finally {
      if (this.loading === abort) this.loading = undefined;
      this.host.changed();
    }
  }

  /** Decodes its grid at the lattice z (cells² × latentDim, the element's). */
  async decode(z: Float32Array, cells: number): Promise<void> {
    const model = this.model, tf = this.host.tf();
    if (!model || !tf || model.isDisposed) return;
    try {
      const pixels = await decodeLattice(tf, model, z, cells);
      if (model === this.model) this.decoded = { cells, pixels };
      this.host.changed();
    } catch (e) {
      if (model === this.model && !model.isDisposed) this.host.fail(() => msg(str`could not decode the grid to compare with: ${message(e)}`), e);
    }
  }

  /** Lets go of the other model (compare turned off, or the element removed). */
  drop(): void {
    this.loading?.abort();
    this.loading = undefined;
    this.encodings.reset();
    this.model?.dispose();
    this.model = undefined;
    this.decoded = undefined;
    this.variational = undefined;
  }
}
