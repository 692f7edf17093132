// tfjs-backend-wasm's threaded build, which it runs where a page is cross-origin isolated, made to work under a
// strict Content-Security-Policy and with one thread per core. Used by rollup.config.mjs (the bundle) and by
// bench/run.mjs (the bench pages, bundled with esbuild).
//
// 1. Its threads start from two scripts that tfjs makes as blob: URLs: the pthread worker, and the main script that
//    worker imports. A policy with `script-src 'self'` refuses blob: scripts, and then the backend never starts.
//    Here they are files beside the .wasm binaries (threadScripts(): the very text tfjs would put in its blobs), and
//    tfjs asks for them by URL.
// 2. tfjs caps its thread pool at half of navigator.hardwareConcurrency (it assumes two hyper-threads per core),
//    which leaves a 2-core laptop with one thread, as without isolation. Emscripten's core count is doubled, so that
//    the cap is the number of logical cores; src/runtime/runtime.ts asks for one thread per core (at most 8, the
//    size of tfjs's worker pool).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const wasmOut = require.resolve('@tensorflow/tfjs-backend-wasm/package.json').replace(/package\.json$/, 'wasm-out/');

const CORES = 'function _emscripten_num_logical_cores(){if(ENVIRONMENT_IS_NODE)return require("os").cpus().length;return navigator["hardwareConcurrency"]}';
const CORES_DOUBLED = CORES.replace('return navigator["hardwareConcurrency"]', 'return 2*navigator["hardwareConcurrency"]');
const BLOBS = [
  [/const response = wasmWorkerContents\.replace\(\/\\n\/g, '\\\\n'\);\s*const blob = new Blob\(\[response\], \{ type: 'application\/javascript' \}\);\s*return URL\.createObjectURL\(blob\);/,
    "return (wasmPathPrefix != null ? wasmPathPrefix : prefix) + 'tfjs-backend-wasm-threaded-simd.worker.js';"],
  [/factoryConfig\.mainScriptUrlOrBlob = new Blob\(\[`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)\], \{ type: 'text\/javascript' \}\);/,
    "factoryConfig.mainScriptUrlOrBlob = (wasmPathPrefix != null ? wasmPathPrefix : '') + 'tfjs-backend-wasm-threaded-simd.main.js';"],
];

function doubleCores(code, where) {
  if (!code.includes(CORES)) throw new Error(`${where} no longer matches the core-count rewrite in tools/wasm-threads.mjs`);
  return code.replace(CORES, CORES_DOUBLED);
}

/** The rewritten source of a tfjs-backend-wasm module (`file`: its path with forward slashes), or undefined. */
export function patchWasmThreads(file, code) {
  if (file.endsWith('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js')) return doubleCores(code, file);
  if (!file.endsWith('@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js')) return undefined;
  let out = code;
  for (const [from, to] of BLOBS) {
    if (!from.test(out)) throw new Error(`${file} no longer matches the thread-script rewrite in tools/wasm-threads.mjs`);
    out = out.replace(from, to);
  }
  return out;
}

/** The two thread scripts, by file name, to ship beside tfjs-backend-wasm-threaded-simd.wasm. */
export function threadScripts() {
  const glue = require(`${wasmOut}tfjs-backend-wasm-threaded-simd.js`).toString();
  return {
    'tfjs-backend-wasm-threaded-simd.worker.js': require(`${wasmOut}tfjs-backend-wasm-threaded-simd.worker.js`).wasmWorkerContents.replace(/\n/g, '\\n'),
    'tfjs-backend-wasm-threaded-simd.main.js': doubleCores(`var WasmBackendModuleThreadedSimd = ${glue}`, 'the threaded glue'),
  };
}
