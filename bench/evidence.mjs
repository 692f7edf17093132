// log p(x) by quadrature (BENCH_ONLY=evidence): for one held-out digit on each backend, the time <vae-latent-grid>
// takes to integrate p(x|z) p(z) over the 2-D latent (a 100 × 100 coarse midpoint grid over [−5, 5]², its cells near
// the posterior's peak refined into 8 × 8 points, decoded in chunks),
// compute the ELBO (a 20 × 20 Gauss–Hermite rule on q) and the 64 × 64 posterior map: src/models/vae-evidence.ts's
// digitEvidence on bench/grid.html, without the element's yields between chunks. One warm-up, then BENCH_EVIDENCE_REPS
// timed runs (median). Knobs: BENCH_EVIDENCE_REPS=3  BENCH_BACKENDS
import { median } from './stats.mjs';

export const EVIDENCE_HEADING = '## log p(x) by quadrature: one digit\'s evidence, ELBO and posterior map';
const REPS = Number(process.env.BENCH_EVIDENCE_REPS ?? 3);

export async function evidenceBench({ browser, origin, backends, log, withPage }) {
  const rows = [];
  for (const backend of backends) {
    const row = await withPage(browser, `${origin}/bench/grid.html`, async (page) => {
      await page.waitForFunction(() => document.body.dataset.ready === 'true', { timeout: 60_000 });
      let init;
      try {
        init = await page.evaluate((b) => window.geBench.init(b), backend);
      } catch (e) {
        return { backend, unavailable: String(e.message ?? e).split('\n')[0] };
      }
      if (init.backend !== backend) return { backend, unavailable: `fell back to ${init.backend}` };
      const runs = [];
      for (let i = 0; i <= REPS; i++) runs.push(await page.evaluate(() => window.geBench.evidence(0)));
      const timed = runs.slice(1);
      return { backend, software: init.software, ms: median(timed.map((r) => r.ms)), first: runs[0].ms, chunk: runs[0].chunk, logPx: runs[0].logPx, elbo: runs[0].elbo };
    });
    log(`evidence ${backend}: ${row.unavailable ?? `${Math.round(row.ms)} ms (first ${Math.round(row.first)} ms)`}`);
    rows.push(row);
  }
  return { rows, failed: false };
}

export function evidenceReport({ rows }, { seconds, loadLine, chromium }) {
  const lines = [EVIDENCE_HEADING, ''];
  lines.push(`- run: ${new Date().toISOString().slice(0, 19).replace('T', ' ')} UTC; this part ${Math.round(seconds)} s; ${chromium}, headless`);
  lines.push(loadLine, '');
  lines.push('| backend | grid points per decoder pass | one digit: log p(x), ELBO, posterior map (median) | first run (shaders, kernels) | log p(x) / ELBO of test digit #0, nats |');
  lines.push('| --- | --- | --- | --- | --- |');
  for (const r of rows) {
    if (r.unavailable) lines.push(`| ${r.backend} | – | unavailable: ${r.unavailable} | – | – |`);
    else lines.push(`| ${r.backend}${r.software ? ' (software)' : ''} | ${r.chunk} | ${(r.ms / 1000).toFixed(2)} s | ${(r.first / 1000).toFixed(2)} s | ${r.logPx.toFixed(2)} / ${r.elbo.toFixed(2)} |`);
  }
  lines.push('', 'Notes');
  lines.push('- the work: 10,000 coarse grid points through the decoder (2 → 256 → 512 → 784), each scored against the digit, then 64 points in each coarse cell within 16 nats of the peak (a few thousand for most digits), 400 Gauss–Hermite points for the ELBO and the 4,096-point map; all on the device, read back three times (coarse grid with the ELBO, refined sum, map).');
  lines.push('- in the element the chunks are separated by a yield to the page (a macrotask), so the page stays responsive; on wasm a chunk of 512 points (cpu: 128) is one task of a few tens of ms.');
  return lines.join('\n') + '\n';
}
