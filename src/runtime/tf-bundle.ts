/**
 * Everything TensorFlow.js, in one module that is only ever imported dynamically (src/runtime/tf.ts), so the
 * bundle puts it in its own chunk and a page pays for it only when an element starts.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export { tf, setWasmPaths };
