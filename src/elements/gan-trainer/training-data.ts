/** What a <gan-trainer> trains on (the MNIST digits, a sprite at a URL, or dropped images) and its run's session plan. */
import type { Dcgan, DcganTrainerOptions } from '../../models/dcgan.js';
import { loadMnist } from '../../data/mnist.js';
import { imagesFromSprite, type ImageSet } from '../../data/images.js';
import { shippedUrl, wasmRoot } from '../../runtime/assets.js';
import type { Runtime } from '../../runtime/runtime.js';
import { GanSession } from '../../training/gan-session.js';
import type { TrainingImages } from '../../training/protocol.js';
import { dataError } from '../../training/worker-client.js';
import type { SessionPlan, TrainingThread } from '../base/training-controller.js';
import { formatNumber, type Text } from '../base/localize.js';
import { msg, str } from '@lit/localize';

/** The training set as the element's attributes name it, unless images were dropped onto it. */
export interface TrainingSet {
  /** attribute `dataset`: 'mnist' or the URL of an image sprite */
  dataset: string;
  /** side of one image in a sprite, in pixels */
  tileSize: number;
  /** images dropped onto the element: they are the training set until `dataset` changes */
  dropped?: ImageSet;
}

/** Whether the run trains on the shipped MNIST digits (only then do the digit classes of samples mean anything). */
export function isMnist(set: TrainingSet): boolean {
  return !set.dropped && (set.dataset === 'mnist' || !set.dataset);
}

/** The status note naming the training set, with the number of images the run holds (words at render time). */
export function trainingSetNote(set: TrainingSet, count: number): Text {
  const dropped = set.dropped;
  if (dropped) return droppedNote(dropped.count);
  if (isMnist(set)) return () => msg(str`training set: MNIST, ${formatNumber(count)} digits`);
  return () => msg(str`training set: ${formatNumber(count)} images from ${set.dataset}`);
}

/** The note naming images dropped onto the element as the training set (words at render time). */
export function droppedNote(count: number): Text {
  return () => (count === 1 ? msg('training set: 1 dropped image') : msg(str`training set: ${formatNumber(count)} dropped images`));
}

/** The training set's part of a checkpoint key (two trainers on different data never share a checkpoint). */
export function checkpointData(set: TrainingSet): string {
  return isMnist(set) ? 'mnist' : set.dropped ? 'dropped' : `${set.dataset}@${set.tileSize}`;
}

/** What a run of the game is opened with, besides the model. */
export interface GanRun {
  /** the page's runtime: its tf trains on the page's thread, and the worker starts on its backend */
  runtime: Runtime;
  set: TrainingSet;
  /** the page's base URI, against which a sprite's URL resolves */
  baseUri: string;
  batchSize: number;
  thread: TrainingThread;
  /** decay of the EMA of G that samples are drawn from (0: G itself) */
  ema: number;
  /** the trainer's options and the element's seed, now (read when a session starts, e.g. a worker restarted after a lost GPU) */
  options: () => DcganTrainerOptions;
}

/** The plan of a run that trains `gan` (see TrainingController): in the training worker, or on the page's thread. */
export function ganSessionPlan(gan: Dcgan, run: GanRun): SessionPlan<Dcgan> {
  const { runtime: { tf, backend }, set, batchSize } = run;
  const dropped = set.dropped;
  const sprite = isMnist(set) ? undefined : dropped ? undefined : new URL(set.dataset, run.baseUri).href;
  return {
    key: `${set.dataset}|${set.tileSize}|${batchSize}|${dropped?.source ?? ''}|${run.thread}|${run.ema}`,
    // the worker fetches and decodes the images itself: the page's thread does neither, nor copies them
    worker: () => {
      const options = run.options();
      return {
        family: 'dcgan', config: gan.config, backend: backend.name, wasmRoot: wasmRoot(),
        images: (dropped ? { pixels: dropped.pixels.slice(), count: dropped.count }
          : sprite ? { sprite, tile: set.tileSize } : { mnist: shippedUrl('mnist/') }) satisfies TrainingImages,
        options, batchSize, sampleSeed: options.seed, emaDecay: run.ema,
        classifierUrl: isMnist(set) ? shippedUrl('classifier-mnist/model.json') : undefined,
      };
    },
    main: async () => {
      let images: { pixels: Float32Array; count: number };
      try {
        images = dropped ?? (sprite ? await imagesFromSprite(sprite, set.tileSize) : await loadMnist('train'));
      } catch (e) {
        throw dataError(e);
      }
      return new GanSession(tf, gan, images.pixels, images.count, run.options(), batchSize, run.ema);
    },
  };
}
