/**
 * Training a VAE: −ELBO by Adam on minibatches of binarised digits (the lecture's reconstruction term plus KL to
 * the prior). DOM-free, so it runs in the training worker or on the page's thread; owns the dataset tensor and the
 * optimiser.
 */
import type * as TF from '@tensorflow/tfjs';
import type { Vae, VaeTrainer } from '../models/vae.js';
import { binarise } from '../data/mnist.js';
import { mulberry32 } from '../latent/random.js';
import { readAllAndDispose } from '../runtime/read.js';
import { drawBatch, type Figures, type TrainingSession } from './session.js';

export interface VaeSessionOptions {
  /** Adam's learning rate */
  learningRate: number;
  /** digits per step */
  batchSize: number;
  /** seeds the order of the minibatches */
  seed: number;
  /** the KL term's weight (β-VAE; default 1, the ELBO) */
  beta?: number;
}

export class VaeSession implements TrainingSession<Vae, Pick<VaeSessionOptions, 'learningRate' | 'beta'>> {
  private readonly data: TF.Tensor2D;
  private trainer: VaeTrainer;
  private readonly rng: () => number;

  /** `pixels`: count × 784 intensities in [0, 1], binarised here as the shipped model was trained */
  constructor(private readonly tf: typeof TF, readonly model: Vae, pixels: Float32Array, count: number, private readonly options: VaeSessionOptions) {
    this.data = tf.tensor2d(binarise(pixels), [count, 784]);
    this.trainer = model.createTrainer({ learningRate: options.learningRate, beta: options.beta });
    this.rng = mulberry32(options.seed + 1);
  }

  /**
   * One step on reconstruction + β·KL; with `read`, the batch's terms in nats per digit: reconstruction −log p(x|z),
   * KL, −ELBO, the β-weighted loss the step minimised, and β.
   */
  async step(read: boolean): Promise<Figures | undefined> {
    const batch = drawBatch(this.tf, this.data, this.rng, this.options.batchSize);
    const { reconstruction, kl } = this.trainer.step(batch);
    batch.dispose();
    if (!read) {
      this.tf.dispose([reconstruction, kl]);
      return undefined;
    }
    const [[r], [k]] = await readAllAndDispose([reconstruction, kl]);
    const beta = this.trainer.beta;
    return { reconstruction: -r, kl: k, negElbo: k - r, loss: beta * k - r, beta };
  }

  /** A new learning rate restarts Adam; a new β only reweights the next steps. */
  retune({ learningRate, beta }: Partial<Pick<VaeSessionOptions, 'learningRate' | 'beta'>>): void {
    if (learningRate !== undefined && learningRate !== this.options.learningRate) {
      this.options.learningRate = learningRate;
      const b = this.trainer.beta;
      this.trainer.dispose();
      this.trainer = this.model.createTrainer({ learningRate, beta: b });
    }
    if (beta !== undefined) this.trainer.beta = beta;
  }

  dispose(): void {
    this.trainer.dispose();
    this.data.dispose();
  }
}
