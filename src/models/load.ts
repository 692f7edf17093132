/** Loading a LayersModel from a URL or an IOHandler, with errors that say what is wrong. */
import * as tf from '@tensorflow/tfjs';
import { fetchModelArtifacts, WeightsError } from '../runtime/weights.js';

export type ModelSource = string | tf.io.IOHandler;

export interface LoadOptions {
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export function describeSource(source: ModelSource): string {
  return typeof source === 'string' ? source : 'the given IOHandler';
}

export async function loadNetwork(source: ModelSource, { onProgress, signal }: LoadOptions = {}): Promise<tf.LayersModel> {
  const where = describeSource(source);
  const handler = typeof source === 'string' ? tf.io.fromMemory(await fetchModelArtifacts(source, { onProgress, signal })) : source;
  try {
    return await tf.loadLayersModel(handler);
  } catch (e) {
    throw new WeightsError(`weights at ${where} do not fit their own model.json (${e instanceof Error ? e.message : e})`, where, e);
  }
}

/** Shape of a symbolic tensor as text, e.g. "[null,784]". */
export function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : d)).join(',')}]`;
}
