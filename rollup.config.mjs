// `npm run build` → dist/generative-elements.js (registers every element), one entry per element and the training
// worker, in one build; tfjs and the models are split into chunks (shared by the entries) that load only when an
// element starts. The .wasm binaries of tfjs-backend-wasm
// are copied next to the bundle, and src/runtime/assets.ts is rewritten so that the bundle finds them and the
// shipped weights relative to its own URL (dist/ is one folder below the package root, src/runtime/ two).
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { patchWasmThreads, threadScripts } from './tools/wasm-threads.mjs';

const require = createRequire(import.meta.url);

// dist/ is rebuilt from nothing: chunk names carry hashes, so an earlier build's chunks would otherwise stay beside
// the new ones (and be counted by `npm run size`, shipped by `npm pack`)
if (!process.env.ROLLUP_WATCH) rmSync(new URL('./dist/', import.meta.url), { recursive: true, force: true });
const wasmDir = require.resolve('@tensorflow/tfjs-backend-wasm/package.json').replace(/package\.json$/, 'dist/');
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/**
 * Points src/runtime/assets.ts at the bundle's layout, points the elements at the training worker's
 * bundle (dist/training-worker.js, built from src/training/worker.ts) and emits the wasm binaries.
 */
function bundleAssets(emitWasm) {
  return {
    name: 'bundle-assets',
    transform(code, id) {
      const file = id.replace(/\\/g, '/');
      const threads = patchWasmThreads(file, code); // see tools/wasm-threads.mjs
      if (threads !== undefined) return { code: threads, map: null };
      if (file.endsWith('src/training/worker-client.ts')) {
        const out = code.replace("new URL('./worker.ts', import.meta.url)", "new URL('./training-worker.js', import.meta.url)");
        if (out === code) this.error('worker-client.ts no longer matches the worker rewrite in rollup.config.mjs');
        return { code: out, map: null };
      }
      if (!file.endsWith('src/runtime/assets.ts')) return null;
      const out = code
        .replace("const PACKAGE_ROOT = '../../';", "const PACKAGE_ROOT = '../';")
        .replace("const WASM_DIR = 'node_modules/@tensorflow/tfjs-backend-wasm/dist/';", "const WASM_DIR = 'dist/';");
      if (out === code) this.error('assets.ts no longer matches the bundle rewrite in rollup.config.mjs');
      return { code: out, map: null };
    },
    generateBundle() {
      if (!emitWasm) return;
      for (const fileName of WASM_FILES) this.emitFile({ type: 'asset', fileName, source: readFileSync(wasmDir + fileName) });
      for (const [fileName, source] of Object.entries(threadScripts())) this.emitFile({ type: 'asset', fileName, source });
    },
  };
}

/**
 * One build of every entry: the page's bundle, one per element, and the training worker (a module worker). Modules
 * that several entries use (tfjs, lit, the models) sit in shared chunks, so a page with several entries downloads
 * each once. Source maps only with GE_SOURCEMAPS=1 (tfjs's alone are ~100 MB): `npm run build:debug`.
 */
const ENTRIES = {
  'generative-elements': 'src/index.ts',
  'vae-latent-grid': 'src/elements/vae-latent-grid/vae-latent-grid.ts',
  'gan-trainer': 'src/elements/gan-trainer/gan-trainer.ts',
  'gan-interpolator': 'src/elements/gan-interpolator/gan-interpolator.ts',
  'pixelcnn-autocomplete': 'src/elements/pixelcnn-autocomplete/pixelcnn-autocomplete.ts',
  // the module worker every element trains in (VAE, DCGAN, PixelCNN): training off the main thread
  'training-worker': 'src/training/worker.ts',
};
const sourcemap = Boolean(process.env.GE_SOURCEMAPS);

export default {
  input: ENTRIES,
  preserveEntrySignatures: 'allow-extension', // an entry may export internals for its lazy chunks: no facade file
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks-[name]-[hash].js', // flat: every file sits in dist/, as assets.ts assumes
    sourcemap,
  },
  plugins: [
    bundleAssets(true),
    resolve({ browser: true, preferBuiltins: false }),
    commonjs({ ignore: ['crypto', 'fs', 'path', 'worker_threads', 'perf_hooks', 'os', 'util'] }),
    typescript({ tsconfig: './tsconfig.json', declaration: false, declarationDir: undefined, sourceMap: sourcemap, include: ['src/**/*.ts'] }),
    ...(process.env.GE_NO_MINIFY ? [] : [terser({ format: { comments: /@vite-ignore/ } })]),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'CIRCULAR_DEPENDENCY' && /node_modules/.test(warning.message)) return;
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
