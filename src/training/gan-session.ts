/**
 * One training run of <gan-trainer>, DOM-free so that it runs in the training worker (src/training/worker.ts) or,
 * as a fallback, on the main thread. GanSession: the dataset as a tensor and the DCGAN trainer, whose Adam state
 * survives pause and play. SampleView: the fixed z of the sample grid and the rolling class shares of recent
 * samples. Each owns every tensor it makes.
 */
import type * as TF from '@tensorflow/tfjs';
import type { Dcgan, DcganTrainer, DcganTrainerOptions } from '../models/dcgan.js';
import type { DigitClassifier } from '../models/classifier.js';
import { mulberry32 } from '../latent/random.js';
import { tileImages } from '../data/tile-images.js';
import { readAllAndDispose, readAndDispose } from '../runtime/read.js';
import { drawBatch, type TrainingSession } from './session.js';
import type { ClassShares } from './protocol.js';

/** one round's figures: both players' losses, and D's mean probability on real and on generated images */
export type GanFigures = { dLoss: number; gLoss: number; dReal: number; dFake: number };

export const SAMPLE_COLUMNS = 8;
const SAMPLES = 64;
const SHARE_WINDOW = 4; // refreshes of 64 samples each
/**
 * Samples the class shares must hold before a class near 0 % is called mode collapse: in a full window (256), a
 * healthy class (10 %) falls under 3 % about once in 10⁵ looks; in one refresh (64), one look in nine flags some class.
 */
export const SHARE_SAMPLES = SHARE_WINDOW * SAMPLES;

/**
 * An exponential moving average of G's weights (Karras et al. 2018; Yazici et al. 2019): the generator the samples
 * are drawn from when a run uses one. It smooths out the oscillation of the game; batch norm's moving statistics are
 * the live G's. Owns its copy of the model.
 */
export class GeneratorAverage {
  readonly gan: Dcgan;

  constructor(private readonly tf: typeof TF, live: Dcgan, readonly decay: number) {
    this.gan = live.clone();
  }

  /** average ← decay · average + (1 − decay) · live, for every trainable weight of G; BN statistics copied */
  update(live: Dcgan): void {
    const d = this.decay;
    this.tf.tidy(() => {
      const mine = this.gan.generator.weights;
      live.generator.weights.forEach((w, i) => {
        const target = mine[i];
        target.write(w.trainable ? target.read().mul(d).add(w.read().mul(1 - d)) : w.read().clone());
      });
    });
  }

  dispose(): void {
    this.gan.dispose();
  }
}

export class GanSession implements TrainingSession<Dcgan, DcganTrainerOptions> {
  readonly data: TF.Tensor4D;
  trainer: DcganTrainer;
  private readonly rng: () => number;
  /** the EMA of G that samples are drawn from, when the run uses one (emaDecay > 0) */
  readonly average?: GeneratorAverage;

  constructor(private readonly tf: typeof TF, readonly model: Dcgan, pixels: Float32Array, readonly count: number,
    options: DcganTrainerOptions, private readonly batchSize: number, emaDecay = 0) {
    // images in [0, 1] → [−1, 1], the range of the generator's tanh
    this.data = tf.tidy(() => tf.tensor4d(pixels, [count, 28, 28, 1]).mul(2).sub(1));
    this.trainer = model.createTrainer(options);
    this.rng = mulberry32(options.seed + 1);
    if (emaDecay > 0) this.average = new GeneratorAverage(tf, model, emaDecay);
  }

  /** The generator to draw samples from: the EMA of G when the run uses one, else G itself. */
  get sampler(): Dcgan {
    return this.average?.gan ?? this.model;
  }

  /** Replaces the trainer (new learning rates, k or loss); Adam's moments start afresh. */
  retune(options: DcganTrainerOptions): void {
    this.trainer.dispose();
    this.trainer = this.model.createTrainer(options);
  }

  /** One round of the game. With `read`, awaits and returns the figures (the only readback of the step). */
  async step(read: boolean): Promise<GanFigures | undefined> {
    const tf = this.tf;
    const result = this.trainer.step(() => drawBatch(tf, this.data, this.rng, this.batchSize));
    this.average?.update(this.model);
    const figures = [result.dLoss, result.gLoss, result.dReal, result.dFake];
    if (!read) {
      tf.dispose(figures);
      return undefined;
    }
    const [[dLoss], [gLoss], [dReal], [dFake]] = await readAllAndDispose(figures);
    return { dLoss, gLoss, dReal, dFake };
  }

  dispose(): void {
    this.trainer.dispose();
    this.data.dispose();
    this.average?.dispose();
  }
}

export class SampleView {
  readonly fixedZ: TF.Tensor2D;
  private recentClasses: Int32Array[] = [];

  constructor(private readonly tf: typeof TF, readonly zDim: number, seed: number) {
    this.fixedZ = tf.randomNormal([SAMPLES, zDim], 0, 1, 'float32', seed + 99) as TF.Tensor2D;
  }

  /** The fixed-z samples as one tiled image (intensities, 8 columns). */
  async sampleGrid(gan: Dcgan): Promise<{ pixels: Float32Array; width: number; height: number }> {
    const image = this.tf.tidy(() => tileImages(this.tf, gan.samples(this.fixedZ), SAMPLE_COLUMNS));
    const [height, width] = image.shape;
    const pixels = await readAndDispose(image);
    return { pixels, width, height };
  }

  /** Classifies a fresh batch of samples and returns the share of each digit class over the recent window. */
  async classShares(gan: Dcgan, classifier: DigitClassifier): Promise<ClassShares> {
    const tf = this.tf;
    const labels = tf.tidy(() => {
      const z = tf.randomNormal([SAMPLES, gan.config.zDim]) as TF.Tensor2D;
      return classifier.classify(gan.samples(z)).argMax(1);
    });
    this.recentClasses.push(await readAndDispose<'int32'>(labels));
    if (this.recentClasses.length > SHARE_WINDOW) this.recentClasses.shift();
    const counts = new Array(10).fill(0);
    let n = 0;
    for (const batch of this.recentClasses) for (const c of batch) { counts[c]++; n++; }
    return { shares: counts.map((c) => c / n), samples: n };
  }

  /** Forgets the class shares (a new model). */
  clearShares(): void {
    this.recentClasses = [];
  }

  dispose(): void {
    this.fixedZ.dispose();
  }
}
