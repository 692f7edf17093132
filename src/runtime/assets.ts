/**
 * Where the package's own files are, found from this module's URL so that the package works from any static
 * host or CDN with no configuration. In the sources this file sits two folders below the package root; the
 * bundle (dist/*.js) sits one below, and rollup.config.mjs rewrites PACKAGE_ROOT and WASM_DIR for it.
 * The folder is not an asset for an author's bundler to import: the bundle's minifier folds PACKAGE_ROOT into a
 * literal, and Vite would inline `new URL('../', import.meta.url)` as a data: URL; the @vite-ignore comment (kept
 * by the minifier, rollup.config.mjs) stops it. An author's bundle relocates these files: configure({ weights,
 * wasm }) says where they are (README, "With a bundler").
 */
const PACKAGE_ROOT = '../../';
const WASM_DIR = 'node_modules/@tensorflow/tfjs-backend-wasm/dist/';

let weightsBase: string | undefined;
let wasmBase: string | undefined;

/** The folder holding the shipped weights and dataset (ends with '/'). */
export function weightsRoot(): string {
  return weightsBase ?? new URL('weights/', new URL(/* @vite-ignore */ PACKAGE_ROOT, import.meta.url)).href;
}

/** The folder holding tfjs-backend-wasm's .wasm binaries (ends with '/'). */
export function wasmRoot(): string {
  return wasmBase ?? new URL(WASM_DIR, new URL(/* @vite-ignore */ PACKAGE_ROOT, import.meta.url)).href;
}

/** The URL of a shipped file, e.g. shippedUrl('vae-mnist/model.json'). */
export function shippedUrl(path: string): string {
  return new URL(path, weightsRoot()).href;
}

export function setAssetRoots(roots: { weights?: string; wasm?: string }): void {
  const folder = (u: string) => new URL(u.endsWith('/') ? u : `${u}/`, document.baseURI).href;
  if (roots.weights !== undefined) weightsBase = folder(roots.weights);
  if (roots.wasm !== undefined) wasmBase = folder(roots.wasm);
}
