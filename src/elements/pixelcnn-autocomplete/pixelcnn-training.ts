/** How <pixelcnn-autocomplete> trains its PixelCNN or PixelRNN: train()'s options (see base/digit-training.ts) and the run's session. */
import type { PixelArchitecture, PixelModel } from '../../models/pixel-models.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { TrainingController, TrainingThread } from '../base/training-controller.js';
import type { TrainingLoop } from '../base/generative-element.js';
import type { LossChart } from '../parts/loss-chart.js';
import { msg } from '@lit/localize';
import type { Text } from '../base/localize.js';
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

/** What a training run needs of <pixelcnn-autocomplete> (not the element itself). */
export interface TrainRunHost {
  runtime: Runtime;
  trainer: TrainingController<PixelModel>;
  seed: number;
  architecture: PixelArchitecture;
  thread: TrainingThread;
  /** the model shown now */
  shown: () => PixelModel | undefined;
  setModel: (model: PixelModel) => void;
  chart: () => LossChart | null;
  runTraining: (loop: TrainingLoop) => Promise<void>;
  /** scores the input with the model shown */
  score: () => void;
  /** the words of a Text in the element's locale (the chart's series label is made outside a render) */
  words: (text: Text) => string;
}

/**
 * One Train: a small model of the element's architecture from scratch (or a copy of the one shown), shown from the
 * start, trained through a session (in the worker unless the thread is main), its NLL charted every 10 steps.
 */
export async function trainRun(host: TrainRunHost, { steps, batchSize, learningRate, from }: Required<PixelCnnTrainOptions>): Promise<void> {
  const shown = host.shown();
  const model = from === 'loaded' && shown ? shown.clone() : await smallModel(host.architecture, host.seed);
  host.setModel(model);
  const plan = pixelCnnSessionPlan(host.runtime, model, host.thread, { learningRate, batchSize, seed: host.seed });
  const session = await host.trainer.begin(host.runtime.tf, model, plan);
  if (!session) return;
  const chart = host.chart();
  if (chart) chart.axis = 'step';
  chart?.reset([{ label: host.words(() => msg('training NLL, nats per digit')), color: '#1a73e8' }]);
  await host.runTraining({
    steps,
    offThread: host.trainer.trainingIn === 'worker',
    step: async (i) => {
      const losses = await host.trainer.step(i % 10 === 0 || i === steps - 1);
      if (losses) chart?.push(i + 1, [losses.nll]);
      return losses;
    },
    end: async () => {
      // the page's copy takes the worker's last weights before it scores the input
      await host.trainer.worker(model)?.sync().catch(() => undefined);
      host.trainer.end();
      if (host.shown() === model) host.score();
    },
  });
}
