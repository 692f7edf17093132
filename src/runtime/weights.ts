/**
 * Fetches tfjs LayersModel files (model.json + weight shards) with progress, and turns every way they can be
 * wrong into a message a page author can act on.
 */
import type * as TF from '@tensorflow/tfjs';
import { msg, str } from '@lit/localize';
import { explain } from './reader-text.js';

/**
 * Weights that cannot be used, and why. Made with a msg() thunk, the message is its English (these are made outside
 * any render) and a reader sees it in their own language (reader-text.ts).
 */
export class WeightsError extends Error {
  constructor(message: string | (() => string), readonly url: string, cause?: unknown) {
    super(typeof message === 'function' ? message() : message, { cause });
    this.name = 'WeightsError';
    if (typeof message === 'function') explain(this, message);
  }
}

type Manifest = { paths: string[]; weights: { name: string; shape: number[]; dtype: string; quantization?: { dtype: string } }[] }[];

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, float16: 2, uint16: 2, uint8: 1 };

/** Reads model.json and its shards into ModelArtifacts, reporting progress in [0, 1] by bytes. */
export async function fetchModelArtifacts(
  url: string,
  { onProgress, signal }: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<TF.io.ModelArtifacts> {
  const response = await get(url, () => msg(str`weights at ${url}`), signal);
  const text = await response.text();
  let json: { modelTopology?: unknown; weightsManifest?: Manifest; format?: string; [k: string]: unknown };
  try {
    json = JSON.parse(text);
  } catch (e) {
    const start = JSON.stringify(text.slice(0, 24));
    throw new WeightsError(() => msg(str`weights at ${url} are not JSON (the file starts with ${start}): point src at a model.json`), url, e);
  }
  if (!json || typeof json !== 'object' || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new WeightsError(() => msg(str`${url} is JSON but not a TensorFlow.js LayersModel (no modelTopology and weightsManifest)`), url);
  }
  const groups = json.weightsManifest;
  const expected = groups.map((g) => g.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * (BYTES[w.quantization?.dtype ?? w.dtype] ?? 4), 0));
  const total = expected.reduce((a, b) => a + b, 0) || 1;
  let loaded = 0;
  onProgress?.(0);
  const buffers: Uint8Array[] = [];
  for (const [g, group] of groups.entries()) {
    const parts: Uint8Array[] = [];
    for (const path of group.paths) {
      const shardUrl = new URL(path, new URL(url, globalThis.document?.baseURI ?? globalThis.location?.href)).href;
      const shard = await get(shardUrl, () => msg(str`weight shard "${path}" listed in ${url}`), signal);
      const reader = shard.body?.getReader();
      if (!reader) {
        parts.push(new Uint8Array(await shard.arrayBuffer()));
      } else {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parts.push(value);
          loaded += value.byteLength;
          onProgress?.(Math.min(1, loaded / total));
        }
      }
    }
    const bytes = concat(parts);
    if (bytes.byteLength !== expected[g]) {
      const [has, needs] = [bytes.byteLength, expected[g]];
      throw new WeightsError(() => msg(str`weight shards of ${url} hold ${has} bytes where the manifest needs ${needs}: the files do not belong together`), url);
    }
    buffers.push(bytes);
  }
  onProgress?.(1);
  return {
    modelTopology: json.modelTopology as TF.io.ModelArtifacts['modelTopology'],
    weightSpecs: groups.flatMap((g) => g.weights) as TF.io.WeightsManifestEntry[],
    weightData: concat(buffers).buffer as ArrayBuffer,
    format: json.format,
    userDefinedMetadata: json.userDefinedMetadata as TF.io.ModelArtifacts['userDefinedMetadata'],
  };
}

async function get(url: string, what: () => string, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new WeightsError(() => msg(str`${what()} could not be fetched (network error, offline, or blocked by CORS)`), url, e);
  }
  const { status, statusText } = response;
  if (!response.ok) throw new WeightsError(() => (statusText ? msg(str`${what()} returned ${status} (${statusText})`) : msg(str`${what()} returned ${status}`)), url);
  return response;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

/** Turns saved ModelArtifacts into the two files `src` can load back: `<name>.json` and `<name>.weights.bin`. */
export function artifactsToFiles(artifacts: TF.io.ModelArtifacts, name: string): File[] {
  const weightsName = `${name}.weights.bin`;
  const modelJson = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: 'generative-elements',
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [`./${weightsName}`], weights: artifacts.weightSpecs ?? [] }],
    userDefinedMetadata: artifacts.userDefinedMetadata,
  };
  const data = artifacts.weightData;
  const parts = (Array.isArray(data) ? data : data ? [data] : []) as ArrayBuffer[];
  return [
    new File([JSON.stringify(modelJson)], `${name}.json`, { type: 'application/json' }),
    new File(parts, weightsName, { type: 'application/octet-stream' }),
  ];
}

/** Asks the browser to download each file. */
export function downloadFiles(files: File[]): void {
  for (const file of files) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(file);
    a.download = file.name;
    a.style.display = 'none';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }
}

/** Quality figures from the meta.json next to a model.json, if there is one (never fails). */
export async function fetchMeta(modelUrl: string): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetch(new URL('meta.json', modelUrl));
    if (!response.ok) return undefined;
    const meta = await response.json();
    return meta && typeof meta === 'object' ? meta : undefined;
  } catch {
    return undefined;
  }
}
