/**
 * Training an autoregressive model of binarised digits — a PixelCNN or a PixelRNN — on the exact negative
 * log-likelihood (the chain rule over pixels: one masked-convolution pass per batch for the PixelCNN, 28 row steps
 * per LSTM layer for the PixelRNN), by Adam. DOM-free, so it runs in the training worker or on the page's thread;
 * owns the dataset tensor and the optimiser.
 */
import type * as TF from '@tensorflow/tfjs';
import type { NllTrainer, PixelCnn } from '../models/pixelcnn.js';
import type { PixelRnn } from '../models/pixelrnn.js';
import { binarise } from '../data/mnist.js';
import { mulberry32 } from '../latent/random.js';
import { readAndDispose } from '../runtime/read.js';
import { drawBatch, type Figures, type TrainingSession } from './session.js';

export interface PixelCnnSessionOptions {
  /** Adam's learning rate */
  learningRate: number;
  /** digits per step */
  batchSize: number;
  /** seeds the order of the minibatches */
  seed: number;
}

const PIXELS = 784;

export class PixelCnnSession<M extends PixelCnn | PixelRnn = PixelCnn> implements TrainingSession<M, Pick<PixelCnnSessionOptions, 'learningRate'>> {
  private readonly data: TF.Tensor2D;
  private trainer: NllTrainer;
  private readonly rng: () => number;

  /** `pixels`: count × 784 intensities in [0, 1], binarised here as the shipped model was trained */
  constructor(private readonly tf: typeof TF, readonly model: M, pixels: Float32Array, count: number, private readonly options: PixelCnnSessionOptions) {
    // the optimiser first: a backend that cannot make one fails here before the dataset is on the device
    this.trainer = model.createTrainer({ learningRate: options.learningRate });
    this.data = tf.tensor2d(binarise(pixels), [count, PIXELS]);
    this.rng = mulberry32(options.seed + 1);
  }

  /** One step on the mean NLL; with `read`, the batch's NLL in nats per digit and in bits per pixel. */
  async step(read: boolean): Promise<Figures | undefined> {
    const batch = drawBatch(this.tf, this.data, this.rng, this.options.batchSize);
    const loss = this.trainer.step(batch);
    batch.dispose();
    if (!read) {
      loss.dispose();
      return undefined;
    }
    const [nll] = await readAndDispose(loss);
    return { nll, bitsPerDim: nll / (PIXELS * Math.LN2) };
  }

  retune({ learningRate }: Pick<PixelCnnSessionOptions, 'learningRate'>): void {
    this.trainer.dispose();
    this.trainer = this.model.createTrainer({ learningRate });
  }

  dispose(): void {
    this.trainer.dispose();
    this.data.dispose();
  }
}
