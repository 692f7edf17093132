/**
 * The one TensorFlow.js runtime a page shares: tfjs is imported lazily, the first time an element needs it, and
 * one backend is chosen for every element on the page.
 */
import type * as TF from '@tensorflow/tfjs';
import { chooseBackend, type BackendChoice, type BackendPreference, BACKENDS } from './backend.js';
import { setAssetRoots, wasmRoot } from './assets.js';

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
let warned = false;

/** Page-wide settings; call before the first element starts (a later backend choice cannot move live models). */
export function configure(options: RuntimeOptions): void {
  if (options.backend !== undefined) {
    if (!isBackendPreference(options.backend)) {
      console.warn(`generative-elements: configure({ backend: ${JSON.stringify(options.backend)} }) is not one of auto, ${BACKENDS.join(', ')}; ignored`);
    } else if (started) {
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
    const choice = configured ?? preference;
    const attempt = loadTf(choice, wasmRoot());
    started = attempt;
    attempt.catch(() => {
      if (started === attempt) started = undefined; // let a later element try again
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
 * the same in <gan-trainer>'s worker, which has no document to configure it from.
 */
export async function loadTf(preference: BackendPreference, wasm: string): Promise<Runtime> {
  const { tf, setWasmPaths } = await import('./tf-bundle.js');
  setWasmPaths(wasm);
  tf.enableProdMode();
  const backend = await chooseBackend(tf, preference);
  return { tf, backend };
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
