/**
 * CPU-side copies of a model's weights, where the page already holds them as bytes (the weights file it loaded, the
 * arrays a training worker sent back). Handing weights to a training worker then copies these instead of reading
 * them back from the GPU: on WebGL a read-back waits on the GPU (the very GPU a starting worker keeps busy) and
 * holds the page's thread. A copy is keyed by the tensor's data (its dataId): a weight that trains or is replaced
 * gets new data, so a stale copy is never used; one that is shared (a clone's `setWeights(getWeights())`) keeps it.
 * A loaded file's weight is decoded only when it is first asked for (no work at load time, one weight per ask).
 */
import type * as TF from '@tensorflow/tfjs';

/** contents of a tensor's data, as the page holds them */
const copies = new WeakMap<object, Float32Array>();
/** the loaded file and weight a tensor's data came from (decoded when first asked for) */
const loaded = new WeakMap<object, { artifacts: TF.io.ModelArtifacts; name: string }>();

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
  const values = from && decodeWeight(tf, from.artifacts, from.name);
  if (values?.length !== tensor.size) return undefined;
  copies.set(tensor.dataId, values);
  return values;
}

/** a file whose weights came in several buffers, as one */
const joined = new WeakMap<TF.io.ModelArtifacts, ArrayBuffer>();

/** bytes per value of a weight as stored (after tfjs's quantisation, if any) */
const STORED_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/**
 * One weight of a loaded file, decoded on the CPU: only its own bytes, straight into a Float32Array (no tensor, no
 * copy through the backend), so handing a model over costs one weight's work per task, a few milliseconds even for
 * the largest.
 */
function decodeWeight(tf: typeof TF, artifacts: TF.io.ModelArtifacts, name: string): Float32Array | undefined {
  const data = artifacts.weightData!;
  let buffer = Array.isArray(data) ? joined.get(artifacts) : (data as ArrayBuffer);
  if (!buffer) joined.set(artifacts, (buffer = tf.io.CompositeArrayBuffer.join(data)));
  let offset = 0;
  for (const spec of artifacts.weightSpecs!) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = size * STORED_BYTES[spec.quantization?.dtype ?? spec.dtype];
    if (!Number.isFinite(bytes)) return undefined; // a storage type this does not know: read the tensor instead
    if (spec.name === name) return spec.dtype === 'float32' ? decodeStored(buffer, offset, size, spec.quantization) : undefined;
    offset += bytes;
  }
  return undefined;
}

/**
 * `size` float32 values stored at `offset`: as float32, as float16, or quantised to uint8/uint16 with a scale and a
 * minimum (tfjs's weight quantisation); undefined for another storage.
 */
export function decodeStored(buffer: ArrayBuffer, offset: number, size: number, q?: TF.io.WeightsManifestEntry['quantization']): Float32Array | undefined {
  const view = <T>(Array: { new (b: ArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number }): T =>
    offset % Array.BYTES_PER_ELEMENT === 0 ? new Array(buffer, offset, size) : new Array(buffer.slice(offset, offset + size * Array.BYTES_PER_ELEMENT), 0, size);
  if (!q) return new Float32Array(view(Float32Array));
  const out = new Float32Array(size);
  if (q.dtype === 'float16') {
    const table = float16Table(), halves = view(Uint16Array);
    for (let i = 0; i < size; i++) out[i] = table[halves[i]];
    return out;
  }
  if ((q.dtype === 'uint8' || q.dtype === 'uint16') && q.scale !== undefined && q.min !== undefined) {
    const ints = q.dtype === 'uint8' ? view(Uint8Array) : view(Uint16Array);
    for (let i = 0; i < size; i++) out[i] = ints[i] * q.scale + q.min;
    return out;
  }
  return undefined;
}

let halves: Float32Array | undefined;

/** the float32 value of each of the 65,536 float16 bit patterns (built once, by bits: sign, exponent, mantissa) */
function float16Table(): Float32Array {
  if (halves) return halves;
  const table = new Float32Array(65536);
  const bits = new Uint32Array(table.buffer);
  for (let h = 0; h < 65536; h++) {
    const sign = (h & 0x8000) << 16, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
    if (exponent === 0) table[h] = (sign ? -1 : 1) * mantissa * 2 ** -24; // zero and subnormals
    else if (exponent === 31) bits[h] = sign | 0x7f800000 | (mantissa << 13); // infinities and NaNs
    else bits[h] = sign | ((exponent + 112) << 23) | (mantissa << 13); // rebias 15 -> 127
  }
  return (halves = table);
}
