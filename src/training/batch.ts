/**
 * The batch a training round uses where the author has not chosen one: large enough to learn from, small enough that
 * a round (k D steps and one G step of the DCGAN) takes about a second on the backend, so that the charts and the
 * samples change while the reader watches. Figures from bench/results.md ("Training steps", depth-3 DCGAN):
 *   a real GPU (webgpu, webgl)       64
 *   wasm, threaded (isolated page)   64 on 4 or more threads, else 32
 *   wasm, one thread                 32
 *   a software GPU (SwiftShader), the pure-JS cpu backend: 8 (a round at 64 takes tens of seconds there)
 */
import type { BackendChoice } from '../runtime/backend.js';

export function defaultBatchSize(backend: Pick<BackendChoice, 'name' | 'software' | 'threads'> | undefined): number {
  if (!backend) return 32;
  switch (backend.name) {
    case 'webgpu':
    case 'webgl':
      return backend.software ? 8 : 64;
    case 'wasm':
      return (backend.threads ?? 1) >= 4 ? 64 : 32;
    default:
      return 8;
  }
}
