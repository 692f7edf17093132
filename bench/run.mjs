// `npm run bench` (= npm run build && node bench/run.mjs): the performance tables of the elements, per backend.
// Five parts: the VAE (<vae-latent-grid>, below), the GANs (<gan-trainer>, <gan-interpolator>: bench/gan.mjs),
// the PixelCNN (<pixelcnn-autocomplete>: bench/pixelcnn.mjs), training steps beside PyTorch (bench/train.mjs) and
// training in the worker beside the main thread (bench/thread.mjs);
// each file's header says what it measures.
// (and log p(x) by quadrature: bench/evidence.mjs).
// BENCH_ONLY=vae|gan|pixelcnn|train|thread|evidence runs one part and keeps the other parts' sections of bench/results.md as they were.
//
// VAE part:
//  1. Rendering the VAE latent grid (10×10, 20×20, 30×30) two ways, in bench/grid.html (bench/grid-bench.ts,
//     bundled here with esbuild: one tfjs instance, the same Vae / latentGrid / paintIntensities as the element):
//       (a) batched: one decode of all cells + one readback + one draw — VaeLatentGrid.redraw()'s code path;
//       (b) naive:   per cell, decode a batch of 1 + read back + draw that tile — what per-cell demos do.
//     Plus `await el.redraw()` of the real element from dist/ at the same sizes (bench/element.html).
//  2. Page load (navigation start) → first painted grid of <vae-latent-grid loading="eager"> from dist/.
//  3. tf.memory() (tensors, bytes) before and after 100 redraws of that element: equal means no leak.
// One fresh browser context (so a fresh page and tfjs runtime) per backend and page; a backend that does not start
// is reported 'unavailable' with the reason. Warm-up: every variant runs once per size before it is timed
// (shaders compile per shape); figures are medians. Progress goes to stderr; the Markdown report to stdout and
// bench/results.md.
//
// Knobs (env): BENCH_ONLY=vae|gan|pixelcnn|train|thread  BENCH_BACKENDS=cpu,wasm,webgl,webgpu  BENCH_SIZES=10,20,30  BENCH_REDRAWS=100
//              BENCH_NAIVE_MAX_S=150 (longest single naive run we time in full; above it: first rows, extrapolated)
//              BENCH_OUT=bench/results.md   BENCH_KEEP_BUILD=1 (keep bench/.build/)
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { serve } from '../tools/serve.mjs';
import { chromiumArgs, chromiumPath } from '../tools/chromium.mjs';
import { ganBench, ganReport, GAN_HEADING } from './gan.mjs';
import { pixelCnnBench, pixelCnnReport, PIXELCNN_HEADING } from './pixelcnn.mjs';
import { trainBench, trainReport, TRAIN_HEADING } from './train.mjs';
import { threadBench, threadReport, THREAD_HEADING } from './thread.mjs';
import { evidenceBench, evidenceReport, EVIDENCE_HEADING } from './evidence.mjs';
import { patchWasmThreads } from '../tools/wasm-threads.mjs';
import { median, reps, ms } from './stats.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const BUILD_DIR = `${HERE}.build`;
const ONLY = process.env.BENCH_ONLY ?? '';
if (!['', 'vae', 'gan', 'pixelcnn', 'train', 'thread', 'evidence'].includes(ONLY)) throw new Error(`BENCH_ONLY=${ONLY}: use vae, gan, pixelcnn, train, thread or evidence`);
const runs = (part) => ONLY === '' || ONLY === part;
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'cpu,wasm,webgl,webgpu').split(',').map((s) => s.trim()).filter(Boolean);
const SIZES = (process.env.BENCH_SIZES ?? '10,20,30').split(',').map(Number);
const REDRAWS = Number(process.env.BENCH_REDRAWS ?? 100);
const NAIVE_MAX_MS = Number(process.env.BENCH_NAIVE_MAX_S ?? 150) * 1000;
const OUT = process.env.BENCH_OUT ?? `${HERE}results.md`;
// Time budgets (ms) that decide how many repetitions a measurement gets (at least the minimum, at most the maximum).
const BATCHED = { budget: 8_000, min: 3, max: 11 };
const NAIVE = { budget: 45_000, min: 1, max: 5 };
const ELEMENT = { budget: 8_000, min: 3, max: 11 };
const FIRST_GRID_TIMEOUT = 300_000;
const LOADS = Number(process.env.BENCH_LOADS ?? 3); // page loads per backend for the first-grid time (median)

const t0 = Date.now();
const TOTAL_MARK = '@@TOTAL_S@@'; // the header is written before the GAN part runs: main() puts the total in
const loadStart = os.loadavg()[0];

// ── other load on the machine: CPU time of every process minus this bench's own (node + Chromium) ─────────────
// Linux /proc only; on a 2-core machine a concurrent build or training run changes every figure, so the report says.
const CLK_TCK = 100;
function cpuSample() {
  try {
    const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const busy = f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] ?? 0); // user nice system irq softirq steal
    const stats = new Map();
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const rest = text.slice(text.lastIndexOf(')') + 2).split(' ').map(Number); // from field 3 (state) on
        stats.set(Number(pid), { ppid: rest[1], time: rest[11] + rest[12] + rest[13] + rest[14] }); // utime stime cutime cstime
      } catch { /* gone */ }
    }
    const mine = new Set([process.pid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [pid, st] of stats) if (!mine.has(pid) && mine.has(st.ppid)) { mine.add(pid); grew = true; }
    }
    let own = 0;
    for (const pid of mine) own += stats.get(pid)?.time ?? 0;
    return { at: Date.now(), busy, own };
  } catch {
    return undefined;
  }
}
const otherLoad = { samples: [], last: cpuSample() };
const sampler = setInterval(() => {
  const now = cpuSample();
  const last = otherLoad.last;
  if (now && last) otherLoad.samples.push({ at: now.at, cores: Math.max(0, (now.busy - last.busy - (now.own - last.own)) / CLK_TCK / ((now.at - last.at) / 1000)) });
  otherLoad.last = now;
}, 2000);
sampler.unref();
/**
 * One report line on the other processes' CPU use between two times (ms since the epoch). `loadAvg`: the 1-min load
 * average before the part started, when no earlier part of this bench ran (it would count the bench itself).
 */
function otherLoadLine(from, to, loadAvg, what) {
  const other = otherLoad.samples.filter((s) => s.at > from && s.at <= to + 2000).map((s) => s.cores);
  const avgText = loadAvg === undefined ? '' : `; 1-min load average ${loadAvg.toFixed(1)} before it started`;
  if (!other.length) return `- other processes' CPU use during ${what} not measured (no /proc)${avgText}`;
  const mean = other.reduce((a, b) => a + b, 0) / other.length;
  const share = other.filter((v) => v > 0.5).length / other.length;
  const busy = mean > 0.25 || (loadAvg ?? 0) > 1;
  return `- other processes (not this bench) used on average ${mean.toFixed(2)} of ${os.cpus().length} cores during ${what}, ` +
    `more than half a core ${Math.round(share * 100)} % of the time${avgText}` +
    `${busy ? ' — **the machine was busy: figures are slower and noisier than on an idle machine**' : ' (an idle machine apart from the bench)'}`;
}
const log = (...args) => console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s]`, ...args);

// ── the bench page's bundle ──────────────────────────────────────────────────────────────────────────────────
async function bundle() {
  mkdirSync(BUILD_DIR, { recursive: true });
  await build({
    entryPoints: [`${HERE}grid-bench.ts`, `${HERE}gan-bench.ts`, `${HERE}pixelcnn-bench.ts`, `${HERE}train-bench.ts`],
    outdir: BUILD_DIR,
    bundle: true, format: 'esm', target: 'es2022', platform: 'browser', minify: true, sourcemap: false,
    tsconfig: `${HERE}../tsconfig.json`,
    external: ['fs', 'path', 'crypto', 'worker_threads', 'perf_hooks', 'os', 'util'],
    logLevel: 'error',
    // tfjs-wasm's threaded build as the bundle ships it (on the isolated pages of the train part)
    plugins: [{
      name: 'wasm-threads',
      setup(b) {
        b.onLoad({ filter: /tfjs-backend-wasm[\\/](dist[\\/]backend_wasm|wasm-out[\\/]tfjs-backend-wasm-threaded-simd)\.js$/ }, (args) => {
          const code = readFileSync(args.path, 'utf8');
          return { contents: patchWasmThreads(args.path.replace(/\\/g, '/'), code) ?? code, loader: 'js' };
        });
      },
    }],
  });
}

// ── one page in a fresh browser context ──────────────────────────────────────────────────────────────────────
async function withPage(browser, url, fn) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (/willReadFrequently/.test(m.text())) return; // our own getImageData checks
    if (m.type() === 'error' || m.type() === 'warn' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  try {
    await page.setViewport({ width: 1000, height: 1000 });
    await page.goto(url, { waitUntil: 'load' });
    return await fn(page, problems);
  } finally {
    for (const p of problems) log(`  page ${p}`);
    await context.close().catch(() => undefined);
  }
}

// ── (a) and (b) on bench/grid.html ──────────────────────────────────────────────────────────────────────────
async function gridBench(browser, origin, backend) {
  return withPage(browser, `${origin}/bench/grid.html`, async (page) => {
    await page.waitForFunction(() => document.body.dataset.ready === 'true', { timeout: 60_000 });
    let init;
    try {
      init = await page.evaluate((b) => window.geBench.init(b), backend);
    } catch (e) {
      return { unavailable: `did not start: ${e.message.split('\n')[0]}` };
    }
    if (init.backend !== backend) return { unavailable: `fell back to ${init.backend} (${init.reasons.join('; ') || 'no reason given'})` };
    log(`${backend}: runtime + model ready in ${ms(init.loadMs)}${init.reasons.length ? ` (${init.reasons.join('; ')})` : ''}`);
    const memStart = await page.evaluate(() => window.geBench.memory());
    const sizes = {};
    let perCell; // ms per cell of the naive way, from the last full run: sizes the next ones
    for (const n of SIZES) {
      // (a) batched
      const warmA = await page.evaluate((c) => window.geBench.batched(c), n);
      const runsA = [];
      for (let i = 0, k = reps(warmA, BATCHED); i < k; i++) runsA.push(await page.evaluate((c) => window.geBench.batched(c), n));
      const est = perCell === undefined ? undefined : perCell * n * n;
      // (b) warm-up: a full pass at the first size; later sizes decode the same batch-of-1 shape, so one row does
      let warmB;
      if (est === undefined) {
        warmB = await page.evaluate((c) => window.geBench.naive(c), n);
        perCell = warmB.ms / warmB.cellsDone;
      } else {
        warmB = await page.evaluate((c) => window.geBench.naive(c, 1), n);
      }
      const runsB = [];
      let rows = n;
      const fullEst = perCell * n * n;
      if (fullEst > NAIVE_MAX_MS) rows = Math.max(1, Math.floor(NAIVE_MAX_MS / (perCell * n)));
      const k = rows < n ? 1 : reps(fullEst, NAIVE);
      for (let i = 0; i < k; i++) {
        const r = await page.evaluate((c, rw) => window.geBench.naive(c, rw), n, rows);
        runsB.push(r.ms * ((n * n) / r.cellsDone));
        perCell = r.ms / r.cellsDone;
      }
      const check = await page.evaluate((c, rw) => window.geBench.compare(c, rw), n, rows);
      sizes[n] = {
        batched: { median: median(runsA), runs: runsA, warm: warmA },
        naive: { median: median(runsB), runs: runsB, warm: warmB.ms, extrapolated: rows < n ? { cells: rows * n, of: n * n } : undefined },
        check,
      };
      log(`${backend} ${n}×${n}: batched ${ms(median(runsA))} (n=${runsA.length}, warm-up ${ms(warmA)}), ` +
        `naive ${ms(median(runsB))} (n=${runsB.length}${rows < n ? `, extrapolated from ${rows * n} cells` : ''}, warm-up ${ms(warmB.ms)}), ` +
        `ratio ${(median(runsB) / median(runsA)).toFixed(1)}×, max pixel diff ${check.maxDiff}`);
    }
    const memEnd = await page.evaluate(() => window.geBench.memory());
    log(`${backend}: bench page tensors ${memStart.numTensors} → ${memEnd.numTensors}, bytes ${memStart.numBytes} → ${memEnd.numBytes} over all runs`);
    return { init, sizes, memStart, memEnd };
  });
}

// ── the element from dist/ on bench/element.html ────────────────────────────────────────────────────────────
/** One page load: navigation start → model-load → first painted grid; then, when `then` is given, more work. */
async function elementLoad(browser, origin, backend, then) {
  const url = `${origin}/bench/element.html${backend === 'auto' ? '' : `?backend=${backend}`}`;
  return withPage(browser, url, async (page, problems) => {
    await page.waitForFunction(() => window.geElement && (window.geElement.firstGridMs !== undefined || window.geElement.error !== undefined),
      { timeout: FIRST_GRID_TIMEOUT, polling: 100 });
    const first = await page.evaluate(() => {
      const el = document.querySelector('vae-latent-grid');
      return { ...window.geElement, backendName: el.backendName, status: el.shadowRoot.querySelector('[part=status]')?.textContent.trim() ?? '' };
    });
    if (first.error) return { unavailable: `model-error: ${first.error}`, first };
    if (backend !== 'auto' && first.backendName !== backend) return { unavailable: `fell back to ${first.backendName}: ${first.status}`, first };
    // the status line gains the test −ELBO once meta.json arrived: give it a moment
    await page.waitForFunction(() => /ELBO/.test(document.querySelector('vae-latent-grid').shadowRoot.querySelector('[part=status]').textContent), { timeout: 10_000 }).catch(() => undefined);
    first.status = await page.evaluate(() => document.querySelector('vae-latent-grid').shadowRoot.querySelector('[part=status]').textContent.trim());
    const more = then ? await then(page) : {};
    const errors = problems.filter((p) => /^(error|uncaught)/.test(p));
    return { first, ...more, errors };
  });
}

/** LOADS page loads (each in a fresh context; median reported); the last one also measures redraws and memory. */
async function elementBench(browser, origin, backend) {
  const loads = [];
  for (let i = 0; i < LOADS; i++) {
    const r = await elementLoad(browser, origin, backend, i === LOADS - 1 && backend !== 'auto' ? elementWork(backend) : undefined);
    if (r.unavailable) return r;
    loads.push(r);
    log(`element ${backend}: load ${i + 1}/${LOADS}: model-load at ${ms(r.first.modelLoadMs)}, first grid at ${ms(r.first.firstGridMs)} after navigation start, on ${r.first.backendName}`);
  }
  const last = loads[loads.length - 1];
  return {
    ...last,
    modelLoadMs: median(loads.map((r) => r.first.modelLoadMs)),
    firstGridMs: median(loads.map((r) => r.first.firstGridMs)),
    loads: loads.map((r) => r.first),
  };
}

const elementWork = (backend) => async (page) => {
  // 3. no leak over REDRAWS redraws (at the default 15×15 grid)
  const leak = await page.evaluate(async (count) => {
    const el = document.querySelector('vae-latent-grid');
    const before = await window.geMemory();
    const times = [];
    for (let i = 0; i < count; i++) {
      const s = performance.now();
      await el.redraw();
      times.push(performance.now() - s);
    }
    const after = await window.geMemory();
    return { before, after, times };
  }, REDRAWS);
  log(`element ${backend}: tensors ${leak.before.numTensors} → ${leak.after.numTensors}, bytes ${leak.before.numBytes} → ${leak.after.numBytes} over ${REDRAWS} redraws (15×15 median ${ms(median(leak.times))})`);
  // the element's own redraw() at the bench sizes
  const sizes = {};
  for (const n of SIZES) {
    const warm = await page.evaluate(async (c) => {
      const el = document.querySelector('vae-latent-grid');
      const s = performance.now();
      el.grid = c; // updated() starts a redraw; wait for it to paint (that is the warm-up)
      await el.updateComplete;
      await new Promise((resolve) => {
        const check = () => {
          const canvas = el.shadowRoot.querySelector('canvas[part=canvas]');
          if (canvas.width === c * 28 && !el.redrawing) resolve(); else setTimeout(check, 5);
        };
        check();
      });
      return performance.now() - s;
    }, n);
    const runs = [];
    for (let i = 0, k = reps(warm, ELEMENT); i < k; i++) {
      runs.push(await page.evaluate(async () => {
        const el = document.querySelector('vae-latent-grid');
        const s = performance.now();
        await el.redraw();
        return performance.now() - s;
      }));
    }
    sizes[n] = { median: median(runs), runs, warm };
    log(`element ${backend} ${n}×${n}: redraw() ${ms(median(runs))} (n=${runs.length}, warm-up ${ms(warm)})`);
  }
  return { leak, sizes };
};

// ── the report ──────────────────────────────────────────────────────────────────────────────────────────────
function report({ chromium, results, auto, totalS, vaeFrom, vaeTo }) {
  const date = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  const lines = [];
  lines.push('# Benchmark: `<vae-latent-grid>`, `<gan-trainer>`, `<gan-interpolator>`, `<pixelcnn-autocomplete>`', '');
  lines.push(`- date: ${date}; total bench time ${TOTAL_MARK} s, of which the VAE part ${Math.round(totalS)} s (\`node bench/run.mjs\`, after \`npm run build\`)${ONLY ? ` — \`BENCH_ONLY=${ONLY}\`: the other sections below are from earlier runs, with their own dates` : ''}`);
  lines.push(`- machine: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, **no GPU**: webgl and webgpu run on SwiftShader (software), so their figures say nothing about a real GPU`);
  lines.push(otherLoadLine(vaeFrom, vaeTo, loadStart, 'the VAE part'));
  lines.push(`- browser: ${chromium}, headless, flags from tools/chromium.mjs; Node ${process.version}; TensorFlow.js 4.22 (wasm: SIMD, not threaded — the page is not cross-origin isolated)`);
  lines.push(`- \`backend="auto"\` picks **${auto?.first?.backendName || 'unknown'}** here; status line: “${auto?.first?.status ?? auto?.unavailable ?? ''}”`);
  lines.push('');
  lines.push('## 1. Rendering the latent grid: one batched decode vs one decode per cell', '');
  lines.push('(a) batched = one decode of all n² cells + one `await data()` + one `putImageData` (the code path of `VaeLatentGrid.redraw()`, run from the bench bundle); ' +
    '(b) naive = for each cell a batch-of-1 decode + `await data()` + a 28×28 `putImageData`, as per-cell demos do; ' +
    'element = `await el.redraw()` on the real `<vae-latent-grid>` from dist/. Medians of n timed runs after one warm-up run per size; ms.', '');
  lines.push('| backend | grid | (a) batched | (b) naive per cell | (b)/(a) | element `redraw()` | (a) = (b) pixels |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const b of BACKENDS) {
    const r = results[b];
    if (r.grid.unavailable) {
      lines.push(`| ${b} | all | unavailable: ${r.grid.unavailable} | | | | |`);
      continue;
    }
    for (const n of SIZES) {
      const s = r.grid.sizes[n];
      const e = r.element.sizes?.[n];
      const x = s.naive.extrapolated;
      const naive = x ? `~${ms(s.naive.median)} (extrapolated from ${x.cells} of ${x.of} cells)` : `${ms(s.naive.median)} (n=${s.naive.runs.length})`;
      lines.push(`| ${b} | ${n}×${n} | ${ms(s.batched.median)} (n=${s.batched.runs.length}) | ${naive} | ${x ? '~' : ''}${(s.naive.median / s.batched.median).toFixed(1)}× | ` +
        `${e ? `${ms(e.median)} (n=${e.runs.length})` : r.element.unavailable ? 'unavailable' : '—'} | ${s.check.maxDiff <= 2 ? 'yes' : `max diff ${s.check.maxDiff}`} |`);
    }
  }
  lines.push('');
  lines.push('## 2–3. The element from dist/: page load → first grid, and memory over redraws', '');
  lines.push(`\`<vae-latent-grid loading="eager" backend="…">\` (default 15×15 grid) added by bench/element.js; times from navigation start, median of ${LOADS} page loads (each in a fresh browser context). ` +
    `Memory = \`await memory()\` from dist/generative-elements.js after the first grid, then after ${REDRAWS} × \`await el.redraw()\`.`, '');
  lines.push(`| backend | → \`model-load\` | → first grid painted | 15×15 \`redraw()\` median of ${REDRAWS} | tensors before → after | bytes before → after | leak |`);
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const b of [...BACKENDS, 'auto']) {
    const r = b === 'auto' ? auto : results[b].element;
    if (!r) continue;
    if (r.unavailable) {
      lines.push(`| ${b} | unavailable: ${r.unavailable} | | | | | |`);
      continue;
    }
    const f = r.first;
    const l = r.leak;
    const label = b === 'auto' ? `auto (→ ${f.backendName})` : b;
    lines.push(`| ${label} | ${ms(r.modelLoadMs)} | ${ms(r.firstGridMs)} | ${l ? ms(median(l.times)) : '—'} | ` +
      `${l ? `${l.before.numTensors} → ${l.after.numTensors}` : '—'} | ${l ? `${l.before.numBytes} → ${l.after.numBytes}` : '—'} | ` +
      `${l ? (l.before.numTensors === l.after.numTensors && l.before.numBytes === l.after.numBytes ? 'none' : '**yes**') : '—'} |`);
  }
  lines.push('');
  lines.push('Status lines (shadow `[part=status]`) per forced backend:');
  for (const b of BACKENDS) {
    const r = results[b].element;
    if (r.first?.status) lines.push(`- ${b}: “${r.first.status}”`);
  }
  lines.push('');
  lines.push('Notes');
  lines.push('- Warm-up before timing, per grid size: (a) one batched run; element: the redraw that setting `grid` starts; (b) a full pass at the first size, then one row at the next sizes (every naive decode has the same batch-of-1 shape, so one cell compiles every shader it needs). Warm-up times are in the bench log (stderr).');
  lines.push('- Medians, so the spread matters: on SwiftShader and with 2 cores, single runs vary by up to ±50 %; read ratios to one significant figure.');
  lines.push('- “(a) = (b) pixels”: the two canvases agree to within 2/255 per channel (a check that both ways draw the same grid).');
  lines.push(`- A naive run that would take longer than ${NAIVE_MAX_MS / 1000} s is timed on its first rows only and scaled to the full grid; such figures are marked “~ … extrapolated”.`);
  lines.push('- First-grid times include fetching and compiling tfjs from a localhost server (no HTTP cache: a fresh browser context per page), starting the backend, and loading the 0.8 MB weights; detection polls every animation frame (±16 ms).');
  return lines.join('\n') + '\n';
}

// ── the VAE part ────────────────────────────────────────────────────────────────────────────────────────────
/** Runs the VAE benchmark; returns its report (title and machine header included) and whether a leak was found. */
async function runVae(browser, origin, chromium) {
  const from = Date.now();
  // one throwaway page load, so that the first measured one does not also pay for starting Chromium's processes
  await elementLoad(browser, origin, 'auto').catch((e) => log(`warm-up page load failed: ${e.message}`));
  const results = {};
  for (const b of BACKENDS) {
    results[b] = {};
    try {
      results[b].element = await elementBench(browser, origin, b);
    } catch (e) {
      results[b].element = { unavailable: `failed: ${String(e.message ?? e).split('\n')[0]}` };
    }
    if (results[b].element.unavailable) log(`element ${b}: unavailable: ${results[b].element.unavailable}`);
    try {
      results[b].grid = await gridBench(browser, origin, b);
    } catch (e) {
      results[b].grid = { unavailable: `failed: ${String(e.message ?? e).split('\n')[0]}` };
    }
    if (results[b].grid.unavailable) log(`${b}: unavailable: ${results[b].grid.unavailable}`);
  }
  let auto;
  try {
    auto = await elementBench(browser, origin, 'auto');
  } catch (e) {
    auto = { unavailable: `failed: ${String(e.message ?? e).split('\n')[0]}` };
  }
  log(`auto picks ${auto.first?.backendName}: ${auto.first?.status ?? auto.unavailable}`);
  for (const [b, r] of [...BACKENDS.map((b) => [b, results[b].element]), ['auto', auto]]) if (r.errors?.length) log(`element ${b}: console errors: ${r.errors.join(' | ')}`);
  const text = report({ chromium, results, auto, totalS: (Date.now() - t0) / 1000, vaeFrom: from, vaeTo: Date.now() });
  const leaks = BACKENDS.filter((b) => results[b].element.leak && results[b].element.leak.before.numTensors !== results[b].element.leak.after.numTensors);
  if (leaks.length) log(`tensor leak on ${leaks.join(', ')}`);
  return { text, raw: { results, auto }, failed: leaks.length > 0 };
}

/** The VAE, GAN, PixelCNN and training sections of an earlier bench/results.md (to keep the parts not run now). */
function earlierSections() {
  if (!existsSync(OUT)) return {};
  const text = readFileSync(OUT, 'utf8');
  const g = text.indexOf(`\n${GAN_HEADING}`);
  // (the PixelCNN section's heading before the PixelRNN joined it, in results written before then)
  const p = [PIXELCNN_HEADING, '## PixelCNN: `<pixelcnn-autocomplete>`'].map((h) => text.indexOf(`\n${h}`)).find((i) => i >= 0) ?? -1;
  const t = text.indexOf(`\n${TRAIN_HEADING}`);
  const w = text.indexOf(`\n${THREAD_HEADING}`);
  const q = text.indexOf(`\n${EVIDENCE_HEADING}`);
  const end = (from) => [g, p, t, w, q, text.length].filter((i) => i > from).sort((a, b) => a - b)[0] ?? text.length;
  return {
    vae: text.slice(0, Math.min(...[g, p, t, w, q, text.length].filter((i) => i >= 0)) + 1),
    evidence: q < 0 ? undefined : text.slice(q + 1, end(q) + 1),
    gan: g < 0 ? undefined : text.slice(g + 1, end(g) + 1),
    pixelcnn: p < 0 ? undefined : text.slice(p + 1, end(p) + 1),
    train: t < 0 ? undefined : text.slice(t + 1, end(t) + 1),
    thread: w < 0 ? undefined : text.slice(w + 1, end(w) + 1),
  };
}

// ── main ────────────────────────────────────────────────────────────────────────────────────────────────────
await bundle();
// the elements' parts run on a page that is not cross-origin isolated (wasm: one thread), as most pages are; the
// train part also on an isolated one
const server = await serve(0, '127.0.0.1', { isolated: false });
const origin = `http://127.0.0.1:${server.address().port}`;
const isolatedServer = await serve(0, '127.0.0.1', { isolated: true });
const isolatedOrigin = `http://127.0.0.1:${isolatedServer.address().port}`;
const browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs, protocolTimeout: 900_000 });
let exitCode = 0;
try {
  const chromium = await browser.version();
  log(`${chromium}; ${os.cpus().length} cores; backends ${BACKENDS.join(', ')}; sizes ${SIZES.join(', ')}${ONLY ? `; only the ${ONLY} part` : ''}`);
  const earlier = earlierSections();
  const raw = {};
  let vaeText = earlier.vae ?? '# Benchmark\n\n(no VAE section yet: run without BENCH_ONLY)\n';
  let ganText = earlier.gan ?? '';
  let pixelCnnText = earlier.pixelcnn ?? '';
  let trainText = earlier.train ?? '';
  let threadText = earlier.thread ?? '';
  let evidenceText = earlier.evidence ?? '';
  if (runs('vae')) {
    const vae = await runVae(browser, origin, chromium);
    vaeText = vae.text;
    raw.vae = vae.raw;
    if (vae.failed) exitCode = 1;
  }
  if (runs('gan')) {
    const from = Date.now();
    const loadAvg = ONLY === 'gan' ? loadStart : undefined;
    const gan = await ganBench({ browser, origin, backends: BACKENDS, log, withPage });
    raw.gan = gan;
    const to = Date.now();
    ganText = ganReport(gan, { seconds: (to - from) / 1000, loadLine: otherLoadLine(from, to, loadAvg, 'the GAN part'), chromium });
    if (gan.failed) exitCode = 1;
  }
  if (runs('pixelcnn')) {
    const from = Date.now();
    const pix = await pixelCnnBench({ browser, origin, backends: BACKENDS, log, withPage });
    raw.pixelcnn = pix;
    const to = Date.now();
    pixelCnnText = pixelCnnReport(pix, { seconds: (to - from) / 1000, loadLine: otherLoadLine(from, to, ONLY === 'pixelcnn' ? loadStart : undefined, 'the PixelCNN part') });
    if (pix.failed) exitCode = 1;
  }
  if (runs('train')) {
    const from = Date.now();
    const tr = await trainBench({ browser, origin, isolatedOrigin, log, withPage });
    raw.train = tr;
    const to = Date.now();
    trainText = trainReport(tr, { seconds: (to - from) / 1000, loadLine: otherLoadLine(from, to, ONLY === 'train' ? loadStart : undefined, 'the training part'), chromium });
    if (tr.failed) exitCode = 1;
  }
  if (runs('thread')) {
    const from = Date.now();
    const th = await threadBench({ browser, origin, log, withPage });
    raw.thread = th;
    const to = Date.now();
    threadText = threadReport(th, { seconds: (to - from) / 1000, loadLine: otherLoadLine(from, to, ONLY === 'thread' ? loadStart : undefined, 'the thread part'), chromium });
    if (th.failed) exitCode = 1;
  }
  if (runs('evidence')) {
    const from = Date.now();
    const ev = await evidenceBench({ browser, origin, backends: BACKENDS, log, withPage });
    raw.evidence = ev;
    const to = Date.now();
    evidenceText = evidenceReport(ev, { seconds: (to - from) / 1000, loadLine: otherLoadLine(from, to, ONLY === 'evidence' ? loadStart : undefined, 'the evidence part'), chromium });
  }
  if (runs('vae')) vaeText = vaeText.replace(TOTAL_MARK, String(Math.round((Date.now() - t0) / 1000)));
  const text = [vaeText, ganText, pixelCnnText, trainText, threadText, evidenceText].map((t) => t.trimEnd()).filter(Boolean).join('\n\n') + '\n';
  process.stdout.write(text);
  writeFileSync(OUT, text);
  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(`${BUILD_DIR}/raw.json`, JSON.stringify(raw, null, 1));
  log(`wrote ${OUT} (total ${Math.round((Date.now() - t0) / 1000)} s)`);
} catch (e) {
  log(`bench failed: ${e.stack ?? e}`);
  exitCode = 1;
} finally {
  await browser.close();
  server.close();
  isolatedServer.close();
  if (!process.env.BENCH_KEEP_BUILD) rmSync(BUILD_DIR, { recursive: true, force: true });
}
process.exit(exitCode);
