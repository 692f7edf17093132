// Dev-server plugin for the tests and the bench: tfjs and its backends reach the browser as one ES module,
// pre-bundled by esbuild (tfjs-core depends on CommonJS packages that a dev server cannot serve as they are).
// Every bare import of @tensorflow/tfjs, -backend-webgpu and -backend-wasm resolves to that one module, so the
// page has one tfjs engine, exactly as in the rollup bundle.
import { build } from 'esbuild';

const SHIM = `export * from '@tensorflow/tfjs';
export { setWasmPaths, getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';`;
const PATH = '/__tfjs.js';

export function tfPrebundle() {
  let code;
  return {
    name: 'tf-prebundle',
    async serverStart() {
      const result = await build({
        stdin: { contents: SHIM, resolveDir: process.cwd(), loader: 'js' },
        bundle: true, format: 'esm', write: false, target: 'es2022', platform: 'browser',
        external: ['fs', 'path', 'crypto', 'worker_threads', 'perf_hooks', 'os', 'util'],
        logLevel: 'error',
      });
      code = result.outputFiles[0].text;
    },
    resolveImport({ source }) {
      if (/^@tensorflow\/tfjs(-backend-(webgpu|wasm))?$/.test(source)) return PATH;
      return undefined;
    },
    serve(context) {
      if (context.path === PATH) return { body: code, type: 'js' };
      return undefined;
    },
  };
}
