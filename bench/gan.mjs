// The GAN part of `npm run bench` (bench/run.mjs calls ganBench, then ganReport for the Markdown section).
//
//  G1. DCGAN training throughput (rounds/s; a round = k = 1 discriminator step + 1 generator step) on the shipped
//      weights, per backend, in bench/gan.html (bench/gan-bench.ts, bundled by run.mjs with esbuild), two ways on
//      the very same GanSession: (a) the element's way, reading the four figures only every 5th round, and
//      (b) the tfjs-examples way, awaiting every loss every round. Blocks of (a) and (b) alternate.
//  G2. Main-thread long tasks (PerformanceObserver 'longtask', > 50 ms) while the real <gan-trainer> from dist/
//      trains for BENCH_GAN_LONGTASK_S seconds (bench/gan-element.html), plus rounds done and animation frames.
//  G3. <gan-interpolator> from dist/: time to render a strip of 8 and of 64 images.
//  G4. tf.memory() (memory() from dist/) before and after 500 rounds of <gan-trainer>.train().
// A fresh browser context (so a fresh page and tfjs runtime) per backend and measurement.
//
// Knobs (env): BENCH_GAN_BATCH=64  BENCH_GAN_FALLBACK_BATCH=16  BENCH_GAN_MAX_ROUND_S=30 (a first round slower than
//   this at BENCH_GAN_BATCH → measure at the fallback batch instead)  BENCH_GAN_TRAIN_S=50 (timed training per
//   backend, both ways together; slow backends get at least BENCH_GAN_MIN_ROUNDS=2 rounds per way anyway)
//   BENCH_GAN_LONGTASK=wasm:64:worker,wasm:64:main,… (backend:batch-size:training-thread)  BENCH_GAN_LONGTASK_S=12  BENCH_GAN_STRIPS=8,64
//   BENCH_GAN_MEMORY=auto:8:worker (backend:batch-size:training-thread)  BENCH_GAN_MEMORY_ROUNDS=500  BENCH_GAN_MEMORY_REDUCED_MOTION=1 (emulate
//   prefers-reduced-motion: the element then redraws its samples every 5 s instead of every 1 s, which on wasm
//   otherwise takes most of the time at small batches)  BENCH_GAN_SKIP=train,longtask,strip,memory
import { median, reps, ms } from './stats.mjs';

const num = (name, fallback) => Number(process.env[name] ?? fallback);
const BATCH = num('BENCH_GAN_BATCH', 64);
const FALLBACK_BATCH = num('BENCH_GAN_FALLBACK_BATCH', 16);
const MAX_ROUND_MS = num('BENCH_GAN_MAX_ROUND_S', 30) * 1000;
const TRAIN_MS = num('BENCH_GAN_TRAIN_S', 50) * 1000;
const MIN_ROUNDS = num('BENCH_GAN_MIN_ROUNDS', 2);
const LONGTASK_MS = num('BENCH_GAN_LONGTASK_S', 12) * 1000;
const pairs = (text) => text.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
  const [backend, batch, thread] = s.split(':');
  // batch 'default': no batch-size attribute, the element picks the batch for its backend
  return { backend, batch: batch === 'default' ? undefined : Number(batch ?? 64), thread: thread ?? 'worker' };
});
const LONGTASK_RUNS = pairs(process.env.BENCH_GAN_LONGTASK ?? 'wasm:default:worker,wasm:default:main,wasm:64:worker,wasm:64:main,wasm:8:worker,wasm:8:main,webgl:8:worker');
const STRIPS = (process.env.BENCH_GAN_STRIPS ?? '8,64').split(',').map(Number);
const [MEMORY] = pairs(process.env.BENCH_GAN_MEMORY ?? 'auto:8:worker');
const MEMORY_ROUNDS = num('BENCH_GAN_MEMORY_ROUNDS', 500);
const MEMORY_REDUCED_MOTION = num('BENCH_GAN_MEMORY_REDUCED_MOTION', 1) === 1;
const SKIP = new Set((process.env.BENCH_GAN_SKIP ?? '').split(',').map((s) => s.trim()));
const LOAD_TIMEOUT = 180_000;
const STRIP = { budget: 6_000, min: 3, max: 11 };

export const GAN_HEADING = '## GANs: `<gan-trainer>` and `<gan-interpolator>`';

const rate = (v) => (v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v >= 0.1 ? v.toFixed(3) : v.toPrecision(2));
const failure = (e) => ({ unavailable: `failed: ${String(e?.message ?? e).split('\n')[0]}` });
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;

// ── G1. training throughput, bench/gan.html ─────────────────────────────────────────────────────────────────
async function trainBench({ browser, origin, log, withPage }, backend) {
  return withPage(browser, `${origin}/bench/gan.html`, async (page) => {
    await page.waitForFunction(() => document.body.dataset.ready === 'true', { timeout: 60_000 });
    let init;
    try {
      init = await page.evaluate((b) => window.geGan.init(b), backend);
    } catch (e) {
      return { unavailable: `did not start: ${e.message.split('\n')[0]}` };
    }
    if (init.backend !== backend) return { unavailable: `fell back to ${init.backend} (${init.reasons.join('; ') || 'no reason given'})` };
    log(`gan ${backend}: runtime + DCGAN + ${init.count} digits ready in ${ms(init.loadMs)}`);
    const memStart = await page.evaluate(() => window.geGan.memory());
    const train = (mode, n) => page.evaluate((m, k) => window.geGan.train(m, k), mode, n);
    let batch = BATCH;
    let tooSlow;
    await page.evaluate((n) => window.geGan.newSession(n), batch);
    // warm-up: the first round compiles every kernel (and creates Adam's moments); it also sizes the runs
    let warm = await train('element', 1);
    log(`gan ${backend}: batch ${batch}: first round (warm-up) ${ms(warm.ms)}`);
    if (warm.ms > MAX_ROUND_MS && FALLBACK_BATCH < batch) {
      tooSlow = { batch, warmMs: warm.ms };
      batch = FALLBACK_BATCH;
      await page.evaluate((n) => window.geGan.newSession(n), batch);
      warm = await train('element', 1);
      log(`gan ${backend}: too slow at batch ${tooSlow.batch}; batch ${batch}: first round (warm-up) ${ms(warm.ms)}`);
    }
    let est = warm.ms;
    let warm2;
    if (warm.ms < 5_000) {
      warm2 = await train('baseline', 1); // a second warm-up, without first-time compilation: a better estimate
      est = warm2.ms;
    }
    // fast backends: 3 alternating pairs of blocks of 5–20 rounds (the element reads on the 5th of each 5);
    // slow ones: one block of 2–5 rounds per way (the element way then reads once, after its last round)
    const blocks = est * 2 * 5 * 3 <= TRAIN_MS ? 3 : 1;
    const n = blocks === 3 ? 5 * Math.max(1, Math.min(4, Math.floor(TRAIN_MS / (est * 2 * 5 * 3)))) : Math.max(MIN_ROUNDS, Math.min(5, Math.floor(TRAIN_MS / (est * 2))));
    await page.evaluate(() => window.geGan.resetRounds());
    const runs = { element: [], baseline: [] };
    const reads = { element: 0, baseline: 0 };
    const last = {};
    for (let i = 0; i < blocks; i++) {
      for (const mode of i % 2 ? ['baseline', 'element'] : ['element', 'baseline']) {
        const r = await train(mode, n);
        runs[mode].push(r.ms);
        reads[mode] += r.reads;
        last[mode] = r.last;
        log(`gan ${backend}: ${mode} ${n} rounds in ${ms(r.ms)} (${rate((n * 1000) / r.ms)} rounds/s, ${r.reads} reads)`);
      }
    }
    const memEnd = await page.evaluate(() => window.geGan.memory());
    await page.evaluate(() => window.geGan.dispose());
    const memDisposed = await page.evaluate(() => window.geGan.memory());
    const perSec = (mode) => median(runs[mode].map((t) => (n * 1000) / t));
    const result = {
      params: init.params, batch, tooSlow, n, blocks, warmMs: warm.ms, warm2Ms: warm2?.ms, runs, reads, last,
      element: perSec('element'), baseline: perSec('baseline'), memStart, memEnd, memDisposed,
    };
    log(`gan ${backend}: batch ${batch}: (a) element ${rate(result.element)} rounds/s, (b) baseline ${rate(result.baseline)} rounds/s, ` +
      `(a)/(b) ${(result.element / result.baseline).toFixed(2)}; figures ${JSON.stringify(last.element?.map((v) => +v.toFixed(3)))}; ` +
      `tensors ${memStart.numTensors} → ${memEnd.numTensors} → ${memDisposed.numTensors} after dispose`);
    return result;
  });
}

// ── the elements from dist/, bench/gan-element.html ─────────────────────────────────────────────────────────
async function elementPage({ browser, origin, withPage }, query, fn) {
  const url = `${origin}/bench/gan-element.html?${new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== 'auto'))}`;
  return withPage(browser, url, async (page, problems) => {
    await page.waitForFunction(() => window.geGanPage && (window.geGanPage.modelLoadMs !== undefined || window.geGanPage.error !== undefined),
      { timeout: LOAD_TIMEOUT, polling: 100 });
    const first = await page.evaluate((tag) => {
      const el = document.querySelector(tag);
      const s = window.geGanPage;
      return { modelLoadMs: s.modelLoadMs, error: s.error, longTaskSupported: s.longTaskSupported, backendName: el.backendName,
        status: el.shadowRoot.querySelector('[part=status]')?.textContent.trim() ?? '' };
    }, query.element);
    if (first.error) return { unavailable: `model-error: ${first.error}`, first };
    if (query.backend !== 'auto' && first.backendName !== query.backend) return { unavailable: `fell back to ${first.backendName}: ${first.status}`, first };
    const more = await fn(page, first);
    const errors = problems.filter((p) => /^(error|uncaught)/.test(p));
    return { first, ...more, errors };
  });
}

// G2. long tasks while the element trains
async function longTaskBench(ctx, { backend, batch, thread }) {
  return elementPage(ctx, { element: 'gan-trainer', backend, batch, thread }, async (page, first) => {
    // the start of a run: Play on a loaded element, 2 rounds (makes the training session — a copy of the weights,
    // the 9,000 digits decoded and sent to the worker, the worker's tfjs and kernels, the digit classifier); its
    // long tasks are counted apart from the steady state's
    // first feedback: from Play to the first round's figures (train-step) and the first samples of the run
    // (generator-change: the grid repainted from weights the run moved)
    const start = await page.evaluate(async () => {
      const el = document.querySelector('gan-trainer');
      const first = {};
      const onStep = () => { first.figures ??= performance.now(); };
      const onSamples = () => { first.samples ??= performance.now(); };
      el.addEventListener('train-step', onStep);
      el.addEventListener('generator-change', onSamples);
      const s = performance.now();
      await el.train({ steps: 2 });
      const e = performance.now();
      el.removeEventListener('train-step', onStep);
      el.removeEventListener('generator-change', onSamples);
      const tasks = window.geGanPage.longTasks.filter((t) => t.start < e && t.start + t.duration > s).map((t) => t.duration);
      const since = (t) => (t === undefined ? undefined : t - s);
      return { ms: e - s, tasks, figuresMs: since(first.figures), samplesMs: since(first.samples), batch: el.effectiveBatchSize };
    });
    const warmMs = start.ms;
    const r = await page.evaluate(async (windowMs) => {
      const el = document.querySelector('gan-trainer');
      const state = window.geGanPage;
      let events = 0;
      const onStep = () => events++;
      el.addEventListener('train-step', onStep);
      const s0 = el.steps;
      const t0 = performance.now();
      const done = el.train();
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      el.stop();
      await done;
      const t1 = performance.now();
      const rounds = el.steps - s0;
      el.removeEventListener('train-step', onStep);
      // tasks that overlap the window (one may have started just before t0)
      const tasks = state.longTasks.filter((t) => t.start < t1 && t.start + t.duration > t0).map((t) => t.duration);
      const frames = state.frames.filter((f) => f >= t0 && f <= t1);
      let maxGap = 0;
      for (let i = 1; i < frames.length; i++) maxGap = Math.max(maxGap, frames[i] - frames[i - 1]);
      if (frames.length) maxGap = Math.max(maxGap, frames[0] - t0, t1 - frames[frames.length - 1]);
      return { ms: t1 - t0, rounds, events, tasks, frames: frames.length, maxGap, status: el.shadowRoot.querySelector('[part=status]')?.textContent.trim(), trainingIn: el.trainingIn };
    }, LONGTASK_MS);
    const total = r.tasks.reduce((a, b) => a + b, 0);
    ctx.log(`gan long tasks ${backend} (${first.backendName}) batch ${batch ?? `default (${start.batch})`} on the ${r.trainingIn} thread: ${r.rounds} rounds in ${ms(r.ms)} (warm-up 2 rounds ${ms(warmMs)}); ` +
      `${r.tasks.length} long tasks, max ${ms(Math.max(0, ...r.tasks))}, total ${ms(total)}; ${r.frames} frames, longest gap ${ms(r.maxGap)}`);
    ctx.log(`gan long tasks ${backend} batch ${batch ?? `default (${start.batch})`} ${thread}, start of the run (2 rounds, ${ms(warmMs)}): ${start.tasks.length} long tasks, max ${ms(Math.max(0, ...start.tasks))}; ` +
      `first figures ${start.figuresMs === undefined ? 'none' : ms(start.figuresMs)}, first samples ${start.samplesMs === undefined ? 'none' : ms(start.samplesMs)} after Play`);
    return { batch, thread, warmMs, ...r, total, max: Math.max(0, ...r.tasks), effectiveBatch: start.batch,
      start: { ms: start.ms, tasks: start.tasks.length, max: Math.max(0, ...start.tasks), total: start.tasks.reduce((a, b) => a + b, 0), figuresMs: start.figuresMs, samplesMs: start.samplesMs } };
  });
}

// G3. interpolation strips
async function stripBench(ctx, backend) {
  return elementPage(ctx, { element: 'gan-interpolator', backend, steps: STRIPS[0] }, async (page) => {
    const painted = (n) => page.waitForFunction((w) => {
      const c = document.querySelector('gan-interpolator').shadowRoot.querySelector('canvas.strip');
      return c && c.width === w;
    }, { timeout: LOAD_TIMEOUT, polling: 50 }, n * 28);
    await painted(STRIPS[0]);
    const sizes = {};
    let how;
    for (const n of STRIPS) {
      // warm-up: the draw that setting steps starts (strip + frame), or one strip draw when steps is n already
      const warm = await page.evaluate(async (k) => {
        const el = document.querySelector('gan-interpolator');
        const s = performance.now();
        if (el.steps !== k) {
          el.steps = k;
          await el.updateComplete;
          await el.queue?.idle;
        } else {
          await window.geDrawStrip();
        }
        return performance.now() - s;
      }, n);
      await painted(n);
      const runs = [];
      for (let i = 0, k = reps(warm, STRIP); i < k; i++) {
        const r = await page.evaluate(async () => {
          const s = performance.now();
          const how = await window.geDrawStrip();
          return { ms: performance.now() - s, how };
        });
        runs.push(r.ms);
        how = r.how;
      }
      const ink = await page.evaluate(() => {
        const c = document.querySelector('gan-interpolator').shadowRoot.querySelector('canvas.strip');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let dark = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark++;
        return dark / (d.length / 4);
      });
      sizes[n] = { median: median(runs), runs, warm, ink };
      ctx.log(`gan strip ${backend} ${n} images: ${ms(median(runs))} (n=${runs.length}, warm-up ${ms(warm)}, ${how}, ink ${(ink * 100).toFixed(0)} %)`);
    }
    return { sizes, how };
  });
}

// G4. memory over many rounds
async function memoryBench(ctx, { backend, batch, thread }) {
  return elementPage(ctx, { element: 'gan-trainer', backend, batch, thread }, async (page, first) => {
    if (MEMORY_REDUCED_MOTION) await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    const r = await page.evaluate(async (rounds) => {
      const el = document.querySelector('gan-trainer');
      await el.updateComplete;
      const loaded = await window.geMemory();
      let s = performance.now();
      await el.train({ steps: 5 });
      const warmMs = performance.now() - s;
      const before = await window.geMemory();
      const workerBefore = await el.workerMemory();
      const s0 = el.steps;
      s = performance.now();
      await el.train({ steps: rounds });
      const trainMs = performance.now() - s;
      await new Promise((resolve) => setTimeout(resolve, 500)); // let a checkpoint save in flight finish
      const after = await window.geMemory();
      return { loaded, before, after, warmMs, trainMs, rounds: el.steps - s0, trainingIn: el.trainingIn, workerBefore, workerAfter: await el.workerMemory() };
    }, MEMORY_ROUNDS);
    ctx.log(`gan memory ${backend} (${first.backendName}) batch ${batch}: tensors ${r.loaded.numTensors} (loaded) → ${r.before.numTensors} (after 5 rounds) → ` +
      `${r.after.numTensors} (after ${r.rounds} more, ${ms(r.trainMs)}); bytes ${r.loaded.numBytes} → ${r.before.numBytes} → ${r.after.numBytes}` +
      (r.workerBefore ? `; worker tensors ${r.workerBefore.numTensors} → ${r.workerAfter?.numTensors}, bytes ${r.workerBefore.numBytes} → ${r.workerAfter?.numBytes}` : ''));
    return { batch, reducedMotion: MEMORY_REDUCED_MOTION, ...r };
  });
}

/** Runs every GAN measurement; a measurement that fails is reported as unavailable with its reason. */
export async function ganBench(ctx) {
  const { backends, log } = ctx;
  const out = { train: {}, longTasks: [], strips: {}, memory: undefined, failed: false };
  const attempt = async (what, fn) => {
    try {
      return await fn();
    } catch (e) {
      log(`gan ${what}: ${e.stack ?? e}`);
      return failure(e);
    }
  };
  if (!SKIP.has('train')) for (const b of backends) out.train[b] = await attempt(`train ${b}`, () => trainBench(ctx, b));
  if (!SKIP.has('longtask')) for (const run of LONGTASK_RUNS) out.longTasks.push({ ...run, result: await attempt(`long tasks ${run.backend}`, () => longTaskBench(ctx, run)) });
  if (!SKIP.has('strip')) for (const b of backends) out.strips[b] = await attempt(`strip ${b}`, () => stripBench(ctx, b));
  if (!SKIP.has('memory')) out.memory = { ...MEMORY, result: await attempt('memory', () => memoryBench(ctx, MEMORY)) };
  const m = out.memory?.result;
  if (m && !m.unavailable && m.before.numTensors !== m.after.numTensors) {
    log(`gan memory: tensor count grew over ${m.rounds} rounds`);
    out.failed = true;
  }
  for (const [what, r] of [...out.longTasks.map((l) => [`long tasks ${l.backend}`, l.result]), ...Object.entries(out.strips), ['memory', m]]) {
    if (r?.errors?.length) log(`gan ${what}: console errors: ${r.errors.join(' | ')}`);
  }
  return out;
}

// ── the report ──────────────────────────────────────────────────────────────────────────────────────────────
export function ganReport(r, { seconds, loadLine }) {
  const date = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const L = [];
  L.push(GAN_HEADING, '');
  L.push(`- run: ${date}; GAN part ${Math.round(seconds)} s; same machine and browser as above (no GPU: webgl and webgpu are SwiftShader, software)`);
  L.push(loadLine);
  const params = Object.values(r.train).find((t) => t.params)?.params;
  L.push(`- model: the shipped DCGAN \`weights/dcgan-mnist/model.json\` (z ∈ ℝ^64, 64/128 filters${params ? `; G ${(params.g / 1e6).toFixed(2)} M and D ${(params.d / 1e6).toFixed(2)} M parameters` : ''}), trained further from those weights on the shipped 9,000 MNIST training digits; k = 1 discriminator step per generator step, Adam 2e-4, β1 0.5, non-saturating G loss (the element's defaults)`);
  L.push('');

  if (Object.keys(r.train).length) {
    L.push('### G1. Training throughput: the element\'s loop vs the tfjs-examples loop', '');
    L.push('Rounds per second (a round = one D step on a real batch + one G step; figures are per round, not per image). ' +
      '(a) element = `GanSession.step()` as `<gan-trainer>.train()` calls it, rounds back to back, the four figures (D loss, G loss, D(x), D(G(z))) read with `await t.data()` only on every 5th round and on the last round of a run, the other rounds\' scalars disposed unread; ' +
      '(b) baseline = the same session and trainer, but every round waits for every figure — `await Promise.all([dLoss, gLoss, dReal, dFake].map((t) => t.data()))` — before the next, as the TensorFlow.js examples write their loops (the async form: `dataSync()` blocks the page and is pathological on WebGPU). ' +
      'No frame yielding in either (G2 is the element with its frame loop). A timed run ends with a read, so queued GPU work is inside it. Median over blocks; n = rounds per block.', '');
    L.push('| backend | batch | (a) element, rounds/s | (b) read every round, rounds/s | (a)/(b) | n | first round (warm-up) |');
    L.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const [b, t] of Object.entries(r.train)) {
      if (t.unavailable) {
        L.push(`| ${b} | — | unavailable: ${t.unavailable} | | | | |`);
        continue;
      }
      const batch = t.tooSlow ? `**${t.batch}** (64: first round ${ms(t.tooSlow.warmMs)}, over budget)` : String(t.batch);
      const each = (mode) => `${rate(t[mode])} (${ms(median(t.runs[mode]) / t.n)}/round)`;
      const nText = t.blocks > 1 ? `${t.blocks} blocks × ${t.n} per way` : `${t.n} per way (one block; (a) read once)`;
      L.push(`| ${b} | ${batch} | ${each('element')} | ${each('baseline')} | ${(t.element / t.baseline).toFixed(2)}× | ${nText} | ${ms(t.warmMs)} |`);
    }
    L.push('');
  }

  if (r.longTasks.length) {
    L.push('### G2. Main-thread long tasks while `<gan-trainer>` trains', '');
    L.push(`The real element from dist/ (\`<gan-trainer loading="eager" batch-size="…" training-thread="…">\`, bench/gan-element.js, \`configure({ backend })\` first), after a 2-round warm-up: \`el.train()\`, then \`el.stop()\` after ${LONGTASK_MS / 1000} s. ` +
      'Long tasks = PerformanceObserver `longtask` entries (main-thread tasks over 50 ms) overlapping the window; frames = `requestAnimationFrame` callbacks in it. ' +
      'thread `worker` (the default): the rounds run in the element\'s Web Worker, which also draws the 64 samples and the class shares about once a second; the page copies the weights in and paints. ' +
      'thread `main`: the frame-budgeted loop on the page\'s own thread; on cpu and wasm a round is synchronous compute, so one round is one task — at batch 64 every round is a long task.', '');
    L.push('The start of a run (Play on a loaded element until its first 2 rounds are done: the session is made, the digits decoded and sent to the worker, the worker starts tfjs) is counted apart, in the last four columns: its time, its long tasks, and the **first feedback** a reader gets after Play — the first round\'s figures (`train-step`) and the first repaint of the samples from moved weights (`generator-change`). batch-size "default": no attribute, the element\'s choice for its backend (in brackets).', '');
    L.push('| backend | batch-size | thread | rounds in window (rounds/s) | long tasks | longest | total (share of window) | frames (fps) | longest frame gap | start of the run: time | start: long tasks (longest) | Play → first figures | Play → first samples |');
    L.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const { backend, batch, thread, result: l } of r.longTasks) {
      if (l.unavailable) {
        L.push(`| ${backend} | ${batch ?? 'default'} | ${thread} | unavailable: ${l.unavailable} | | | | | | | | | |`);
        continue;
      }
      const label = backend === 'auto' ? `auto (→ ${l.first.backendName})` : backend;
      const s = l.ms / 1000;
      L.push(`| ${label} | ${batch ?? `default (${l.effectiveBatch})`} | ${l.trainingIn ?? thread} | ${l.rounds} in ${s.toFixed(1)} s (${rate(l.rounds / s)}) | ${l.first.longTaskSupported ? l.tasks.length : 'not supported'} | ${ms(l.max)} | ` +
        `${ms(l.total)} (${Math.round((100 * l.total) / l.ms)} %) | ${l.frames} (${(l.frames / s).toFixed(1)}) | ${ms(l.maxGap)} | ` +
        `${l.start ? `${ms(l.start.ms)} | ${l.start.tasks} (${ms(l.start.max)})` : '| '} | ` +
        `${l.start?.figuresMs === undefined ? '—' : `**${ms(l.start.figuresMs)}**`} | ${l.start?.samplesMs === undefined ? '—' : `**${ms(l.start.samplesMs)}**`} |`);
    }
    L.push('');
  }

  if (Object.keys(r.strips).length) {
    const how = Object.values(r.strips).find((s) => s.how)?.how;
    L.push('### G3. `<gan-interpolator>`: rendering the strip', '');
    L.push(`The real element from dist/ (\`<gan-interpolator loading="eager" steps="…">\`, shipped weights, slerp, seeds 1 → 2). ` +
      (how === 'strip'
        ? 'Timed: one draw of its strip view through the element\'s own redraw queue (what a change of `steps`, `method` or the endpoints starts, minus the 1-image large frame) = one batched generator call for all images, tiled on the device, one `await data()`, one `putImageData`. (`redraw()` would draw all four views: strip, frame, 8 candidates, arithmetic.) '
        : 'Timed: `setEndpoints(z_a, z_b)` with the current endpoints (the strip and the 1-image frame). ') +
      'Warm-up: the draw that setting `steps` starts. Median of n runs.', '');
    L.push(`| backend | ${STRIPS.map((n) => `${n} images`).join(' | ')} | ${STRIPS.map((n) => `per image at ${n}`).join(' | ')} |`);
    L.push(`| --- | ${STRIPS.map(() => '---').join(' | ')} | ${STRIPS.map(() => '---').join(' | ')} |`);
    for (const [b, s] of Object.entries(r.strips)) {
      if (s.unavailable) {
        L.push(`| ${b} | unavailable: ${s.unavailable} |${' |'.repeat(2 * STRIPS.length - 1)}`);
        continue;
      }
      L.push(`| ${b} | ${STRIPS.map((n) => `${ms(s.sizes[n].median)} (n=${s.sizes[n].runs.length})`).join(' | ')} | ${STRIPS.map((n) => ms(s.sizes[n].median / n)).join(' | ')} |`);
    }
    L.push('');
  }

  const m = r.memory;
  if (m) {
    L.push(`### G4. Memory over ${MEMORY_ROUNDS} training rounds`, '');
    L.push(`\`await memory()\` (dist/, = tf.memory()) on \`<gan-trainer batch-size="${m.batch}">\` — batch ${m.batch}, not 64, so that ${MEMORY_ROUNDS} rounds fit the time budget — ` +
      `after the model loaded, after a 5-round warm-up (which makes the training session: the element's own copy of the weights, the digits as a tensor, Adam's moments, the fixed-z samples, the digit classifier), and after \`await el.train({ steps: ${MEMORY_ROUNDS} })\` ` +
      '(with the element\'s default checkpoint to IndexedDB every 200 rounds' +
      (m.result.reducedMotion ? '; `prefers-reduced-motion: reduce` emulated, so the element redraws its 64 samples and class shares every 5 s instead of every second — on wasm that redraw otherwise takes most of the time at batch 8' : '') +
      '). Equal counts after the warm-up and after the run mean no growth. With the training worker, the page holds the shown copy of the model and the fixed-z samples; ' +
      'the worker\'s own tensors (its copy, Adam\'s moments, the dataset, the classifier) are read with `el.workerMemory()` and given in the last column.', '');
    L.push('| backend | batch-size | tensors: loaded → warm → after | bytes: loaded → warm → after | rounds (time) | growth | worker: tensors, bytes warm → after |');
    L.push('| --- | --- | --- | --- | --- | --- | --- |');
    const x = m.result;
    if (x.unavailable) {
      L.push(`| ${m.backend} | ${m.batch} | unavailable: ${x.unavailable} | | | | |`);
    } else {
      const label = m.backend === 'auto' ? `auto (→ ${x.first.backendName})` : m.backend;
      const grew = x.after.numTensors !== x.before.numTensors || x.after.numBytes !== x.before.numBytes;
      const wb = x.workerBefore;
      const wa = x.workerAfter;
      const worker = wb && wa ? `${wb.numTensors} → ${wa.numTensors}, ${mb(wb.numBytes)} → ${mb(wa.numBytes)} (${wa.numBytes - wb.numBytes === 0 && wa.numTensors === wb.numTensors ? 'no growth' : `**${wa.numTensors - wb.numTensors} tensors, ${wa.numBytes - wb.numBytes} B**`})` : 'no worker';
      L.push(`| ${label} | ${m.batch} | ${x.loaded.numTensors} → ${x.before.numTensors} → ${x.after.numTensors} | ` +
        `${mb(x.loaded.numBytes)} → ${mb(x.before.numBytes)} → ${mb(x.after.numBytes)} (${x.before.numBytes} → ${x.after.numBytes} B) | ` +
        `${x.rounds} (${ms(x.trainMs)}, ${rate((x.rounds * 1000) / x.trainMs)} rounds/s) | ${grew ? `**${x.after.numTensors - x.before.numTensors} tensors, ${x.after.numBytes - x.before.numBytes} B**` : 'none'} | ${worker} |`);
    }
    L.push('');
  }

  L.push('Notes');
  L.push('- SwiftShader runs WebGL and WebGPU on the CPU: those rows say how the code behaves on a software GPU, not how fast a real GPU is. `backend="auto"` skips them here and picks wasm.');
  L.push('- G2 on wasm, thread main: the awaits inside a round (and those of the sample redraw, about once a second) settle as microtasks, without yielding to the event loop, so each frame\'s work — one round, plus the redraw when it is due — is one task, as long as it takes: the frame-budgeted loop cannot split a round. At batch 8 the redraw (two generator passes over 64 z and a classifier pass) is about as long as the round itself; compare the G2 wasm batch-8 rate with the bench page\'s (`BENCH_GAN_BATCH=8 BENCH_ONLY=gan BENCH_BACKENDS=wasm`).');
  L.push('- G2 on webgl, thread main: the rounds run in Chromium\'s GPU process, so the page\'s main thread stays free (few long tasks), yet frames stall while SwiftShader works — presumably because the same GPU process also composites the page. The frames column shows it; on a real GPU the cost would be the GPU\'s time, not the page\'s.');
  L.push('- G1 rows at batch 16: that backend\'s first round at batch 64 took longer than BENCH_GAN_MAX_ROUND_S (shown in the batch column, compilation included), so the timed rounds ran at 16 to fit the time budget; those rounds/s are not comparable with batch-64 rows.');
  L.push('- wasm has no native Conv2DBackpropFilter: src/runtime/wasm-kernels.ts composes the filter gradient from 16 strided slices and matMuls per convolution, which the wasm rows pay for.');
  L.push('- G1 gets few rounds per backend (n in the table; with one block per way, (a) runs before (b)): read those figures to one significant figure; differences under ~10 % are run-to-run noise on a shared 2-core machine. On cpu and wasm `data()` costs almost nothing (the values are already in memory), so (a)/(b) ≈ 1 is expected there. On a GPU backend a readback makes the page wait for the GPU before it queues the next round; with rounds of seconds on SwiftShader that wait is a small part of a round (and with n = 2, (a) saves a single readback per block), so these rows cannot show it either. Where the every-5th-round read should pay is a real GPU, with rounds of milliseconds: this machine cannot measure that.');
  L.push('- Per-round logs, warm-up times and the last figures read are in the bench log (stderr); raw numbers in bench/.build/raw.json with BENCH_KEEP_BUILD=1.');
  return L.join('\n') + '\n';
}
