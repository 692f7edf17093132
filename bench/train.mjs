// The `train` part of `npm run bench` (BENCH_ONLY=train): one training step of each family — a DCGAN round, a VAE
// step, a PixelCNN step — on the TensorFlow.js backends (bench/train.html, bench/train-bench.ts) beside PyTorch on
// the same CPU (bench/torch_steps.py, run here when `python3 -c "import torch"` works), same architectures, batches,
// losses and optimisers. wasm runs twice: on a page that is not cross-origin isolated (one thread, the like of
// PyTorch with one thread) and on an isolated one (COOP/COEP: tfjs-wasm's threaded build, one thread per core, the
// like of PyTorch with as many threads). Medians of timed steps after two warm-up steps.
//
// Knobs (env): BENCH_TRAIN_BACKENDS=wasm,webgl,webgpu (cpu: the pure-JS backend, minutes per DCGAN round)
//   BENCH_TRAIN_BATCH=dcgan:64,dcgan2:64,vae:100,pixelcnn:32,conv:64   BENCH_TRAIN_S=8 (timed seconds per family and backend; at least 3 steps)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FAMILIES = ['dcgan', 'dcgan2', 'vae', 'pixelcnn', 'conv'];
const NAMES = { dcgan: 'DCGAN round (1 D step + 1 G step), depth 3 (shipped)', dcgan2: 'DCGAN round, depth 2', vae: 'VAE step (−ELBO)', pixelcnn: 'PixelCNN step (NLL)', conv: 'One convolution alone (D\'s second layer, forward; no training)' };
const BACKENDS = (process.env.BENCH_TRAIN_BACKENDS ?? 'wasm,webgl,webgpu').split(',').map((s) => s.trim()).filter(Boolean);
const BATCH = Object.fromEntries((process.env.BENCH_TRAIN_BATCH ?? 'dcgan:64,dcgan2:64,vae:100,pixelcnn:32,conv:64').split(',').map((s) => s.split(':')).map(([k, v]) => [k, Number(v)]));
const BUDGET_MS = Number(process.env.BENCH_TRAIN_S ?? 8) * 1000;

export const TRAIN_HEADING = '## Training steps: TensorFlow.js beside PyTorch on the same CPU';

function torchSteps(threads, log) {
  const args = ['tools/python.sh', 'bench/torch_steps.py', '--threads', String(threads), '--budget', String(BUDGET_MS / 1000),
    ...FAMILIES.flatMap((f) => [`--${f}`, String(BATCH[f])])];
  const r = spawnSync('bash', args, { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) {
    log(`PyTorch (${threads} thread${threads > 1 ? 's' : ''}): unavailable: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`);
    return { unavailable: (r.stderr || '').includes('No Python with torch') ? 'no Python with PyTorch on this machine' : 'failed (see the bench log)' };
  }
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  log(`PyTorch ${out.torch}, ${threads} thread(s): ${FAMILIES.map((f) => `${f} ${out.steps[f].median} ms`).join(', ')}`);
  return out;
}

async function tfjsSteps({ browser, log, withPage }, origin, backend) {
  return withPage(browser, `${origin}/bench/train.html`, async (page) => {
    await page.waitForFunction(() => document.body.dataset.ready === 'true', { timeout: 60_000 });
    let init;
    try {
      init = await page.evaluate((b) => window.geTrain.init(b), backend);
    } catch (e) {
      return { unavailable: `did not start: ${e.message.split('\n')[0]}` };
    }
    if (init.backend !== backend) return { unavailable: `fell back to ${init.backend} (${init.reasons.join('; ') || 'no reason given'})` };
    const steps = {};
    for (const f of FAMILIES) {
      // a software GPU takes tens of seconds a step: one warm-up and one timed step there
      const [min, warmUps] = backend === 'wasm' ? [3, 2] : [1, 1];
      const r = await page.evaluate((fam, b, ms, k, w) => window.geTrain.run(fam, b, ms, k, 30, w), f, BATCH[f], BUDGET_MS, min, warmUps);
      steps[f] = { ...r, median: median(r.ms) };
      log(`train ${backend}${init.isolated ? ` (isolated, ${init.threads} threads)` : ''}: ${f} batch ${BATCH[f]}: ${median(r.ms).toFixed(0)} ms/step (n=${r.ms.length}, warm-up ${r.warm.map((m) => m.toFixed(0)).join(', ')} ms)` +
        (r.tensorsLeft ? `, ${r.tensorsLeft} tensors left` : ''));
    }
    return { init, steps };
  });
}

/** ctx: { browser, origin (not isolated), isolatedOrigin, log, withPage }. */
export async function trainBench(ctx) {
  const cores = os.cpus().length;
  const torch1 = torchSteps(1, ctx.log);
  const torchN = cores > 1 ? torchSteps(cores, ctx.log) : undefined;
  const tfjs = {};
  for (const b of BACKENDS) {
    try {
      tfjs[b] = await tfjsSteps(ctx, ctx.origin, b);
    } catch (e) {
      tfjs[b] = { unavailable: `failed: ${String(e.message ?? e).split('\n')[0]}` };
    }
    if (tfjs[b].unavailable) ctx.log(`train ${b}: ${tfjs[b].unavailable}`);
  }
  let isolated;
  if (BACKENDS.includes('wasm')) {
    try {
      isolated = await tfjsSteps(ctx, ctx.isolatedOrigin, 'wasm');
    } catch (e) {
      isolated = { unavailable: `failed: ${String(e.message ?? e).split('\n')[0]}` };
    }
  }
  const leaks = [...Object.values(tfjs), isolated].filter((r) => r?.steps && Object.values(r.steps).some((s) => s.tensorsLeft));
  return { cores, torch1, torchN, tfjs, isolated, failed: leaks.length > 0 };
}

/** The widest vector instructions this CPU offers (what native code such as PyTorch's oneDNN can use; wasm cannot). */
function cpuVectors() {
  let flags = '';
  try {
    flags = readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1] ?? '';
  } catch {
    return 'unknown';
  }
  const has = (f) => flags.split(/\s+/).includes(f);
  return has('avx512f') ? 'AVX-512, 512-bit' : has('avx2') ? 'AVX2, 256-bit' : has('avx') ? 'AVX, 256-bit' : '128-bit or unknown';
}

const msText = (v) => (v === undefined ? '—' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
const ratio = (a, b) => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`);

export function trainReport(r, { seconds, loadLine, chromium }) {
  const L = [TRAIN_HEADING, ''];
  L.push(`- run: ${new Date().toISOString().replace('T', ' ').slice(0, 19)} UTC; this part ${Math.round(seconds)} s; ${r.cores} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), no GPU: webgl and webgpu are SwiftShader (software)`);
  L.push(loadLine);
  L.push(`- browser: ${chromium}, headless; PyTorch ${r.torch1.torch ?? '(unavailable)'} (Debian python3-torch, CPU), \`torch.set_num_threads\` as the column says`);
  L.push(`- batches: ${FAMILIES.map((f) => `${f} ${BATCH[f]}`).join(', ')}; fresh weights of the shipped architectures (the DCGAN at depth 3); Adam as the trainers use it; medians of timed steps after 2 warm-up steps (webgl, webgpu: one timed step after one warm-up), each step ending with a read of its loss`);
  L.push('');
  const torch = (t, f) => t?.steps?.[f]?.median;
  const tf = (b, f) => r.tfjs[b]?.steps?.[f]?.median;
  const iso = (f) => r.isolated?.steps?.[f]?.median;
  const threads = r.isolated?.init?.threads;
  const gpuCols = BACKENDS.filter((b) => b !== 'wasm');
  L.push(`| step | PyTorch, 1 thread | wasm, 1 thread | **wasm ÷ PyTorch** | PyTorch, ${r.cores} threads | wasm, isolated page (${threads ?? '?'} threads) | wasm isolated ÷ PyTorch ${r.cores} threads | wasm: isolated speed-up |${gpuCols.map((b) => ` ${b} |`).join('')}`);
  L.push(`| --- | --- | --- | --- | --- | --- | --- | --- |${gpuCols.map(() => ' --- |').join('')}`);
  for (const f of FAMILIES) {
    L.push(`| ${NAMES[f]}, batch ${BATCH[f]} | ${msText(torch(r.torch1, f))} | ${msText(tf('wasm', f))} | **${ratio(tf('wasm', f), torch(r.torch1, f))}** | ` +
      `${msText(torch(r.torchN, f))} | ${msText(iso(f))} | ${ratio(iso(f), torch(r.torchN, f))} | ${ratio(tf('wasm', f), iso(f))} |` +
      `${gpuCols.map((b) => ` ${r.tfjs[b]?.unavailable ? r.tfjs[b].unavailable : msText(tf(b, f))} |`).join('')}`);
  }
  L.push('');
  L.push('Notes');
  L.push('- "wasm ÷ PyTorch": how many times longer tfjs-wasm takes than PyTorch for the same step on the same core (lower is better; the DCGAN goal is ≤ 2×).');
  L.push('- wasm has no native filter gradient, and its transposed convolution and unbatched matMul are scalar loops: src/runtime/wasm-kernels.ts computes the filter gradient as one dilated convolution, the transposed convolution as four stride-1 convolutions (one per output phase), single matMuls as 1×1 convolutions (XNNPACK), and the transposed convolution\'s Gather of kernel taps and batch-norm\'s Tile as block copies.');
  L.push('- "isolated page": served with `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp` (what `tools/serve.mjs` sends); tfjs-wasm then runs its threaded build, one thread per core (tools/wasm-threads.mjs).');
  L.push(`- "One convolution alone": the rate at which each side multiplies, with nothing else in the way: tfjs-wasm runs XNNPACK on WebAssembly's 128-bit SIMD, PyTorch runs oneDNN on the CPU's own vector units (${cpuVectors()}). A training step is mostly convolutions, so its wasm ÷ PyTorch ratio cannot go much below this row's.`);
  if (r.torch1.unavailable) L.push(`- PyTorch: ${r.torch1.unavailable}: no ratios.`);
  return L.join('\n') + '\n';
}
