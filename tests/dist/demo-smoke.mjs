// The built package, as a reader meets it: serves the repo with a strict Content-Security-Policy (no
// 'unsafe-eval'), opens demo/index.html in headless Chromium and checks that every element loads its shipped
// weights and paints, with no console errors, CSP violations or uncaught exceptions, and passes an axe-core audit
// (WCAG 2.1 AA) with no violation; then the same page in Chinese (demo/index.zh-CN.html).
// Usage: node tests/dist/demo-smoke.mjs [--screenshot out.png]   (after npm run build)
import { readFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { serve } from '../../tools/serve.mjs';
import { chromiumArgs, chromiumPath } from '../../tools/chromium.mjs';
import { axeViolations } from './axe.mjs';

const shot = process.argv.includes('--screenshot') ? process.argv[process.argv.indexOf('--screenshot') + 1] : undefined;
const server = await serve(0);
const { port } = server.address();
const browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs });
const failures = [];
let passed = 0;
const check = (ok, what) => { if (ok) passed++; else failures.push(what); console.log(`${ok ? '✓' : '✗'} ${what}`); };
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 900, height: 1800 });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  // bytes per URL (each counted once, as a cache would): what a reader's page downloads
  const downloaded = new Map();
  page.on('response', async (r) => {
    if (r.status() >= 300 || new URL(r.url()).pathname.startsWith('/demo/')) return;
    const length = await r.buffer().then((b) => b.length, () => 0); // (a body the page streamed away reads as 0)
    downloaded.set(r.url(), Math.max(length, downloaded.get(r.url()) ?? 0));
  });
  await page.evaluateOnNewDocument(() => {
    window.__events = [];
    for (const type of ['model-load', 'model-error']) document.addEventListener(type, (e) => window.__events.push({ type, detail: e.detail }));
    document.addEventListener('securitypolicyviolation', (e) => window.__events.push({ type: 'csp', detail: `${e.violatedDirective} ${e.blockedURI}` }));
  });
  await page.goto(`http://127.0.0.1:${port}/demo/`, { waitUntil: 'load' });
  const TAGS = 'pixelcnn-autocomplete, vae-latent-grid, gan-trainer, gan-interpolator';
  const count = await page.$$eval(TAGS, (els) => els.length);
  // lazy elements start when scrolled near: scroll through the page
  // (two animation frames per position, so that every IntersectionObserver sees its element on screen)
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y <= height; y += 400) {
    await page.evaluate((v) => new Promise((r) => { window.scrollTo(0, v); requestAnimationFrame(() => requestAnimationFrame(r)); }), y);
  }
  await page.waitForFunction((n) => window.__events.filter((e) => e.type !== 'csp').length >= n, { timeout: 300_000 }, count);
  await page.evaluate(() => window.scrollTo(0, 0));
  const events = await page.evaluate(() => window.__events);
  check(events.filter((e) => e.type === 'model-load').length === count, `all ${count} elements fire model-load on the shipped weights`);
  check(!events.some((e) => e.type === 'model-error'), 'no model-error');
  check(!events.some((e) => e.type === 'csp'), `no CSP violation under "${(await import('../../tools/serve.mjs')).CSP}"`);
  await page.waitForFunction((tags) => [...document.querySelectorAll(tags)].every((el) => {
    const c = el.shadowRoot.querySelector('canvas[part=canvas]');
    return c && c.width >= 28 * 4 && c.getContext('2d').getImageData(0, 0, 1, 1).data[3] === 255;
  }), { timeout: 300_000 }, TAGS);
  const ink = await page.$$eval(TAGS, (els) => els.map((el) => {
    const c = el.shadowRoot.querySelector('canvas[part=canvas]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark++;
    return dark / (d.length / 4);
  }));
  check(ink.every((v) => v > 0.03 && v < 0.6), `every element's canvas shows digits (ink share ${ink.map((v) => v.toFixed(2)).join(', ')})`);
  const violations = await axeViolations(page);
  check(violations.length === 0, `axe-core: no WCAG 2.1 AA violation on the demo page${violations.length ? `\n  ${violations.join('\n  ')}` : ''}`);
  // a reader whose system is dark: the page (color-scheme: light dark) and the elements follow, live
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  await page.waitForFunction((tags) => [...document.querySelectorAll(tags)].every((el) => {
    const c = el.shadowRoot.querySelector('canvas[part=canvas]');
    return c && c.getContext('2d').getImageData(0, 0, 1, 1).data[0] < 60;
  }), { timeout: 60_000, polling: 100 }, TAGS).catch(() => undefined);
  const paper = await page.$$eval(TAGS, (els) => els.map((el) => el.shadowRoot.querySelector('canvas[part=canvas]').getContext('2d').getImageData(0, 0, 1, 1).data[0]));
  check(paper.every((v) => v < 60), `a dark system: every element repaints its canvas on dark paper (corner ${paper.join(', ')})`);
  const darkViolations = await axeViolations(page);
  check(darkViolations.length === 0, `axe-core, dark: no WCAG 2.1 AA violation${darkViolations.length ? `\n  ${darkViolations.join('\n  ')}` : ''}`);
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  // the README's figure for what such a page downloads (tools/readme-figures.mjs) against what this page did
  await page.waitForNetworkIdle({ idleTime: 500, timeout: 60_000 }).catch(() => undefined);
  const bytes = [...downloaded.values()].reduce((a, b) => a + b, 0);
  const stated = /downloads about \*\*([\d.]+) MB\*\*/.exec(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'));
  const mb = bytes / 2 ** 20;
  check(stated && Math.abs(mb - Number(stated[1])) <= 0.15 * Number(stated[1]),
    `the page downloaded ${mb.toFixed(2)} MB in ${downloaded.size} files before any training; the README says about ${stated?.[1]} MB (within 15 %)`);
  const completion = await page.$eval('pixelcnn-autocomplete', async (el) => {
    el.instant = true;
    const r = await el.complete();
    return { reason: r.reason, images: r.images.length, nll: r.nll.map((v) => Math.round(v)), ms: Math.round(r.ms) };
  });
  check(completion.reason === 'done' && completion.images === 4 && completion.nll.every((v) => v > 0),
    `the PixelCNN completes the shipped digit four times (${JSON.stringify(completion)})`);
  // the trainer plays a round in its Web Worker (dist/training-worker.js) under the CSP, and the page's copy moves
  const round = await page.$eval('gan-trainer', async (el) => {
    el.scrollIntoView(); // training pauses while the element is off-screen
    el.batchSize = 8;
    await el.updateComplete;
    const before = await el.dcgan.network.getWeights()[0].data();
    await el.train({ steps: 1 });
    const after = await el.dcgan.network.getWeights()[0].data();
    let moved = 0;
    for (let i = 0; i < before.length; i++) moved = Math.max(moved, Math.abs(after[i] - before[i]));
    window.scrollTo(0, 0);
    return { steps: el.steps, thread: el.trainingIn, moved, status: el.shadowRoot.querySelector('[part=status]').textContent.trim() };
  });
  check(round.steps === 1 && round.thread === 'worker' && round.moved > 0 && /training in a worker/.test(round.status),
    `<gan-trainer> trains one round in its worker and the page's model moves (${JSON.stringify(round)})`);
  const backend = await page.$eval('vae-latent-grid', (el) => el.backendName);
  check(backend !== '', `runtime chose a backend: ${backend}`);
  // tools/serve.mjs sends COOP/COEP: the page is cross-origin isolated, and wasm runs its threaded build (its thread
  // scripts are files of dist/, so the strict CSP above lets them start) with one thread per core
  const isolation = await page.evaluate(() => ({ isolated: window.crossOriginIsolated, cores: navigator.hardwareConcurrency }));
  // the backend by name and its threads are in the status line's detail (its title)
  const status = await page.$eval('vae-latent-grid', (el) => el.shadowRoot.querySelector('[part=status]').title);
  const threaded = backend !== 'wasm' || isolation.cores < 2 || new RegExp(`wasm, ${Math.min(8, isolation.cores)} threads`).test(status);
  check(isolation.isolated && threaded, `the demo is cross-origin isolated and wasm runs on every core (${JSON.stringify(isolation)}; “${status.trim()}”)`);
  check(problems.length === 0, `no console errors or uncaught exceptions${problems.length ? `: ${problems.join(' | ')}` : ''}`);
  if (shot) await page.screenshot({ path: shot, fullPage: true });
  await page.close();
  await chinesePage();
} catch (e) {
  failures.push(String(e));
  console.log(`✗ ${e}`);
} finally {
  await browser.close();
  server.close();
}
/**
 * The demo page in Chinese (demo/index.zh-CN.html, <html lang="zh-CN">): every element loads and speaks Chinese by
 * itself (no English word left but names and symbols), with no console error, and axe finds no violation.
 */
async function chinesePage() {
  const page = await browser.newPage();
  await page.setViewport({ width: 900, height: 1800 });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  await page.evaluateOnNewDocument(() => {
    window.__events = [];
    for (const type of ['model-load', 'model-error']) document.addEventListener(type, (e) => window.__events.push({ type, detail: e.detail }));
  });
  await page.goto(`http://127.0.0.1:${port}/demo/index.zh-CN.html`, { waitUntil: 'load' });
  const TAGS = 'pixelcnn-autocomplete, vae-latent-grid, gan-trainer, gan-interpolator';
  const count = await page.$$eval(TAGS, (els) => els.length);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y <= height; y += 400) {
    await page.evaluate((v) => new Promise((r) => { window.scrollTo(0, v); requestAnimationFrame(() => requestAnimationFrame(r)); }), y);
  }
  await page.waitForFunction((n) => window.__events.length >= n, { timeout: 300_000 }, count);
  const events = await page.evaluate(() => window.__events);
  check(events.filter((e) => e.type === 'model-load').length === count, `Chinese page: all ${count} elements fire model-load`);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
  const LATIN_OK = ['DCGAN', 'GAN', 'VAE', 'PixelCNN', 'PixelRNN', 'MNIST', 'EMA', 'ELBO', 'KL', 'NLL', 'GPU', 'CPU', 'WebGL', 'WebGPU', 'wasm', 'webgl', 'webgpu', 'cpu', 'log', 'LSTM', 'RNN', 'CNN', 'Fréchet', 'TensorFlow', 'js', 'za', 'zb'];
  const english = await page.$$eval(TAGS, (els, ok) => els.flatMap((el) => {
    const words = (el.shadowRoot.textContent.replace(/#[\w-]+/g, '').match(/[A-Za-zÀ-ÿ]{2,}/g) ?? []).filter((w) => !ok.includes(w));
    return words.length ? [`<${el.localName}>: ${[...new Set(words)].slice(0, 8).join(' ')}`] : [];
  }), LATIN_OK);
  check(english.length === 0, `Chinese page: the elements speak Chinese${english.length ? ` (English left: ${english.join('; ')})` : ''}`);
  const violations = await axeViolations(page);
  check(violations.length === 0, `axe-core, Chinese page: no WCAG 2.1 AA violation${violations.length ? `\n  ${violations.join('\n  ')}` : ''}`);
  check(problems.length === 0, `Chinese page: no console errors${problems.length ? `: ${problems.join(' | ')}` : ''}`);
  await page.close();
}

console.log(`demo-smoke: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
