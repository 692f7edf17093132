/** How <pixelcnn-autocomplete> trains its PixelCNN or PixelRNN: train()'s options (see base/digit-training.ts) and the run's session. */
import type { PixelArchitecture, PixelModel } from '../../models/pixel-models.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { TrainingThread } from '../base/training-controller.js';
import { digitSessionPlan, digitTrainSettings, type DigitTrainOptions } from '../base/digit-training.js';

export interface PixelCnnTrainOptions extends DigitTrainOptions {
  /** digits per step (default 16) */
  batchSize?: number;
  /** Adam learning rate (default 2e-3) */
  learningRate?: number;
  /** 'scratch' (default): a fresh small model of the element's architecture (its model attribute); 'loaded': fine-tune a copy of the loaded one */
  from?: 'loaded' | 'scratch';
}

/** One run's options, checked; `from` defaults to the element's choice. */
export function trainSettings(tag: string, options: PixelCnnTrainOptions, from: 'loaded' | 'scratch'): Required<PixelCnnTrainOptions> {
  return digitTrainSettings(tag, options, { batchSize: 16, maxBatchSize: 256, learningRate: 2e-3, from });
}

/** The session that trains `model` on the training digits: in the training worker, or on the page's thread. */
export function pixelCnnSessionPlan(runtime: Runtime, model: PixelModel, thread: TrainingThread, options: { learningRate: number; batchSize: number; seed: number }) {
  const init = model.kind === 'pixelrnn' ? { family: 'pixelrnn' as const, config: model.config, options } : { family: 'pixelcnn' as const, config: model.config, options };
  return digitSessionPlan<PixelModel>(runtime, thread, init, async (tf, data) => {
    const { PixelCnnSession } = await import('../../training/pixelcnn-session.js');
    return new PixelCnnSession(tf, model, data.pixels, data.count, options);
  });
}

/** A fresh small model of `architecture` (the in-page sizes: about 2,400 parameters either way). */
export async function smallModel(architecture: PixelArchitecture, seed: number): Promise<PixelModel> {
  if (architecture === 'pixelrnn') {
    const { PixelRnn, PIXELRNN_SMALL } = await import('../../models/pixelrnn.js');
    return PixelRnn.create(PIXELRNN_SMALL, seed);
  }
  const { PixelCnn, PIXELCNN_SMALL } = await import('../../models/pixelcnn.js');
  return PixelCnn.create(PIXELCNN_SMALL, seed);
}
