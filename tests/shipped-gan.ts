/** The shipped DCGAN and digit classifier, to judge samples in tests independently of the elements. */
import * as tf from '@tensorflow/tfjs';
import { Dcgan } from '../src/models/dcgan.js';
import { DigitClassifier } from '../src/models/classifier.js';
import { strokeThickness } from '../src/data/attributes.js';
import { shippedUrl } from '../src/runtime/assets.js';

export interface Look { digit: number; p: number; thickness: number }

export interface ShippedJudge {
  gan: Dcgan;
  classifier: DigitClassifier;
  /** class, its probability and the stroke thickness of G(z), measured here (not by an element) */
  look(z: Float32Array): Promise<Look>;
  dispose(): void;
}

export async function shippedJudge(): Promise<ShippedJudge> {
  const gan = await Dcgan.load(shippedUrl('dcgan-mnist/model.json'));
  const classifier = await DigitClassifier.load(shippedUrl('classifier-mnist/model.json'));
  return {
    gan,
    classifier,
    async look(z) {
      const [x, probs] = tf.tidy(() => {
        const images = gan.samples(tf.tensor2d(z, [1, z.length]));
        return [images, classifier.classify(images)];
      });
      const [pixels, p] = [await x.data(), await probs.data()];
      tf.dispose([x, probs]);
      const digit = p.indexOf(Math.max(...p));
      return { digit, p: p[digit], thickness: strokeThickness(pixels) };
    },
    dispose() {
      gan.dispose();
      classifier.dispose();
    },
  };
}

/** Mocha hooks for a suite that judges samples: this group's backend and the judge before all, cleanup after. */
export function useShippedJudge(useBackend: () => Promise<unknown>): (z: Float32Array) => Promise<Look> {
  let judge: ShippedJudge | undefined;
  before(async () => {
    await useBackend();
    judge = await shippedJudge();
  });
  after(() => {
    judge?.dispose();
    document.body.replaceChildren();
  });
  return (z) => judge!.look(z);
}
