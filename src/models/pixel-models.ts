/**
 * The lecture's two fully visible belief networks behind one door: load either from its model.json (the file says
 * which it is), and sample either. The naive sampler (the whole network on the whole image for every pixel) works
 * for both; the fast one is each model's own — cached rows for the PixelCNN (pixelcnn-sampler.ts), the LSTM's row
 * state for the PixelRNN (pixelrnn-sampler.ts).
 */
import { CachedSampler, NaiveSampler, type SamplerKind } from './pixelcnn-sampler.js';
import { RowStateSampler } from './pixelrnn-sampler.js';
import { PixelCnn } from './pixelcnn.js';
import { isPixelRnnNetwork, PixelRnn } from './pixelrnn.js';
import { loadChecked, type LoadOptions, type ModelSource } from './load.js';
import { msg, str } from '@lit/localize';
import { WeightsError } from '../runtime/weights.js';
import { message } from '../runtime/backend.js';
import type { PartialImage, RasterSampler, SamplerOptions } from './raster-sampler.js';

/** An autoregressive model of binarised digits: the lecture's two fully visible belief networks. */
export type PixelModel = PixelCnn | PixelRnn;

/** The two architectures, by the name the element's model attribute takes. */
export type PixelArchitecture = PixelModel['kind'];

/** Human names, for status lines and messages. */
export const ARCHITECTURE_NAMES: Record<PixelArchitecture, string> = { pixelcnn: 'PixelCNN', pixelrnn: 'PixelRNN (Row LSTM)' };

/**
 * Loads a PixelCNN or a PixelRNN, whichever the model.json holds (a PixelRNN has Row LSTM layers). Anything else is
 * a WeightsError that names what either would need.
 */
export async function loadPixelModel(source: ModelSource, options?: LoadOptions): Promise<PixelModel> {
  return loadChecked(source, options, (network, where): PixelModel => {
    if (isPixelRnnNetwork(network)) return PixelRnn.fromNetwork(network, where);
    try {
      return PixelCnn.fromNetwork(network, where);
    } catch (e) {
      if (!(e instanceof WeightsError)) throw e;
      const cnn = e;
      throw new WeightsError(() => msg(str`${message(cnn)}; or a PixelRNN, with layers masked_a, lstm_i (RowLstm), lstm_i_out, head_hidden, head_logits`), where, e);
    }
  });
}

export function createPixelSampler(kind: SamplerKind, model: PixelModel, partial: PartialImage, options?: SamplerOptions): RasterSampler {
  if (kind === 'naive') return new NaiveSampler(model, partial, options);
  return model.kind === 'pixelrnn' ? new RowStateSampler(model, partial, options) : new CachedSampler(model, partial, options);
}
