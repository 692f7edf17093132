export { configure, startRuntime, runtimeIfStarted, isBackendPreference, memory, onBackendLost, type BackendLossListener, type Runtime, type RuntimeOptions } from './runtime.js';
export { BACKENDS, type BackendName, type BackendPreference, type BackendChoice } from './backend.js';
export { fetchModelArtifacts, WeightsError } from './weights.js';
export { acquire, forgetShared, sharedCount, type Lease } from './shared.js';
export { FrameLoop, type FrameLoopOptions } from './loop.js';
export { shippedUrl, weightsRoot, wasmRoot } from './assets.js';
export { readAndDispose, readAllAndDispose } from './read.js';
