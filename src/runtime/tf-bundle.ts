/**
 * Everything TensorFlow.js, in one module that is only ever imported dynamically (src/runtime/runtime.ts), so the
 * bundle puts it in its own chunk and a page pays for it only when an element starts.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmConvGradients } from './wasm-kernels.js';

registerWasmConvGradients(tf);

export { tf, setWasmPaths, getThreadsCount, setThreadsCount };
