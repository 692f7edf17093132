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
}

export class VaeSession implements TrainingSession<Vae, Pick<VaeSessionOptions, 'learningRate'>> {
  private readonly data: TF.Tensor2D;
  private trainer: VaeTrainer;
  private readonly rng: () => number;

  /** `pixels`: count × 784 intensities in [0, 1], binarised here as the shipped model was trained */
  constructor(private readonly tf: typeof TF, readonly model: Vae, pixels: Float32Array, count: number, private readonly options: VaeSessionOptions) {
    this.data = tf.tensor2d(binarise(pixels), [count, 784]);
    this.trainer = model.createTrainer({ learningRate: options.learningRate });
    this.rng = mulberry32(options.seed + 1);
  }

  /** One step on −ELBO; with `read`, the batch's terms in nats per digit: reconstruction −log p(x|z), KL, −ELBO. */
  async step(read: boolean): Promise<Figures | undefined> {
    const batch = drawBatch(this.tf, this.data, this.rng, this.options.batchSize);
    const { reconstruction, kl } = this.trainer.step(batch);
    batch.dispose();
    if (!read) {
      this.tf.dispose([reconstruction, kl]);
      return undefined;
    }
    const [[r], [k]] = await readAllAndDispose([reconstruction, kl]);
    return { reconstruction: -r, kl: k, negElbo: k - r };
  }

  retune({ learningRate }: Pick<VaeSessionOptions, 'learningRate'>): void {
    this.trainer.dispose();
    this.trainer = this.model.createTrainer({ learningRate });
  }

  dispose(): void {
    this.trainer.dispose();
    this.data.dispose();
  }
}
