/** Loading a LayersModel from a URL or an IOHandler, with errors that say what is wrong. */
import * as tf from '@tensorflow/tfjs';
import { msg, str } from '@lit/localize';
import { fetchModelArtifacts, WeightsError } from '../runtime/weights.js';
import { keepLoadedWeights } from './host-weights.js';

export type ModelSource = string | tf.io.IOHandler;

export interface LoadOptions {
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export function describeSource(source: ModelSource): string {
  return typeof source === 'string' ? source : 'the given IOHandler';
}

/**
 * tfjs builds the network, then sets the file's weights; when that fails (a weight missing or misshapen) it drops
 * the half-built network and the decoded weights without disposing them. While one of our loads is in flight, a
 * failing loadWeights disposes both before the error goes on, so a bad file leaks nothing.
 */
let loadsInFlight = 0;
const loadWeights = tf.LayersModel.prototype.loadWeights;
tf.LayersModel.prototype.loadWeights = function (this: tf.LayersModel, weights: tf.NamedTensorMap, strict?: boolean) {
  try {
    return loadWeights.call(this, weights, strict);
  } catch (e) {
    if (loadsInFlight > 0) {
      this.dispose();
      tf.dispose(Object.values(weights));
    }
    throw e;
  }
};

export async function loadNetwork(source: ModelSource, { onProgress, signal }: LoadOptions = {}): Promise<tf.LayersModel> {
  const where = describeSource(source);
  // Browser storage (a checkpoint in IndexedDB) goes through tfjs's own handlers; URLs through our fetcher.
  const stored = typeof source === 'string' && /^(indexeddb|localstorage):\/\//.test(source) ? tf.io.getLoadHandlers(source)[0] : undefined;
  const artifacts = typeof source === 'string' && !stored ? await fetchModelArtifacts(source, { onProgress, signal }) : undefined;
  const handler = typeof source !== 'string' ? source : stored ?? tf.io.fromMemory(artifacts!);
  loadsInFlight++;
  try {
    const network = await tf.loadLayersModel(handler);
    if (artifacts) keepLoadedWeights(network, artifacts); // (for a training worker: see host-weights.ts)
    return network;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // tfjs names a missing weight but not a misshapen one: find it in the file's list by the shape it has
    const specs = artifacts?.weightSpecs ?? (await Promise.resolve(handler.load?.()).catch(() => undefined))?.weightSpecs;
    const misshapen = misshapenWeight(message, specs);
    throw new WeightsError(() => (misshapen
      ? msg(str`weights at ${where} do not fit their own model.json (${message}: the file's ${misshapen.names.join(msg(' or '))} has shape ${misshapen.has} where the model needs ${misshapen.needs})`)
      : msg(str`weights at ${where} do not fit their own model.json (${message})`)), where, e);
  } finally {
    loadsInFlight--;
  }
}

/**
 * Loads a network and wraps it as one of our models: `wrap` checks that the network is that model (throwing a
 * WeightsError that says what it holds instead) and builds the wrapper; if it throws, the network is disposed.
 */
export async function loadChecked<T>(source: ModelSource, options: LoadOptions | undefined, wrap: (network: tf.LayersModel, where: string) => T): Promise<T> {
  const network = await loadNetwork(source, options);
  try {
    return wrap(network, describeSource(source));
  } catch (e) {
    network.dispose();
    throw e;
  }
}

/** ": the file's <name> has shape [...] where the model needs [...]" for tfjs's "Shape mismatch: [model] vs. [file]". */
function misshapenWeight(message: string, specs: tf.io.WeightsManifestEntry[] | undefined): { names: string[]; has: string; needs: string } | undefined {
  const m = /Shape mismatch: \[([\d,]*)\] vs\. \[([\d,]*)\]/.exec(message);
  const names = m && specs ? specs.filter((s) => s.shape.join() === m[2]).map((s) => s.name) : [];
  return names.length ? { names, has: `[${m![2]}]`, needs: `[${m![1]}]` } : undefined;
}

/** Shape of a symbolic tensor as text, e.g. "[null,784]". */
export function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : d)).join(',')}]`;
}

/**
 * Layer arguments for a network that is about to receive weights: with `source` (a clone of that network), kernels
 * that share the source's data (tfjs copies a tensor's data only when one of them is written: nothing is allocated
 * or copied, where zeros would cost the page's thread tens of milliseconds on wasm for a model of a few MB); with
 * `true` (a page's copy of a worker's model), zero kernels instead of random draws, which on the CPU-side backends
 * cost more than building the layers. The weights are set right after either way: a kernel matched wrongly costs
 * only speed.
 */
export function blankKernels(blank: boolean | tf.LayersModel): { kernelInitializer?: 'zeros' | Initializer } {
  if (blank instanceof tf.LayersModel) return { kernelInitializer: new KernelsOf(blank) };
  return blank ? { kernelInitializer: 'zeros' } : {};
}

/** the class of tfjs's zeros initializer (what a saved model.json names: a copy's layers save as zero-initialised) */
type Initializer = ReturnType<typeof tf.initializers.zeros>;
const Zeros = tf.initializers.zeros().constructor as new () => Initializer;

/** Hands each new kernel the next of the source's kernels of its shape (shared data), else zeros. */
class KernelsOf extends Zeros {
  private readonly byShape = new Map<string, tf.Tensor[]>();

  constructor(source: tf.LayersModel) {
    super();
    for (const w of source.getWeights()) {
      if (w.rank < 2) continue;
      const list = this.byShape.get(w.shape.join()) ?? [];
      list.push(w);
      this.byShape.set(w.shape.join(), list);
    }
  }

  override apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    const next = this.byShape.get(shape.join())?.shift();
    return next && !next.isDisposed && (dtype === undefined || dtype === next.dtype) ? next.clone() : super.apply(shape, dtype);
  }
}

/**
 * Re-draws every kernel from Glorot-uniform with a fixed seed and zeroes the biases (tfjs layers take no global
 * seed; a layer with an afterReinitialise() method sets its own biases after). Works for dense ([in, out]) and conv ([kh, kw, in, out]) kernels; batch normalisation starts afresh
 * (γ = 1, β = 0, moving mean 0, moving variance 1).
 */
export function reinitialise(network: tf.LayersModel, seed: number): void {
  network.layers.forEach((layer, i) => {
    const weights = layer.getWeights();
    if (weights.length === 0) return;
    if (layer.getClassName() === 'BatchNormalization') {
      const names = layer.weights.map((w) => w.originalName);
      const fresh = weights.map((w, j) => (/gamma|moving_variance/.test(names[j]) ? tf.onesLike(w) : tf.zerosLike(w)));
      layer.setWeights(fresh);
      tf.dispose(fresh);
      return;
    }
    // kernels (rank ≥ 2) drawn, biases zeroed; a layer with more weights (a Row LSTM: two kernels and a bias) draws
    // its later kernels from seeds of their own
    const fresh = weights.map((w, j) => {
      if (w.rank < 2) return tf.zerosLike(w);
      const shape = w.shape;
      const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
      const limit = Math.sqrt(6 / ((shape[shape.length - 2] + shape[shape.length - 1]) * receptive));
      return tf.randomUniform(shape, -limit, limit, 'float32', seed * 1000 + i + 100_000 * j);
    });
    layer.setWeights(fresh);
    tf.dispose(fresh);
    (layer as { afterReinitialise?: () => void }).afterReinitialise?.();
  });
}

/** A model held in one LayersModel: saving and disposal, shared by every model here. */
export abstract class NetworkOwner {
  private disposed = false;

  constructor(readonly network: tf.LayersModel) {}

  save(handler: string | tf.io.IOHandler): Promise<tf.io.SaveResult> {
    return this.network.save(handler);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.network.dispose();
  }
}
