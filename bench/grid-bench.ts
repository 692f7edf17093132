/**
 * Bench entry for bench/grid.html (bundled by bench/run.mjs with esbuild into bench/.build/grid-bench.js, one tfjs
 * instance): the VAE latent grid rendered two ways, on the same model and backend.
 *
 *   (a) batched — what <vae-latent-grid>.redraw() does: one decode of all n² cells, reshape/transpose into one
 *       n·28 × n·28 image, one `await data()`, one putImageData.
 *   (b) naive   — what per-cell demos do: for each cell, decode that one z (batch of 1), `await data()`, and
 *       putImageData that 28×28 tile at its place.
 *
 * run.mjs drives it through `window.geBench` (page.evaluate), so the Node side decides repetitions and budget.
 */
import { configure, startRuntime, type Runtime } from '../src/runtime/runtime.js';
import type { BackendName } from '../src/runtime/backend.js';
import { Vae } from '../src/models/vae.js';
import { latentGrid } from '../src/latent/grid.js';
import { paintIntensities, TILE } from '../src/elements/vae-latent-grid/grid-painter.js';
import { rgb } from '../src/elements/parts/css-color.js';
import { digitEvidence } from '../src/models/vae-evidence.js';
import { chunkFor } from '../src/elements/vae-latent-grid/pad-digit.js';
import { binarise, loadMnist } from '../src/data/mnist.js';

const INK = '#111111';
const PAPER = '#ffffff';
const SPACING = 'quantile' as const;
const EXTENT = 2;

let rt: Runtime | undefined;
let vae: Vae | undefined;
const canvases: Record<'batched' | 'naive', HTMLCanvasElement> = {
  batched: document.createElement('canvas'),
  naive: document.createElement('canvas'),
};
document.body.append(canvases.batched, canvases.naive);

function grid(cells: number): Float32Array {
  return latentGrid({ cells, spacing: SPACING, extent: EXTENT, latentDim: vae!.config.latentDim, dims: [0, 1] });
}

/** Starts the runtime on `backend` (forced) and loads the shipped VAE. Returns what the runtime chose. */
async function init(backend: BackendName): Promise<{ backend: string; reasons: string[]; software: boolean; loadMs: number }> {
  const t0 = performance.now();
  configure({ backend, weights: '/weights/', wasm: '/node_modules/@tensorflow/tfjs-backend-wasm/dist/' });
  rt = await startRuntime(backend);
  vae = await Vae.load('/weights/vae-mnist/model.json');
  return { backend: rt.backend.name, reasons: rt.backend.reasons, software: rt.backend.software, loadMs: performance.now() - t0 };
}

/** (a) One batched decode + one readback + one draw; the code path of VaeLatentGrid.redraw(). Returns ms. */
async function batched(cells: number): Promise<number> {
  const tf = rt!.tf;
  const model = vae!;
  const t0 = performance.now();
  const latentDim = model.config.latentDim;
  const z = grid(cells);
  const image = tf.tidy(() =>
    model.decode(tf.tensor2d(z, [cells * cells, latentDim])).reshape([cells, cells, TILE, TILE]).transpose([0, 2, 1, 3]).reshape([cells * TILE, cells * TILE]),
  );
  const pixels = (await image.data()) as Float32Array;
  image.dispose();
  paintIntensities(canvases.batched, pixels, cells * TILE, INK, PAPER);
  return performance.now() - t0;
}

/**
 * (b) Per cell: decode a batch of 1, read it back, draw that tile. `limit` (rows) times only the first rows of the
 * grid, for an extrapolated figure on very slow backends; by default every cell. Returns ms and cells drawn.
 */
async function naive(cells: number, rows = cells): Promise<{ ms: number; cellsDone: number }> {
  const tf = rt!.tf;
  const model = vae!;
  const t0 = performance.now();
  const latentDim = model.config.latentDim;
  const z = grid(cells);
  const canvas = canvases.naive;
  const side = cells * TILE;
  if (canvas.width !== side || canvas.height !== side) {
    canvas.width = side;
    canvas.height = side;
  }
  const ctx = canvas.getContext('2d')!;
  const tile = ctx.createImageData(TILE, TILE);
  const [ir, ig, ib] = rgb(INK);
  const [pr, pg, pb] = rgb(PAPER);
  const out = tile.data;
  let done = 0;
  for (let r = 0; r < Math.min(rows, cells); r++) {
    for (let c = 0; c < cells; c++) {
      const k = (r * cells + c) * latentDim;
      const t = tf.tidy(() => model.decode(tf.tensor2d(z.subarray(k, k + latentDim), [1, latentDim])));
      const px = (await t.data()) as Float32Array;
      t.dispose();
      for (let i = 0; i < TILE * TILE; i++) {
        const v = Math.min(1, Math.max(0, px[i]));
        out[4 * i] = pr + (ir - pr) * v;
        out[4 * i + 1] = pg + (ig - pg) * v;
        out[4 * i + 2] = pb + (ib - pb) * v;
        out[4 * i + 3] = 255;
      }
      ctx.putImageData(tile, c * TILE, r * TILE);
      done++;
    }
  }
  return { ms: performance.now() - t0, cellsDone: done };
}

/** Largest per-channel difference between the two canvases (over the rows both drew): both ways must agree. */
function compare(cells: number, rows = cells): { maxDiff: number; inkShare: number } {
  const w = cells * TILE;
  const h = Math.min(rows, cells) * TILE;
  const a = canvases.batched.getContext('2d')!.getImageData(0, 0, w, h).data;
  const b = canvases.naive.getContext('2d')!.getImageData(0, 0, w, h).data;
  let maxDiff = 0;
  let dark = 0;
  for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
  for (let i = 0; i < a.length; i += 4) if (a[i] < 128) dark++;
  return { maxDiff, inkShare: dark / (a.length / 4) };
}

async function memory(): Promise<{ numTensors: number; numBytes: number }> {
  const m = rt!.tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes };
}

/**
 * log p(x) by quadrature with the ELBO, and the posterior map, for held-out test digit `index`: what
 * <vae-latent-grid> computes for the digit on its pad (src/models/vae-evidence.ts, the element's chunk size per
 * backend, no yielding between chunks). Returns ms and the figures.
 */
async function evidence(index: number): Promise<{ ms: number; logPx: number; elbo: number; chunk: number }> {
  const tf = rt!.tf;
  const test = await loadMnist('test');
  const pixels = binarise(test.pixels.subarray(784 * index, 784 * (index + 1)));
  const chunk = chunkFor(rt!.backend.name);
  const t0 = performance.now();
  const { evidence: e } = await digitEvidence(tf, vae!, pixels, { chunk });
  return { ms: performance.now() - t0, logPx: e.logPx[0], elbo: e.elbo[0], chunk };
}

(window as unknown as { geBench: unknown }).geBench = { init, batched, naive, compare, memory, evidence };
document.body.dataset.ready = 'true';
