/** How <pixelcnn-autocomplete> trains: train()'s options (see base/digit-training.ts) and the run's session. */
import type { PixelCnn } from '../../models/pixelcnn.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { TrainingThread } from '../base/training-controller.js';
import { digitSessionPlan, digitTrainSettings, type DigitTrainOptions } from '../base/digit-training.js';

export interface PixelCnnTrainOptions extends DigitTrainOptions {
  /** digits per step (default 16) */
  batchSize?: number;
  /** Adam learning rate (default 2e-3) */
  learningRate?: number;
  /** 'scratch' (default): a fresh small PixelCNN; 'loaded': fine-tune a copy of the loaded one */
  from?: 'loaded' | 'scratch';
}

/** One run's options, checked; `from` defaults to the element's choice. */
export function trainSettings(tag: string, options: PixelCnnTrainOptions, from: 'loaded' | 'scratch'): Required<PixelCnnTrainOptions> {
  return digitTrainSettings(tag, options, { batchSize: 16, maxBatchSize: 256, learningRate: 2e-3, from });
}

/** The session that trains `model` on the training digits: in the training worker, or on the page's thread. */
export function pixelCnnSessionPlan(runtime: Runtime, model: PixelCnn, thread: TrainingThread, options: { learningRate: number; batchSize: number; seed: number }) {
  return digitSessionPlan<PixelCnn>(runtime, thread, { family: 'pixelcnn', config: model.config, options }, async (tf, data) => {
    const { PixelCnnSession } = await import('../../training/pixelcnn-session.js');
    return new PixelCnnSession(tf, model, data.pixels, data.count, options);
  });
}
