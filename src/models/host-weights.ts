/**
 * CPU-side copies of a model's weights, where the page already holds them as bytes (the weights file it loaded, the
 * arrays a training worker sent back). Handing weights to a training worker then copies these instead of reading
 * them back from the GPU: on WebGL a read-back waits on the GPU (the very GPU a starting worker keeps busy) and
 * holds the page's thread. A copy is keyed by the tensor's data (its dataId): a weight that trains or is replaced
 * gets new data, so a stale copy is never used; one that is shared (a clone's `setWeights(getWeights())`) keeps it.
 * A loaded file is decoded only when a weight of it is first asked for (no work at load time).
 */
import type * as TF from '@tensorflow/tfjs';

/** contents of a tensor's data, as the page holds them */
const copies = new WeakMap<object, Float32Array>();
/** the loaded file and weight name a tensor's data came from (decoded on first use) */
const loaded = new WeakMap<object, { artifacts: TF.io.ModelArtifacts; name: string }>();
/** each loaded file's weights, decoded once */
const decodedFiles = new WeakMap<TF.io.ModelArtifacts, Map<string, Float32Array>>();

/** Records `values` as the contents of `tensor` (not copied: the caller does not change them afterwards). */
export function keepHostCopy(tensor: TF.Tensor, values: Float32Array): void {
  if (values.length === tensor.size) copies.set(tensor.dataId, values);
}

/** After `network` was loaded from `artifacts`: remembers where each of its weights came from. */
export function keepLoadedWeights(network: TF.LayersModel, artifacts: TF.io.ModelArtifacts): void {
  if (!artifacts.weightData || !artifacts.weightSpecs) return;
  for (const weight of network.weights) loaded.set(weight.read().dataId, { artifacts, name: weight.originalName });
}

/** The CPU-side contents of `tensor`, if the page holds them (else undefined: read the tensor). */
export function hostCopy(tf: typeof TF, tensor: TF.Tensor): Float32Array | undefined {
  const kept = copies.get(tensor.dataId);
  if (kept) return kept;
  const from = loaded.get(tensor.dataId);
  if (!from) return undefined;
  const values = decodeFile(tf, from.artifacts).get(from.name);
  return values?.length === tensor.size ? values : undefined;
}

/** Decodes a weights file on the CPU (a tensor made from values keeps them there until its first use). */
function decodeFile(tf: typeof TF, artifacts: TF.io.ModelArtifacts): Map<string, Float32Array> {
  let out = decodedFiles.get(artifacts);
  if (out) return out;
  out = new Map();
  const decoded = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  for (const [name, t] of Object.entries(decoded)) if (t.dtype === 'float32') out.set(name, t.dataSync() as Float32Array);
  tf.dispose(Object.values(decoded));
  decodedFiles.set(artifacts, out);
  return out;
}
