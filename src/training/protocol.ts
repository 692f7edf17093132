/**
 * Messages between the page (src/training/worker-client.ts) and the training worker (src/training/worker.ts). One
 * worker hosts a session of any family; the page sends the model's config and weights, where the training images
 * are, and the family's options, then drives the session one step at a time.
 */
import type { BackendName } from '../runtime/backend.js';
import type { DcganConfig, DcganTrainerOptions } from '../models/dcgan.js';
import type { VaeConfig } from '../models/vae.js';
import type { PixelCnnConfig } from '../models/pixelcnn.js';
import type { PixelRnnConfig } from '../models/pixelrnn.js';
import type { VaeSessionOptions } from './vae-session.js';
import type { PixelCnnSessionOptions } from './pixelcnn-session.js';
import type { Figures } from './session.js';

/** What each family's session needs besides the weights and the images. */
export type FamilyInit =
  | { family: 'vae'; config: VaeConfig; options: VaeSessionOptions }
  | { family: 'pixelcnn'; config: PixelCnnConfig; options: PixelCnnSessionOptions }
  | { family: 'pixelrnn'; config: PixelRnnConfig; options: PixelCnnSessionOptions }
  | {
    family: 'dcgan';
    config: DcganConfig;
    options: DcganTrainerOptions;
    batchSize: number;
    /** decay of the EMA of G that the samples come from (0: samples from G itself) */
    emaDecay: number;
    /** seeds the fixed z of the sample grid (the element's seed) */
    sampleSeed: number;
    /** the digit classifier for the class shares (MNIST only) */
    classifierUrl?: string;
  };

/** The options retune() takes, per family. */
export type RetuneOptions<F extends FamilyInit['family']> =
  F extends 'dcgan' ? DcganTrainerOptions : { learningRate: number };

export type InitRequest = FamilyInit & {
  type: 'init';
  /** the page's backend: the worker starts the same one (or the next that works there) */
  backend: BackendName;
  /** backends lost earlier in a worker of this page, with why: not started again */
  lost: [BackendName, string][];
  /** folder of tfjs-backend-wasm's .wasm files */
  wasmRoot: string;
  /** the model's weights in network.getWeights() order (BN moving statistics included) */
  weights: Float32Array[];
  /**
   * the training images: decoded by the worker from the shipped MNIST (its folder's URL) or a sprite, so that the
   * page's thread neither decodes them nor copies 28 MB into a message; images the page already holds (dropped
   * files) come as pixels, intensities in [0, 1], count × 784, transferred
   */
  images: TrainingImages;
};

/** how the worker's message starts when the training images (not the worker) failed: no use retrying on the page */
export const DATA_ERROR = 'training data could not load: ';
/** how the worker's message starts when its GPU backend was lost: the next run starts on another backend */
export const LOST_ERROR = 'the training worker lost its GPU: ';

export type TrainingImages =
  | { mnist: string }
  | { sprite: string; tile: number }
  | { pixels: Float32Array; count: number };

export type Request =
  | InitRequest
  | { type: 'step'; read: boolean }
  | { type: 'retune'; options: unknown }
  /** the current weights; for the DCGAN with `samples`, also the fixed-z grid and the class shares of a fresh batch */
  | { type: 'snapshot'; samples: boolean }
  /** the VAE's decoder on `z` (count × latentDim), tiled `columns` wide: the page draws the latent grid from it */
  | { type: 'decode'; z: Float32Array; columns: number }
  /** tf.memory() in the worker */
  | { type: 'memory' }
  /**
   * for tests of the recovery: the worker's GPU goes away as in a driver reset (WebGPU: the device is destroyed;
   * WebGL: the context is lost). Resolves false on a backend without a GPU.
   */
  | { type: 'lose-backend' };

export interface InitResult { backend: BackendName; count: number }
export interface MemoryResult { numTensors: number; numBytes: number }
export type StepResult = Figures | undefined;
export interface SampleGrid { pixels: Float32Array; width: number; height: number }
/** the share of each digit class among the recent samples, and how many samples that is */
export interface ClassShares { shares: number[]; samples: number }
export interface SnapshotResult {
  weights: Float32Array[];
  grid?: SampleGrid;
  shares?: ClassShares;
}

export type Envelope<T> = { id: number } & T;
export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string };
