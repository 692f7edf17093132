/**
 * One backend for the page: webgpu → webgl → wasm → cpu, the first that initialises on real hardware.
 * A software GPU (SwiftShader) is 10–100× slower than wasm for our models (DESIGN.md), so it is skipped unless
 * nothing else works or it is forced.
 */
import type * as TF from '@tensorflow/tfjs';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = BackendName | 'auto';
export const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendChoice {
  name: BackendName;
  /** why each better backend was passed over, e.g. "webgpu: software adapter (SwiftShader)" */
  reasons: string[];
  /** the GPU is a software rasteriser (only when name is webgpu or webgl) */
  software: boolean;
  /**
   * wasm only: the threads its kernels run on — one per core when the page is cross-origin isolated (served with
   * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`), else 1
   */
  threads?: number;
}

/** A short reason the GPU is software-rendered, or null if it looks like real hardware. */
export async function softwareGpu(name: 'webgpu' | 'webgl'): Promise<string | null> {
  if (name === 'webgpu') {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) return 'not available in this browser';
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'no adapter';
    const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
    const text = info ? `${info.vendor} ${info.architecture} ${info.device} ${info.description}` : '';
    if (/swiftshader/i.test(text) || (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter) return 'software adapter (SwiftShader)';
    return null;
  }
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2');
  if (!gl) return 'WebGL2 not available';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  if (/swiftshader|llvmpipe|software/i.test(renderer)) return `software renderer (${/swiftshader/i.test(renderer) ? 'SwiftShader' : renderer})`;
  return null;
}

/**
 * Initialises the first usable backend in order of preference, never one of `exclude` (backends whose device was
 * lost earlier, with the reason to report for each).
 */
export async function chooseBackend(tf: typeof TF, preference: BackendPreference, exclude: ReadonlyMap<BackendName, string> = new Map()): Promise<BackendChoice> {
  const reasons = [...exclude].map(([name, why]) => `${name}: ${why}`);
  if (preference !== 'auto' && exclude.has(preference)) preference = 'auto';
  const order = (preference === 'auto' ? [...BACKENDS] : [preference, ...BACKENDS.filter((b) => b !== preference)]).filter((b) => !exclude.has(b));
  const softwareSkipped: BackendName[] = [];
  for (const name of order) {
    const forced = name === preference;
    if ((name === 'webgpu' || name === 'webgl') && !forced) {
      const software = await softwareGpu(name).catch((e: unknown) => `failed (${message(e)})`);
      if (software) {
        reasons.push(`${name}: ${software}`);
        if (/software/.test(software)) softwareSkipped.push(name);
        continue;
      }
    }
    if (await tryBackend(tf, name, reasons)) {
      // A forced GPU backend may still be software-rendered: say so in the status line.
      const software = forced && (name === 'webgpu' || name === 'webgl') && Boolean(await softwareGpu(name).catch(() => null));
      return { name, reasons, software };
    }
  }
  // Nothing else worked: a software GPU is still better than nothing.
  for (const name of softwareSkipped) {
    if (await tryBackend(tf, name, reasons)) return { name, reasons, software: true };
  }
  throw new Error(`no TensorFlow.js backend could start (${reasons.join('; ')})`);
}

async function tryBackend(tf: typeof TF, name: BackendName, reasons: string[]): Promise<boolean> {
  try {
    if (!tf.findBackendFactory(name)) {
      reasons.push(`${name}: not bundled`);
      return false;
    }
    if (await tf.setBackend(name)) {
      await tf.ready();
      // A smoke test: some drivers initialise and then fail on the first kernel.
      const probe = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1));
      const values = await probe.data();
      probe.dispose();
      if (values[1] === 3) return true;
      reasons.push(`${name}: wrong result from a test kernel`);
    } else {
      reasons.push(`${name}: failed to initialise`);
    }
  } catch (e) {
    reasons.push(`${name}: ${message(e)}`);
  }
  return false;
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
