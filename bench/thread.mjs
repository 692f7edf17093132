// Training off the page's thread (BENCH_ONLY=thread): for each family's element from dist/ (<vae-latent-grid>,
// <pixelcnn-autocomplete>, <gan-trainer>), on wasm and on webgl, training in the worker and on the main thread:
//  T1. the page's long tasks (PerformanceObserver 'longtask', over 50 ms) from Play to Stop of a run of BENCH_THREAD_S
//      seconds (default 15; the DCGAN, whose rounds take seconds, three times as long), and apart those of its first 3 s (the setup: a copy of the weights, the worker's tfjs, the
//      9,000 digits decoded, the first steps' kernels); the animation frames and their longest gap;
//  T2. steps per second once the run has started (from the first train-step event to the last), worker ÷ main;
//  T3. tensors over 300 steps (small batches): the page's tf.memory() before and after, and the worker's at step 10
//      and at step 300 (equal: no leak).
// Every run loads a fresh page (bench/gan-element.html?element=…): one tfjs runtime, one element.
// Knobs: BENCH_THREAD_S=15  BENCH_THREAD_BACKENDS=wasm,webgl  BENCH_THREAD_FAMILIES=vae,pixelcnn,dcgan  BENCH_THREAD_MEMORY_STEPS=300
import os from 'node:os';
import { ms } from './stats.mjs';

export const THREAD_HEADING = "## Training off the page's thread: long tasks, speed and memory, worker beside main";

const WINDOW_MS = Number(process.env.BENCH_THREAD_S ?? 15) * 1000;
/** a DCGAN round takes seconds on wasm (and more on a software GPU): its runs get three times the window */
const windowFor = (family) => (family === 'dcgan' ? 3 : 1) * WINDOW_MS;
const START_MS = 3000;
const BACKENDS = (process.env.BENCH_THREAD_BACKENDS ?? 'wasm,webgl').split(',').filter(Boolean);
const FAMILIES = (process.env.BENCH_THREAD_FAMILIES ?? 'vae,pixelcnn,dcgan').split(',').filter(Boolean);
const MEMORY_STEPS = Number(process.env.BENCH_THREAD_MEMORY_STEPS ?? 300);
const LOAD_TIMEOUT = 600_000;
const ELEMENT = { vae: 'vae-latent-grid', pixelcnn: 'pixelcnn-autocomplete', dcgan: 'gan-trainer' };
const NAMES = { vae: 'VAE (`<vae-latent-grid>`)', pixelcnn: 'PixelCNN (`<pixelcnn-autocomplete>`)', dcgan: 'DCGAN (`<gan-trainer>`)' };
/** what a reader's Train does: each element's defaults (the GAN's batch follows the backend) */
const TRAIN_OPTIONS = { vae: {}, pixelcnn: {}, dcgan: {} };
/** small batches for the 300-step memory check */
const MEMORY_OPTIONS = { vae: { batchSize: 8 }, pixelcnn: { batchSize: 2 }, dcgan: {} };

async function onPage({ browser, origin, withPage }, query, fn) {
  const url = `${origin}/bench/gan-element.html?${new URLSearchParams(query)}`;
  return withPage(browser, url, async (page, problems) => {
    await page.waitForFunction(() => window.geGanPage && (window.geGanPage.modelLoadMs !== undefined || window.geGanPage.error !== undefined),
      { timeout: LOAD_TIMEOUT, polling: 100 });
    const first = await page.evaluate((tag) => ({ error: window.geGanPage.error, backendName: document.querySelector(tag).backendName }), query.element);
    if (first.error) return { unavailable: `model-error: ${first.error}` };
    if (first.backendName !== query.backend) return { unavailable: `fell back to ${first.backendName}` };
    const r = await fn(page);
    return { ...r, errors: problems.filter((p) => /^(error|uncaught)/.test(p)) };
  });
}

/**
 * The page's main-thread tasks over 50 ms in a Chromium trace (RunTask with wall time `dur` and
 * thread CPU time `tdur`, µs; category disabled-by-default-devtools.timeline), as [wall ms, CPU ms]. A task whose CPU time is far below its wall time was the page's
 * thread waiting to be scheduled (another thread, e.g. the worker's or SwiftShader's, had the cores), not working.
 */
function longTasksInTrace(buffer) {
  const events = JSON.parse(Buffer.from(buffer).toString('utf8')).traceEvents;
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  // the window: from the page's performance.mark('ge-play') to its mark('ge-stop') (user timing, in the trace's clock)
  const mark = (name) => events.find((e) => e.name === name && e.cat?.includes('blink.user_timing'))?.ts;
  const [from, to] = [mark('ge-play') ?? -Infinity, mark('ge-stop') ?? Infinity];
  return events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.dur > 50_000 && main.has(`${e.pid}:${e.tid}`) && e.ts + e.dur > from && e.ts < to)
    .map((e) => [e.dur / 1000, (e.tdur ?? e.dur) / 1000, ...((e.tdur ?? e.dur) > 30_000 ? [insideTask(events, e)] : [])]);
}

/** What ran inside a task (for the log): its longest nested events, with the function and script where the trace names them. */
function insideTask(events, task) {
  const end = task.ts + task.dur;
  const what = (e) => {
    const d = e.args?.data ?? e.args?.beginData ?? {};
    const where = d.functionName || d.url ? ` ${d.functionName ?? ''}@${String(d.url ?? '').split('/').pop()}:${d.lineNumber ?? ''}` : '';
    return `${e.name}${d.type ? `(${d.type})` : ''}${where} ${Math.round(e.dur / 1000)}/${Math.round((e.tdur ?? e.dur) / 1000)} ms`;
  };
  return events.filter((e) => e !== task && e.ph === 'X' && e.pid === task.pid && e.tid === task.tid && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end && e.dur > 2_000)
    .sort((a, b) => b.dur - a.dur).slice(0, 8).map(what);
}

/** T1 + T2: one run of WINDOW_MS from Play (traced: the CPU time of each long task) */
async function run(ctx, family, backend, thread) {
  return onPage(ctx, { element: ELEMENT[family], backend, thread }, async (page) => {
    await page.tracing.start({ categories: ['disabled-by-default-devtools.timeline', 'devtools.timeline', 'v8.execute', 'blink.user_timing'] });
    const r = await timedRun(page, family);
    const traced = longTasksInTrace(await page.tracing.stop());
    return { ...r, traced };
  });
}

function timedRun(page, family) {
  return page.evaluate(async ({ tag, windowMs, startMs, options }) => {
    const el = document.querySelector(tag);
    const state = window.geGanPage;
    const events = [];
    el.addEventListener('train-step', (e) => events.push({ t: performance.now(), step: e.detail.step }));
    performance.mark('ge-play');
    const t0 = performance.now();
    const done = el.train(options);
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    el.stop();
    await done;
    const t1 = performance.now();
    performance.mark('ge-stop');
    const over = (a, b) => state.longTasks.filter((t) => t.start < b && t.start + t.duration > a).map((t) => t.duration);
    const frames = state.frames.filter((f) => f >= t0 && f <= t1);
    let maxGap = 0;
    for (let i = 1; i < frames.length; i++) maxGap = Math.max(maxGap, frames[i] - frames[i - 1]);
    const a = events[0];
    const b = events[events.length - 1];
    return {
      trainingIn: el.trainingIn, ms: t1 - t0, tasks: over(t0, t1), startTasks: over(t0, t0 + startMs), frames: frames.length, maxGap,
      firstStepMs: a ? a.t - t0 : undefined, steps: b?.step ?? 0,
      stepsPerSecond: a && b && b !== a ? ((b.step - a.step) * 1000) / (b.t - a.t) : undefined,
    };
  }, { tag: ELEMENT[family], windowMs: windowFor(family), startMs: START_MS, options: TRAIN_OPTIONS[family] });
}

/** T3: tensors over MEMORY_STEPS steps in the worker */
async function memoryRun(ctx, family, backend) {
  return onPage(ctx, { element: ELEMENT[family], backend, thread: 'worker', ...(family === 'dcgan' ? { batch: '8' } : {}) }, (page) => page.evaluate(async ({ tag, steps, options }) => {
    const el = document.querySelector(tag);
    const page0 = (await window.geMemory()).numTensors;
    const worker = {};
    el.addEventListener('train-step', (e) => {
      const s = e.detail.step;
      if ((s >= 10 && worker.early === undefined) || s === steps) {
        const key = s === steps ? 'late' : 'early';
        worker[key] = null;
        void Promise.all([el.workerMemory(), window.geMemory()]).then(([m, p]) => { worker[key] = { step: s, numTensors: m?.numTensors, page: p.numTensors }; });
      }
    });
    await el.train({ ...options, steps });
    for (let i = 0; i < 100 && (worker.late === null || worker.early === null); i++) await new Promise((r) => setTimeout(r, 50));
    const page1 = (await window.geMemory()).numTensors;
    return { page0, page1, worker, trainingIn: el.trainingIn };
  }, { tag: ELEMENT[family], steps: MEMORY_STEPS, options: MEMORY_OPTIONS[family] }));
}

export async function threadBench(ctx) {
  const out = { runs: [], memory: [], failed: false };
  for (const family of FAMILIES) {
    for (const backend of BACKENDS) {
      for (const thread of ['worker', 'main']) {
        let r;
        try {
          r = await run(ctx, family, backend, thread);
        } catch (e) {
          r = { unavailable: `failed: ${e.message.split('\n')[0]}` };
          out.failed = true;
        }
        out.runs.push({ family, backend, thread, ...r });
        if (!r.unavailable) {
          ctx.log(`thread ${family} ${backend} ${thread} (${r.trainingIn}): ${r.steps} steps, ${r.stepsPerSecond?.toFixed(2)} steps/s; ${r.tasks.length} long tasks (max ${ms(Math.max(0, ...r.tasks))}), first 3 s ${r.startTasks.length}; traced (wall/CPU ms): ${JSON.stringify(r.traced.map(([w, c, inside]) => [Math.round(w), Math.round(c), ...(inside ? [inside] : [])]))}; ${r.frames} frames, longest gap ${ms(r.maxGap)}; first figures ${ms(r.firstStepMs ?? NaN)} after Play`);
        } else ctx.log(`thread ${family} ${backend} ${thread}: ${r.unavailable}`);
      }
    }
    try {
      const m = await memoryRun(ctx, family, 'wasm');
      out.memory.push({ family, backend: 'wasm', ...m });
      ctx.log(`thread memory ${family}: ${JSON.stringify(m)}`);
    } catch (e) {
      out.memory.push({ family, backend: 'wasm', unavailable: `failed: ${e.message.split('\n')[0]}` });
      out.failed = true;
    }
  }
  return out;
}

export function threadReport(r, { seconds, loadLine, chromium }) {
  const L = [THREAD_HEADING, ''];
  L.push(`- run: ${new Date().toISOString().replace('T', ' ').slice(0, 19)} UTC; this part ${Math.round(seconds)} s; ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), no GPU: webgl is SwiftShader (software)`);
  L.push(loadLine);
  L.push(`- browser: ${chromium}, headless; each run a fresh page with one element from dist/ (bench/gan-element.html), Train with the element's defaults, Stop after ${WINDOW_MS / 1000} s (the DCGAN: ${windowFor('dcgan') / 1000} s)`);
  L.push('');
  L.push('| family | backend | thread | long tasks > 50 ms, Play → Stop | of which in the first 3 s | longest | of which the page\'s thread computed > 50 ms (CPU time) | most CPU time in one task | frames (longest gap) | first figures after Play | steps/s once started | worker ÷ main |');
  L.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const rate = (f, b, t) => r.runs.find((x) => x.family === f && x.backend === b && x.thread === t && !x.unavailable)?.stepsPerSecond;
  for (const x of r.runs) {
    if (x.unavailable) {
      L.push(`| ${NAMES[x.family]} | ${x.backend} | ${x.thread} | ${x.unavailable} | | | | | | | | |`);
      continue;
    }
    const ratio = x.thread === 'worker' && x.stepsPerSecond !== undefined && rate(x.family, x.backend, 'main') ? `${(100 * x.stepsPerSecond / rate(x.family, x.backend, 'main')).toFixed(0)} %` : '';
    L.push(`| ${NAMES[x.family]} | ${x.backend} | ${x.thread}${x.trainingIn !== x.thread ? ` (ran: ${x.trainingIn})` : ''} | **${x.tasks.length}** | ${x.startTasks.length} | ${x.tasks.length ? ms(Math.max(...x.tasks)) : '–'} | **${x.traced.filter(([, cpu]) => cpu > 50).length}** | ${x.traced.length ? ms(Math.max(...x.traced.map(([, cpu]) => cpu))) : '–'} | ${x.frames} (${ms(x.maxGap)}) | ${x.firstStepMs === undefined ? 'none' : ms(x.firstStepMs)} | ${x.stepsPerSecond === undefined ? '–' : x.stepsPerSecond.toFixed(2)} | ${ratio} |`);
  }
  L.push('');
  L.push(`Tensors over ${MEMORY_STEPS} steps in the worker (wasm; batches: VAE 8, PixelCNN 2, DCGAN 8):`);
  L.push('');
  L.push('| family | page: loaded → at step ≥ 10 → at the last step → after the run | worker at step ≥ 10 | worker at the last step |');
  L.push('| --- | --- | --- | --- |');
  for (const m of r.memory) {
    if (m.unavailable) L.push(`| ${NAMES[m.family]} | ${m.unavailable} | | |`);
    else L.push(`| ${NAMES[m.family]} | ${m.page0} → ${m.worker.early?.page ?? '?'} → ${m.worker.late?.page ?? '?'} → ${m.page1} | ${m.worker.early?.numTensors ?? '?'} (step ${m.worker.early?.step ?? '?'}) | ${m.worker.late?.numTensors ?? '?'} (step ${m.worker.late?.step ?? '?'}) |`);
  }
  L.push('');
  L.push('Notes');
  L.push('- Goal (the training-engine issue): no long task over 50 ms from Play to Stop in worker mode, on every element; steps/s in the worker at least 90 % of the main thread\'s.');
  L.push('- "steps/s once started": from the first train-step event to the last (the VAE and the PixelCNN report every 10 steps, the DCGAN every 5 rounds), so the setup is not in it; the setup shows in "first figures after Play".');
  L.push('- "computed > 50 ms (CPU time)": the same run is traced (Chromium trace, category `disabled-by-default-devtools.timeline`, as the DevTools Performance panel records): each main-thread task over 50 ms of wall time with the CPU time the page\'s thread spent in it. A long task with little CPU time is the page\'s thread waiting for a core — here, with two cores, while the worker\'s tfjs and SwiftShader (the software GPU, several threads) hold them — not work the page does; on a machine with cores or a GPU to spare it does not happen. The page\'s own work is the CPU-time column.');
  L.push('- A main-thread run on wasm holds the page for a whole step at a time (the step is one synchronous run of kernels): its long tasks are the steps themselves.');
  return L.join('\n') + '\n';
}
