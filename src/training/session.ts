/**
 * The training-session protocol every model family follows (VAE, DCGAN, PixelCNN, PixelRNN), wherever the session runs: in
 * the training worker (src/training/worker.ts, driven from the page by WorkerSession) or on the page's own thread.
 * A session owns its tensors (the dataset, the optimiser's state) and trains the model it was given; the element
 * shows that model, or a copy that sync() keeps up to date when the session lives in a worker.
 */
import type * as TF from '@tensorflow/tfjs';
import { randomIndices } from '../latent/random.js';

/** The figures of one step, named as the element's train-step event reports them (nats, probabilities). */
export type Figures = Record<string, number>;

export interface TrainingSession<M = unknown, O = unknown> {
  /** the model the element shows: trained in place here, or the page's copy of a worker's model */
  readonly model: M;
  /** One optimisation step (for the DCGAN: one round of the game). With `read`, returns the figures. */
  step(read: boolean): Promise<Figures | undefined>;
  /** New optimiser settings (learning rates; for the DCGAN also k and the loss); the optimiser's moments start afresh. */
  retune(options: O): void;
  dispose(): void;
}

/** The model families a session trains. */
export type Family = 'vae' | 'dcgan' | 'pixelcnn' | 'pixelrnn';

/** A batch of `size` rows of `data`, drawn with replacement by `rng` (one gather, no readback). */
export function drawBatch<R extends TF.Rank>(tf: typeof TF, data: TF.Tensor<R>, rng: () => number, size: number): TF.Tensor<R> {
  return tf.tidy(() => tf.gather(data, tf.tensor1d(randomIndices(rng, data.shape[0], size), 'int32')));
}
