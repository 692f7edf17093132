/**
 * One backend for the page: webgpu → webgl → wasm → cpu, the first that initialises on real hardware.
 * A software GPU (SwiftShader) is 10–100× slower than wasm for our models (DESIGN.md), so it is skipped unless
 * nothing else works or it is forced.
 */
import type * as TF from '@tensorflow/tfjs';
import { msg, str } from '@lit/localize';
import { explained, readerTextOf } from './reader-text.js';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = BackendName | 'auto';
export const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendChoice {
  name: BackendName;
  /** why each better backend was passed over, e.g. "webgpu: software adapter (SwiftShader)" (English) */
  reasons: string[];
  /** the same reasons in a reader's words: each a msg() thunk, called when shown (in the element's locale) */
  readerReasons: (() => string)[];
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
  const reason = await softwareGpuReason(name);
  return reason ? reason() : null;
}

/** softwareGpu(), as a thunk of the reader's words (English outside an element's render). */
async function softwareGpuReason(name: 'webgpu' | 'webgl'): Promise<(() => string) | null> {
  if (name === 'webgpu') {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) return () => msg('not available in this browser');
    const adapter = await gpu.requestAdapter();
    if (!adapter) return () => msg('no adapter');
    const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
    const text = info ? `${info.vendor} ${info.architecture} ${info.device} ${info.description}` : '';
    if (/swiftshader/i.test(text) || (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter) return () => msg('software adapter (SwiftShader)');
    return null;
  }
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2');
  if (!gl) return () => msg('WebGL2 not available');
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  if (/swiftshader|llvmpipe|software/i.test(renderer)) {
    const which = /swiftshader/i.test(renderer) ? 'SwiftShader' : renderer;
    return () => msg(str`software renderer (${which})`);
  }
  return null;
}

/**
 * A lost backend's reason (runtime.ts: "device lost (…)" or "context lost", the worker's with its backend's name
 * before it; it crosses between page and worker in English) in a reader's words.
 */
export function lossWords(why: string): string {
  const lost = /^(?:(webgpu|webgl) )?(device lost|context lost)(?: \((.*)\))?$/s.exec(why);
  if (!lost) return why;
  const [, name, what, detail] = lost;
  const words = what === 'context lost' ? msg('context lost') : detail ? msg(str`device lost (${detail})`) : msg('device lost');
  return name ? `${name} ${words}` : words;
}

/** The reasons better backends were passed over: English (reasons) and in the reader's words (readerReasons). */
class PassedOver {
  readonly reasons: string[] = [];
  readonly readerReasons: (() => string)[] = [];

  add(name: BackendName, why: () => string): void {
    const text = () => msg(str`${name}: ${why()}`);
    this.reasons.push(`${name}: ${why()}`);
    this.readerReasons.push(text);
  }
}

/**
 * Initialises the first usable backend in order of preference, never one of `exclude` (backends whose device was
 * lost earlier, with the reason to report for each).
 */
export async function chooseBackend(tf: typeof TF, preference: BackendPreference, exclude: ReadonlyMap<BackendName, string> = new Map()): Promise<BackendChoice> {
  const passed = new PassedOver();
  for (const [name, why] of exclude) passed.add(name, () => lossWords(why));
  const { reasons, readerReasons } = passed;
  if (preference !== 'auto' && exclude.has(preference)) preference = 'auto';
  const order = (preference === 'auto' ? [...BACKENDS] : [preference, ...BACKENDS.filter((b) => b !== preference)]).filter((b) => !exclude.has(b));
  const softwareSkipped: BackendName[] = [];
  for (const name of order) {
    const forced = name === preference;
    if ((name === 'webgpu' || name === 'webgl') && !forced) {
      const software = await softwareGpuReason(name).catch((e: unknown) => () => msg(str`failed (${message(e)})`));
      if (software) {
        passed.add(name, software);
        if (/software/.test(software())) softwareSkipped.push(name);
        continue;
      }
    }
    if (await tryBackend(tf, name, passed)) {
      // A forced GPU backend may still be software-rendered: say so in the status line.
      const software = forced && (name === 'webgpu' || name === 'webgl') && Boolean(await softwareGpuReason(name).catch(() => null));
      return { name, reasons, readerReasons, software };
    }
  }
  // Nothing else worked: a software GPU is still better than nothing.
  for (const name of softwareSkipped) {
    if (await tryBackend(tf, name, passed)) return { name, reasons, readerReasons, software: true };
  }
  const all = readerReasons;
  throw explained(() => msg(str`no TensorFlow.js backend could start (${all.map((r) => r()).join(msg('; '))})`));
}

async function tryBackend(tf: typeof TF, name: BackendName, passed: PassedOver): Promise<boolean> {
  try {
    if (!tf.findBackendFactory(name)) {
      passed.add(name, () => msg('not bundled'));
      return false;
    }
    if (await tf.setBackend(name)) {
      await tf.ready();
      // A smoke test: some drivers initialise and then fail on the first kernel.
      const probe = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1));
      const values = await probe.data();
      probe.dispose();
      if (values[1] === 3) return true;
      passed.add(name, () => msg('wrong result from a test kernel'));
    } else {
      passed.add(name, () => msg('failed to initialise'));
    }
  } catch (e) {
    passed.add(name, () => message(e));
  }
  return false;
}

export function message(e: unknown): string {
  const text = readerTextOf(e);
  if (text) return text();
  return e instanceof Error ? e.message : String(e);
}
