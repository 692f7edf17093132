/**
 * A small MNIST classifier CNN, DOM-free: conv 32 (3×3) → max-pool → conv 64 (3×3) → max-pool → dense 128
 * (the "features" used for Fréchet distances) → dense 10. Used by <gan-trainer> to judge which digits a generator
 * draws (its mode-collapse indicator) and offline to measure GAN quality. Images in [0, 1], [n, 28, 28, 1].
 */
import * as tf from '@tensorflow/tfjs';
import { msg, str } from '@lit/localize';
import { WeightsError } from '../runtime/weights.js';
import { loadChecked, NetworkOwner, shapeText, type LoadOptions, type ModelSource } from './load.js';

export function buildClassifierNetwork(): tf.LayersModel {
  const x = tf.input({ shape: [28, 28, 1], name: 'x' });
  let h = tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv_1' }).apply(x) as tf.SymbolicTensor;
  h = tf.layers.maxPooling2d({ poolSize: 2, name: 'pool_1' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv_2' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.maxPooling2d({ poolSize: 2, name: 'pool_2' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.flatten({ name: 'flatten' }).apply(h) as tf.SymbolicTensor;
  const features = tf.layers.dense({ units: 128, activation: 'relu', name: 'features' }).apply(h) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: 10, name: 'logits' }).apply(features) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: [logits, features], name: 'classifier' });
}

export class DigitClassifier extends NetworkOwner {
  private constructor(network: tf.LayersModel) {
    super(network);
  }

  static create(): DigitClassifier {
    return new DigitClassifier(buildClassifierNetwork());
  }

  static async load(source: ModelSource, options?: LoadOptions): Promise<DigitClassifier> {
    return loadChecked(source, options, (network, where) => {
      const ins = network.inputs.map((t) => shapeText(t.shape));
      const outs = network.outputs.map((t) => shapeText(t.shape));
      if (ins.join() !== '[null,28,28,1]' || outs[0] !== '[null,10]') {
        throw new WeightsError(() => msg(str`${where} holds a different model (inputs ${ins.join(', ')}; outputs ${outs.join(', ')}): a digit classifier here maps [null,28,28,1] to [null,10]`), where);
      }
      return new DigitClassifier(network);
    });
  }

  /** Class probabilities [n, 10]. */
  classify(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => tf.softmax((this.network.predict(x) as tf.Tensor[])[0] as tf.Tensor2D));
  }

  /** Penultimate features [n, 128]. */
  features(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => (this.network.predict(x) as tf.Tensor[])[1] as tf.Tensor2D);
  }
}
