/**
 * What the elements that train on the shipped digits (<vae-latent-grid>, <pixelcnn-autocomplete>) share: train()'s
 * options, checked, and the plan of the run's session — in the training worker, or on the page's thread.
 */
import type { NetworkOwner } from '../../models/load.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { FamilyInit } from '../../training/protocol.js';
import type { TrainingSession } from '../../training/session.js';
import type { DigitSet } from '../../data/mnist.js';
import { shippedUrl, wasmRoot } from '../../runtime/assets.js';
import { sanitizeNumber } from './attributes.js';
import { trainingDigits, type SessionPlan, type TrainingThread } from './training-controller.js';

export interface DigitTrainOptions {
  /** optimisation steps (default: until stop()) */
  steps?: number;
  /** digits per step */
  batchSize?: number;
  /** Adam learning rate */
  learningRate?: number;
  /** start from the loaded weights or from a fresh network */
  from?: 'loaded' | 'scratch';
}

/** The family's defaults: batch size (and its largest), learning rate, where a run starts from. */
export interface DigitTrainDefaults { batchSize: number; maxBatchSize: number; learningRate: number; from: 'loaded' | 'scratch' }

/** One run's options, checked: a value out of range warns (as `tag`) and falls back to the family's default. */
export function digitTrainSettings(tag: string, options: DigitTrainOptions, defaults: DigitTrainDefaults): Required<DigitTrainOptions> {
  return {
    steps: options.steps === undefined ? Infinity : sanitizeNumber(tag, 'train steps', options.steps, { min: 1, max: 1e9, fallback: 100, integer: true }),
    batchSize: sanitizeNumber(tag, 'train batchSize', options.batchSize ?? defaults.batchSize, { min: 1, max: defaults.maxBatchSize, fallback: defaults.batchSize, integer: true }),
    learningRate: sanitizeNumber(tag, 'train learningRate', options.learningRate ?? defaults.learningRate, { min: 1e-6, max: 1, fallback: defaults.learningRate }),
    from: options.from ?? defaults.from,
  };
}

/**
 * The session that trains a model on the shipped 9,000 training digits: the worker's run is `init` (family, config,
 * options); `main` makes the same run on the page's thread from the digits.
 */
export function digitSessionPlan<M extends NetworkOwner>(runtime: Runtime, thread: TrainingThread, init: Extract<FamilyInit, { family: 'vae' | 'pixelcnn' | 'pixelrnn' }>,
  main: (tf: Runtime['tf'], digits: DigitSet) => Promise<TrainingSession<M>>): SessionPlan<M> {
  const { batchSize, learningRate } = init.options;
  return {
    key: `${thread}|${batchSize}|${learningRate}|${'beta' in init.options ? init.options.beta : ''}`,
    worker: () => ({ ...init, backend: runtime.backend.name, wasmRoot: wasmRoot(), images: { mnist: shippedUrl('mnist/') } }),
    main: async () => main(runtime.tf, await trainingDigits()),
  };
}
