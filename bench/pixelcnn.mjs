// The PixelCNN and PixelRNN part of `npm run bench` (bench/run.mjs calls pixelCnnBench, then pixelCnnReport).
//
//  P1. Completing the bottom half (392 pixels) of a held-out digit with the shipped PixelCNN and the shipped
//      PixelRNN (the fast sampler: cached rows for the PixelCNN, the LSTM's row state for the PixelRNN), for 1 and 16 samples
//      drawn together, with the cached sampler (the network on the current row only, against cached rows above:
//      what <pixelcnn-autocomplete> runs) and the naive one (the whole network on the whole image for every pixel),
//      per backend, in bench/pixelcnn.html (bench/pixelcnn-bench.ts). A run that passes BENCH_PIXELCNN_MAX_S is
//      stopped, the device is waited for, and the time is extrapolated from its time per pixel (every naive pass has
//      the same shape, so its cost per pixel is constant); such figures are marked "~".
//  P2. Pixels per second (sampled pixels of all samples together / time), and the cached/naive ratio.
//  P3. Scoring one image: −log p(x) in one pass + one readback (median of 5 after a warm-up).
//  P4. A training step of the small in-page models (PixelCNN 2,433 and PixelRNN 2,413 parameters) at batch 16 and
//      64 on the same digits, each step awaited to its loss: the lecture's claim (a PixelCNN trains faster) as a ratio.
// Warm-up per backend, kind and batch: one untimed run stopped after two sampled pixels (shaders compile per shape).
//
// Knobs (env): BENCH_PIXELCNN_SAMPLES=1,16  BENCH_PIXELCNN_MAX_S=60  BENCH_PIXELCNN_NAIVE_MAX_S=20  BENCH_PIXELCNN_MODELS=pixelcnn,pixelrnn
//              BENCH_PIXELCNN_TRAIN_BATCHES=16,64  BENCH_PIXELCNN_TRAIN_STEPS=10
import { median, ms } from './stats.mjs';

const num = (name, fallback) => Number(process.env[name] ?? fallback);
const SAMPLES = (process.env.BENCH_PIXELCNN_SAMPLES ?? '1,16').split(',').map(Number);
const MAX_MS = num('BENCH_PIXELCNN_MAX_S', 60) * 1000;
const NAIVE_MAX_MS = num('BENCH_PIXELCNN_NAIVE_MAX_S', 20) * 1000;
const MODELS = (process.env.BENCH_PIXELCNN_MODELS ?? 'pixelcnn,pixelrnn').split(',').filter(Boolean);
const TRAIN_BATCHES = (process.env.BENCH_PIXELCNN_TRAIN_BATCHES ?? '16,64').split(',').map(Number);
const TRAIN_STEPS = num('BENCH_PIXELCNN_TRAIN_STEPS', 10);
const NAME = { pixelcnn: 'PixelCNN', pixelrnn: 'PixelRNN' };
export const PIXELCNN_HEADING = '## PixelCNN and PixelRNN: `<pixelcnn-autocomplete>`';


/** The full-completion time of a run, extrapolated from its time per sampled pixel when it stopped early. */
function fullTime(run, hidden) {
  if (run.pixels >= hidden) return { ms: run.ms, extrapolated: false };
  return { ms: run.givenMs + ((run.ms - run.givenMs) / run.pixels) * hidden, extrapolated: true, from: run.pixels };
}

async function backendBench({ browser, origin, log, withPage }, backend, model) {
  return withPage(browser, `${origin}/bench/pixelcnn.html`, async (page) => {
    await page.waitForFunction(() => document.body.dataset.ready === 'true', { timeout: 60_000 });
    let init;
    try {
      init = await page.evaluate((b, m) => window.gePixelCnn.init(b, m), backend, model);
    } catch (e) {
      return { unavailable: String(e.message ?? e).split('\n')[0] };
    }
    if (init.backend !== backend) return { unavailable: `got ${init.backend} (${init.reasons.join('; ')})` };
    const out = { params: init.params, hidden: init.hidden, runs: {}, score: undefined };
    const before = await page.evaluate(() => window.gePixelCnn.memory());
    for (const samples of SAMPLES) {
      for (const kind of ['cached', 'naive']) {
        const warm = await page.evaluate((k, s) => window.gePixelCnn.complete(k, s, Infinity, 2), kind, samples);
        log(`${model} ${backend} ${kind} ×${samples}: warm-up ${ms(warm.ms)} for ${warm.pixels} pixels`);
        const run = await page.evaluate((k, s, m) => window.gePixelCnn.complete(k, s, m, Infinity, 1), kind, samples, kind === 'naive' ? NAIVE_MAX_MS : MAX_MS);
        const full = fullTime(run, init.hidden);
        out.runs[`${kind}:${samples}`] = { ...run, full };
        log(`${model} ${backend} ${kind} ×${samples}: ${full.extrapolated ? '~' : ''}${ms(full.ms)} (${run.pixels} pixels in ${ms(run.ms)}, ${run.passes} passes)`);
      }
    }
    await page.evaluate(() => window.gePixelCnn.score());
    const scores = [];
    for (let i = 0; i < 5; i++) scores.push(await page.evaluate(() => window.gePixelCnn.score()));
    out.score = { ms: median(scores.map((s) => s.ms)), nll: scores[0].nll };
    if (model === MODELS[0]) {
      // P4 on the first model's page: both small models, fresh, on the same digits
      out.train = {};
      for (const batch of TRAIN_BATCHES) {
        for (const m of ['pixelcnn', 'pixelrnn']) {
          out.train[`${m}:${batch}`] = await page.evaluate((a, n, s) => window.gePixelCnn.trainStep(a, n, s), m, batch, TRAIN_STEPS);
          log(`${m} ${backend} training step at batch ${batch}: ${ms(out.train[`${m}:${batch}`].ms)}`);
        }
      }
    }
    const after = await page.evaluate(() => window.gePixelCnn.memory());
    out.leak = after.numTensors - before.numTensors;
    log(`${model} ${backend}: score ${ms(out.score.ms)} (NLL ${out.score.nll.toFixed(2)} nats); tensors ${before.numTensors} → ${after.numTensors}`);
    return out;
  });
}

export async function pixelCnnBench(ctx) {
  const out = { backends: {}, failed: false };
  for (const b of ctx.backends) {
    for (const m of MODELS) {
      const key = `${m}@${b}`;
      try {
        out.backends[key] = await backendBench(ctx, b, m);
      } catch (e) {
        ctx.log(`${m} ${b}: ${e.stack ?? e}`);
        out.backends[key] = { unavailable: `failed: ${String(e?.message ?? e).split('\n')[0]}` };
      }
      if (out.backends[key].leak) out.failed = true;
    }
  }
  return out;
}

export function pixelCnnReport(r, { seconds, loadLine }) {
  const date = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const L = [PIXELCNN_HEADING, ''];
  L.push(`- run: ${date}; PixelCNN and PixelRNN part ${Math.round(seconds)} s; same machine and browser as above (no GPU: webgl and webgpu are SwiftShader, software)`);
  L.push(loadLine);
  const params = (m) => Object.entries(r.backends).find(([k, b]) => k.startsWith(`${m}@`) && b.params)?.[1].params;
  const k = (n) => (n ? `${(n / 1000).toFixed(0)}k parameters, ` : '');
  L.push(`- models: the shipped \`weights/pixelcnn-mnist/\` (${k(params('pixelcnn'))}7×7 mask-A conv, 7 residual blocks with 3×3 mask-B convs) and \`weights/pixelrnn-mnist/\` (${k(params('pixelrnn'))}7×7 mask-A conv, 3 Row LSTM layers); the first held-out digit with its bottom half (392 pixels) hidden`);
  L.push('');
  L.push('### P1–P2. Completing the bottom half: fast vs naive sampler', '');
  L.push('The fast sampler ("cached") runs one row per pixel: for the PixelCNN against cached rows above, for the PixelRNN one row step per LSTM layer from the cached state of the row above. The naive one runs the whole network on the whole image for every pixel (for the PixelRNN: 28 row steps per layer per pixel).', '');
  L.push('Time from creating the sampler to the last row read back (one readback per row with sampled pixels), all samples drawn together as one batch. ' +
    'Pixels/s counts the sampled pixels of all samples. "~": stopped early (after waiting for the device) and extrapolated from the time per pixel (runs over ' +
    `${MAX_MS / 1000} s cached, ${NAIVE_MAX_MS / 1000} s naive).`, '');
  L.push('| model | backend | samples | cached | naive | naive / cached | cached pixels/s | naive pixels/s | passes cached / naive |');
  L.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const rows = (fn) => Object.entries(r.backends).forEach(([key, res]) => { const [m, b] = key.split('@'); fn(NAME[m] ?? m, b, res); });
  rows((m, b, res) => {
    if (res.unavailable) {
      L.push(`| ${m} | ${b} | — | unavailable: ${res.unavailable} | | | | | |`);
      return;
    }
    for (const s of SAMPLES) {
      const c = res.runs[`cached:${s}`];
      const n = res.runs[`naive:${s}`];
      const t = (x) => `${x.full.extrapolated ? '~' : ''}${ms(x.full.ms)}${x.full.extrapolated ? ` (from ${x.full.from} px)` : ''}`;
      const pps = (x) => `${x.full.extrapolated ? '~' : ''}${((s * res.hidden) / (x.full.ms / 1000)).toFixed(0)}`;
      L.push(`| ${m} | ${b} | ${s} | ${t(c)} | ${t(n)} | ${c.full.extrapolated || n.full.extrapolated ? '~' : ''}${(n.full.ms / c.full.ms).toFixed(1)}× | ${pps(c)} | ${pps(n)} | ${c.passes} / ${n.passes}${n.full.extrapolated ? ' (so far)' : ''} |`);
    }
  });
  L.push('');
  L.push('### P3. Scoring one image', '');
  L.push('| model | backend | −log p(x): one pass + readback | NLL of the digit | tensors leaked over the whole run |');
  L.push('| --- | --- | --- | --- | --- |');
  rows((m, b, res) => {
    if (!res.unavailable) L.push(`| ${m} | ${b} | ${ms(res.score.ms)} | ${res.score.nll.toFixed(2)} nats | ${res.leak} |`);
  });
  L.push('');
  L.push('### P4. Training: a step of the small in-page models, PixelRNN against PixelCNN', '');
  L.push(`Fresh small models (the sizes \`<pixelcnn-autocomplete>\`'s Train and race build), one Adam step on the NLL of the same held-out digits, awaited to its loss; median of ${TRAIN_STEPS} after 2 untimed.`, '');
  L.push('| backend | batch | PixelCNN step (parameters) | PixelRNN step (parameters) | PixelRNN ÷ PixelCNN |');
  L.push('| --- | --- | --- | --- | --- |');
  rows((m, b, res) => {
    if (!res.train) return;
    for (const batch of TRAIN_BATCHES) {
      const c = res.train[`pixelcnn:${batch}`];
      const n = res.train[`pixelrnn:${batch}`];
      L.push(`| ${b} | ${batch} | ${ms(c.ms)} (${c.params.toLocaleString('en')}) | ${ms(n.ms)} (${n.params.toLocaleString('en')}) | ${(n.ms / c.ms).toFixed(1)}× |`);
    }
  });
  L.push('');
  L.push('Notes');
  L.push('- The cached sampler does 1/28 of the naive work per pixel (one row of 28 positions instead of 784), plus one pass per wholly given row; on a real GPU both are bound by kernel launches (about 40 small ops per pass), so the ratio there is smaller than the arithmetic says.');
  L.push('- Both samplers draw the same pixels for the same seed (tests/models/pixelcnn.test.ts and pixelrnn.test.ts check this).');
  L.push('- P4 is the lecture\'s claim: with the image known, every PixelCNN conditional comes out of one parallel pass, while each PixelRNN layer takes 28 row steps one after another (each a handful of small ops), so at equal parameters the PixelRNN step has about 28 times as many ops in sequence; how much that costs depends on what an op costs on each backend.');
  L.push('- So that a run can stop on time, the timed naive run waits for the device after every pixel (a one-value readback next to a whole-image pass); the cached run reads back once per row, as the element does.');
  return L.join('\n') + '\n';
}
