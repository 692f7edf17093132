/** Messages between <gan-trainer> (src/training/gan-worker-client.ts) and its worker (src/training/gan-worker.ts). */
import type { BackendName } from '../runtime/backend.js';
import type { DcganConfig, DcganTrainerOptions } from '../models/dcgan.js';
import type { GanFigures } from './gan-session.js';

export interface InitRequest {
  type: 'init';
  /** the page's backend: the worker starts the same one (or the next that works there) */
  backend: BackendName;
  /** folder of tfjs-backend-wasm's .wasm files */
  wasmRoot: string;
  config: DcganConfig;
  /** the model's weights in network.getWeights() order (BN moving statistics included) */
  weights: Float32Array[];
  /**
   * the training images: decoded by the worker from the shipped MNIST (its folder's URL) or a sprite, so that the
   * page's thread neither decodes them nor copies 28 MB into a message; images the page already holds (dropped
   * files) come as pixels, intensities in [0, 1], count × 784, transferred
   */
  images: TrainingImages;
  options: DcganTrainerOptions;
  batchSize: number;
  /** decay of the EMA of G that the samples come from (0: samples from G itself) */
  emaDecay: number;
  /** seeds the fixed z of the sample grid (the element's seed) */
  sampleSeed: number;
  /** the digit classifier for the class shares (MNIST only) */
  classifierUrl?: string;
}

/** how the worker's message starts when the training images (not the worker) failed: no use retrying on the page */
export const DATA_ERROR = 'training data could not load: ';

export type TrainingImages =
  | { mnist: string }
  | { sprite: string; tile: number }
  | { pixels: Float32Array; count: number };

export type Request =
  | InitRequest
  | { type: 'step'; read: boolean }
  | { type: 'retune'; options: DcganTrainerOptions }
  /** the current weights, and with `samples` the fixed-z grid and the class shares of a fresh batch */
  | { type: 'snapshot'; samples: boolean }
  /** tf.memory() in the worker */
  | { type: 'memory' };

export interface InitResult { backend: BackendName; count: number }
export interface MemoryResult { numTensors: number; numBytes: number }
export type StepResult = GanFigures | undefined;
export interface SnapshotResult {
  weights: Float32Array[];
  grid?: { pixels: Float32Array; width: number; height: number };
  shares?: number[];
}

export type Envelope<T> = { id: number } & T;
export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string };
