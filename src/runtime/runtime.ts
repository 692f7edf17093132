/**
 * The one TensorFlow.js runtime a page shares: tfjs is imported lazily, the first time an element needs it, and
 * one backend is chosen for every element on the page.
 */
import type * as TF from '@tensorflow/tfjs';
import { chooseBackend, type BackendChoice, type BackendName, type BackendPreference, BACKENDS } from './backend.js';
import { setAssetRoots, wasmRoot } from './assets.js';
import { forgetShared } from './shared.js';
import { signalBackendLost } from './loss.js';

export interface Runtime {
  tf: typeof TF;
  backend: BackendChoice;
}

export interface RuntimeOptions {
  /** force a backend for the whole page ('auto' = webgpu → webgl → wasm → cpu, skipping software GPUs) */
  backend?: BackendPreference;
  /** folder of the weights and dataset (default: the package's own weights/, found from the script's URL) */
  weights?: string;
  /** folder of tfjs-backend-wasm's .wasm files (default: next to the bundle) */
  wasm?: string;
}

let configured: BackendPreference | undefined;
let started: Promise<Runtime> | undefined;
/** configure()'s backend was read by the first start (a later one cannot move live models) */
let settingsRead = false;
let warned = false;
/** backends whose device was lost, with why: never chosen again on this page */
const lost = new Map<BackendName, string>();
/** called when the page's backend dies; elements then start again on the next backend */
export type BackendLossListener = (backend: BackendName, reason: string) => void;
const lossListeners = new Set<BackendLossListener>();

/** Page-wide settings; call before the first element starts (a later backend choice cannot move live models). */
export function configure(options: RuntimeOptions): void {
  if (options.backend !== undefined) {
    if (!isBackendPreference(options.backend)) {
      console.warn(`generative-elements: configure({ backend: ${JSON.stringify(options.backend)} }) is not one of auto, ${BACKENDS.join(', ')}; ignored`);
    } else if (settingsRead) {
      console.warn('generative-elements: configure({ backend }) came after the runtime started; the page keeps its backend');
    } else {
      configured = options.backend;
    }
  }
  setAssetRoots({ weights: options.weights, wasm: options.wasm });
}

export function isBackendPreference(v: unknown): v is BackendPreference {
  return v === 'auto' || (BACKENDS as readonly unknown[]).includes(v);
}

/**
 * Loads tfjs and picks the page's backend, once. `preference` is an element's `backend` attribute; configure()
 * wins over it, and the first element to start decides for the page.
 */
export function startRuntime(preference: BackendPreference = 'auto'): Promise<Runtime> {
  if (!started) {
    // the settings are read a microtask later: an element that starts as its tag is defined (loading="eager") does
    // not run ahead of a configure() in the same script, e.g. right after `import { configure } from 'generative-elements'`
    const attempt = Promise.resolve().then(() => {
      settingsRead = true;
      return loadTf(configured ?? preference, wasmRoot(), lost);
    }).then((rt) => {
      watchForLoss(rt);
      return rt;
    });
    started = attempt;
    attempt.catch(() => {
      if (started === attempt) [started, settingsRead] = [undefined, false]; // let a later element try again
    });
    return attempt;
  }
  if (preference !== 'auto' && !warned) {
    void started.then((rt) => {
      if (rt.backend.name !== preference && !warned) {
        warned = true;
        console.warn(`generative-elements: backend="${preference}" ignored: this page already runs on ${rt.backend.name} (one backend per page)`);
      }
    }, () => undefined);
  }
  return started;
}

/**
 * Loads tfjs, points the wasm backend at its binaries and starts a backend: the page's runtime (startRuntime), and
 * the same in the training worker, which has no document to configure it from.
 */
export async function loadTf(preference: BackendPreference, wasm: string, exclude?: ReadonlyMap<BackendName, string>): Promise<Runtime> {
  const { tf, setWasmPaths, getThreadsCount, setThreadsCount } = await import('./tf-bundle.js');
  setWasmPaths(wasm);
  // one wasm thread per core (tfjs's own default is half of them, which is one thread on a 2-core laptop)
  if (globalThis.crossOriginIsolated) setThreadsCount(Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1)));
  tf.enableProdMode();
  const backend = await chooseBackend(tf, preference, exclude);
  // tfjs-backend-wasm runs its threaded build (one thread per core) where the page is cross-origin isolated
  if (backend.name === 'wasm') backend.threads = getThreadsCount();
  return { tf, backend };
}

/**
 * Subscribes to the loss of the page's GPU backend (a WebGPU device lost to a driver reset, a WebGL context lost
 * to too many contexts or a GPU crash). Returns the unsubscribe function.
 */
export function onBackendLost(listener: BackendLossListener): () => void {
  lossListeners.add(listener);
  return () => lossListeners.delete(listener);
}

/**
 * Whether `rt`'s backend is lost, or turns out lost within `ms`: a GPU op that fails as its device goes away (a
 * read-back rejected, a context gone) is part of the loss, which the elements recover from, not an error to show.
 */
export async function backendLostSoon(rt: Runtime, ms = 500): Promise<boolean> {
  const name = rt.backend.name;
  if (lost.has(name)) return true;
  const { device, gl } = gpuOf(rt);
  if (gl) return gl.isContextLost();
  if (!device) return false;
  return Promise.race([
    device.lost.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(lost.has(name)), ms)),
  ]);
}

/** Watches the backend's GPU device; when it is lost, the page moves on to the next backend. */
function watchForLoss(rt: Runtime): void {
  const { device, gl } = gpuOf(rt);
  if (device) void device.lost.then((info) => backendLost(rt, `device lost${info.message ? ` (${info.message})` : ''}`));
  else gl?.canvas.addEventListener('webglcontextlost', () => backendLost(rt, 'context lost'), { once: true });
}

/**
 * What the suite uses of a WebGPU device (structural, so that the published type declarations need no WebGPU
 * typings in an author's project).
 */
export interface GpuDeviceLike {
  readonly lost: Promise<{ readonly message: string }>;
  destroy(): void;
}

/** The GPU device (webgpu) or context (webgl) under a runtime's backend; neither for wasm and cpu. */
export function gpuOf(rt: Runtime): { device?: GpuDeviceLike; gl?: WebGL2RenderingContext } {
  const backend = rt.tf.findBackend(rt.backend.name) as unknown as { device?: GpuDeviceLike; gpgpu?: { gl?: WebGL2RenderingContext } } | null;
  if (rt.backend.name === 'webgpu') return { device: backend?.device };
  if (rt.backend.name === 'webgl') return { gl: backend?.gpgpu?.gl };
  return {};
}

/**
 * The backend died: every tensor on it is gone. Forget the shared models (their memory went with the device), let
 * the next startRuntime() choose among the remaining backends, and tell the elements, which start again on it.
 */
function backendLost(rt: Runtime, reason: string): void {
  const name = rt.backend.name;
  if (lost.has(name) || !started) return;
  lost.set(name, reason);
  console.warn(`generative-elements: ${name} ${reason}; the page moves to another backend and reloads its models`);
  started = undefined;
  forgetShared();
  signalBackendLost(`${name} ${reason}`);
  for (const listener of [...lossListeners]) listener(name, reason);
}

/** The backends this page lost, with why (a training worker does not start them either). */
export function lostBackends(): [BackendName, string][] {
  return [...lost];
}

/** The runtime if it has started, without starting it. */
export function runtimeIfStarted(): Promise<Runtime> | undefined {
  return started;
}

/** tfjs's memory counters for the page (tensors, bytes), or undefined before any element started. */
export async function memory(): Promise<{ numTensors: number; numBytes: number; backend: string } | undefined> {
  if (!started) return undefined;
  const { tf, backend } = await started;
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes, backend: backend.name };
}
