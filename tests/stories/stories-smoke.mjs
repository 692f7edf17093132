// Opens every story of the Storybook build (storybook-static/, from `npm run build-storybook`) in headless
// Chromium and checks that each one works: every element of the story's component (the last part of its title,
// e.g. Elements/vae-latent-grid) fires model-load and paints its canvas, with no
// console error, page error or failed request. A story tagged `expect-404` must instead show a readable 404 in the
// element's status part and fire model-error; its one 404 is the only error allowed. Each story passes an axe-core
// audit at WCAG 2.1 AA with no violation, in English and (the toolbar's Language, a lang around the story) in Chinese. The autodocs page must exist and render the manifest's API table.
// Usage: node tests/stories/stories-smoke.mjs   (STORY=<substring> runs only the matching entries;
//        STORYBOOK_URL=http://localhost:6006/ checks a running `storybook dev` instead of storybook-static/)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../../tools/chromium.mjs';
import { serve } from '../../tools/serve.mjs';
import { axeViolations } from '../dist/axe.mjs';

const ROOT = fileURLToPath(new URL('../../storybook-static/', import.meta.url));
const EXPECT_404 = 'expect-404';
const STORY_TIMEOUT = 120_000;

let passed = 0;
let failed = 0;
const pass = (id, note = '') => { passed++; console.log(`✓ ${id}${note ? `  (${note})` : ''}`); };
const fail = (id, reason) => { failed++; console.log(`✗ ${id}: ${reason}`); };
const finish = () => {
  console.log(`stories-smoke: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
};

const REMOTE = process.env.STORYBOOK_URL;

if (!REMOTE && !existsSync(join(ROOT, 'index.json'))) {
  fail('storybook-static', 'storybook-static/index.json not found: run `npm run build-storybook` first');
  finish();
}

const index = REMOTE
  ? await (await fetch(new URL('index.json', REMOTE))).json()
  : JSON.parse(readFileSync(join(ROOT, 'index.json'), 'utf8'));
const entries = Object.values(index.entries ?? {});
const tagOf = (entry) => entry.title.split('/').pop();
// What each docs page must mention: from the manifest, every attribute and event of the element, a part and a property.
const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../../custom-elements.json', import.meta.url)), 'utf8'));
const apiWords = Object.fromEntries(manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName)
  .map((d) => [d.tagName, [...(d.attributes ?? []).map((a) => a.name), ...(d.events ?? []).map((e) => e.name).filter(Boolean), 'status', '--ge-accent']]));
const stories = entries.filter((e) => e.type === 'story');
const docs = entries.filter((e) => e.type === 'docs');

// Autodocs: one docs entry per component (title) that has stories tagged autodocs.
const autodocTitles = [...new Set(stories.filter((s) => s.tags?.includes('autodocs')).map((s) => s.title))];
if (stories.length === 0) fail('index.json', 'no stories');
for (const title of autodocTitles) {
  const entry = docs.find((d) => d.title === title && d.tags?.includes('autodocs'));
  if (!entry) fail(`docs: ${title}`, 'no autodocs entry in index.json (is @storybook/addon-docs in .storybook/main.ts addons?)');
}

const only = process.env.STORY;
const selected = [...docs, ...stories].filter((e) => !only || e.id.includes(only));

// Storybook's own server sends neither a CSP (its dev build needs eval) nor COOP/COEP; so this one. (Isolated, the
// tfjs-wasm that Storybook's bundler builds would start its threads from a minified factory that cannot run alone;
// dist/ ships its thread scripts as files instead: tools/wasm-threads.mjs.)
const server = REMOTE ? undefined : await serve(0, '127.0.0.1', { root: ROOT, csp: false, isolated: false });
const base = REMOTE ? new URL('./', REMOTE).href : `http://127.0.0.1:${server.address().port}/`;
const browser = await puppeteer.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });

/** In the page: listen to every element's events from the start (they bubble and are composed). */
function recordEvents() {
  const log = { load: [], error: [] };
  window.__smoke = log;
  window.addEventListener('model-load', (e) => log.load.push(e.detail), true);
  window.addEventListener('model-error', (e) => log.error.push(String(e.detail?.message)), true);
}

/**
 * In the page: the state of every element, or undefined while one is still working. An element is done when it
 * loaded and painted its grid (canvas sized grid × 28 with both ink and paper in it), or when its status shows an error
 * (a PixelCNN drawing pad: when it has scored the empty pad).
 */
function elementsState(tag) {
  const els = [...document.querySelectorAll(tag)];
  if (els.length === 0) return undefined;
  const states = els.map((el) => {
    const status = el.shadowRoot?.querySelector('[part=status]');
    const text = status?.textContent?.trim() ?? '';
    if (status?.classList.contains('error')) return { error: text, src: el.getAttribute('src') };
    if (!el.loaded) return undefined;
    const canvas = el.shadowRoot.querySelector('canvas[part=canvas]');
    // <pixelcnn-autocomplete input="draw"> shows an empty drawing pad, not a picture: done once it scored the pad
    if (!canvas && el.input === 'draw') return typeof el.inputNll === 'number' ? { loaded: true, backend: el.backendName } : undefined;
    if (!canvas || canvas.width < 28 || canvas.height < 28) return undefined;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let min = 255;
    let max = 0;
    for (let i = 0; i < data.length; i += 4) {
      min = Math.min(min, data[i]);
      max = Math.max(max, data[i]);
    }
    // not painted yet (or blank); an untrained generator (init="scratch") paints near-uniform grey noise
    if (data[3] !== 255 || (max - min < 64 && el.getAttribute('init') !== 'scratch')) return undefined;
    return { loaded: true, backend: el.backendName };
  });
  return states.every(Boolean) ? states : undefined;
}

/** Opens one entry (a story or a docs page) and returns why it failed, or a note if it passed. */
async function check(entry, locale = 'en') {
  const isDocs = entry.type === 'docs';
  // A docs page shows every story of its component, so it may show (and 404 for) the bad-src story too.
  const siblings = isDocs ? stories.filter((s) => s.title === entry.title) : [entry];
  const expected404s = siblings.filter((s) => s.tags?.includes(EXPECT_404)).length;
  const page = await browser.newPage();
  const problems = [];
  const allowed404s = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    const url = m.location()?.url ?? '';
    // The browser's own line for a 404; the request itself is judged below.
    if (expected404s && /status of 404/.test(text)) return;
    problems.push(`console error: ${text}${url ? ` (${url})` : ''}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() < 400 || new URL(r.url()).pathname === '/favicon.ico') return; // the browser's own request
    if (r.status() === 404 && expected404s) allowed404s.push(r.url());
    else problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.evaluateOnNewDocument(recordEvents);
  try {
    const url = `${base}iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=${isDocs ? 'docs' : 'story'}${locale === 'en' ? '' : `&globals=locale:${locale}`}`;
    await page.goto(url, { waitUntil: 'load', timeout: STORY_TIMEOUT });
    if (isDocs && !apiWords[tagOf(entry)]) {
      // a docs page of its own (the Introduction, stories/*.mdx): it renders, with every element named, no error
      await page.waitForFunction(() => (document.querySelector('#storybook-docs')?.textContent ?? '').length > 500, { timeout: STORY_TIMEOUT, polling: 100 });
      const text = await page.evaluate(() => document.querySelector('#storybook-docs').textContent);
      for (const tag of Object.keys(apiWords).filter((t) => !t.startsWith('ge-'))) if (!text.includes(`<${tag}>`)) problems.push(`docs page does not name <${tag}>`);
      problems.push(...(await axeViolations(page, '#storybook-docs')));
      return problems.length ? { error: problems.join('; ') } : { note: 'page' };
    }
    const handle = await page.waitForFunction(elementsState, { timeout: STORY_TIMEOUT, polling: 100 }, tagOf(entry));
    const states = await handle.jsonValue();
    // Let follow-up work (test-digit encodings, a docs page's last requests) finish before judging.
    await page.waitForNetworkIdle({ idleTime: 300, timeout: 15_000 }).catch(() => undefined);
    const events = await page.evaluate(() => window.__smoke);
    const errored = states.filter((s) => s.error);
    const loaded = states.filter((s) => s.loaded);

    if (errored.length !== expected404s) {
      problems.push(...errored.map((s) => `element shows an error: ${s.error}`));
      if (errored.length < expected404s) problems.push(`expected ${expected404s} element(s) to show a 404, saw ${errored.length}`);
    }
    for (const s of errored) if (!/\b404\b/.test(s.error)) problems.push(`status does not mention 404: "${s.error}"`);
    if (events.error.length !== expected404s) problems.push(`${events.error.length} model-error event(s), expected ${expected404s}: ${events.error.join(' | ')}`);
    if (events.load.length < loaded.length) problems.push(`${events.load.length} model-load event(s) for ${loaded.length} loaded element(s)`);
    if (allowed404s.length > expected404s) problems.push(`unexpected 404s: ${allowed404s.join(', ')}`);
    if (expected404s && allowed404s.length === 0) problems.push('expected a 404 request, saw none');

    if (!isDocs) {
      // the controls a reader gets: none for events and CSS parts, no "Set object" buttons, colour pickers for colours
      const controls = await page.evaluate(() => {
        const story = window.__STORYBOOK_PREVIEW__?.currentRender?.story;
        return story && Object.entries(story.argTypes).map(([name, t]) => ({
          name, category: t.table?.category, control: t.control === false ? false : (t.control?.type ?? null) }));
      });
      if (!controls) problems.push('the story\'s argTypes could not be read (window.__STORYBOOK_PREVIEW__.currentRender.story)');
      for (const c of controls ?? []) {
        if (c.control === 'object') problems.push(`"${c.name}" (${c.category}) has a "Set object" control`);
        if (['events', 'css shadow parts'].includes(c.category) && c.control) problems.push(`${c.category} "${c.name}" has a ${c.control} control`);
        if (c.category === 'css custom properties' && /color|ink|paper|accent/.test(c.name) && c.control !== 'color') problems.push(`colour "${c.name}" has no colour picker`);
      }
    }
    if (isDocs) {
      // The API table comes from custom-elements.json: attributes, events, CSS parts and custom properties.
      const text = await page.evaluate(() => document.querySelector('#storybook-docs')?.textContent ?? '');
      for (const name of apiWords[tagOf(entry)] ?? ['status']) {
        if (!text.includes(name)) problems.push(`docs page does not mention ${name}`);
      }
    }
    // every element under a Chinese lang (the toolbar's Language, a Chinese docs page) speaks Chinese
    const chinese = await page.evaluate((tag) => [...document.querySelectorAll(tag)].map((el) => ({
      zh: Boolean(el.closest('[lang]')?.lang.startsWith('zh')), han: /\p{Script=Han}/u.test(el.shadowRoot?.textContent ?? '') })), tagOf(entry));
    const silent = chinese.filter((e) => e.zh && !e.han).length;
    if (silent) problems.push(`${silent} element(s) under a Chinese lang show no Chinese`);
    if (locale !== 'en' && !chinese.some((e) => e.zh)) problems.push('the toolbar\'s Language did not reach the story');
    // accessibility: the story's own markup (not Storybook's), WCAG 2.1 AA, in each language
    if (!isDocs) problems.push(...(await axeViolations(page, '#storybook-root')));
    if (problems.length) return { error: problems.join('; ') };
    const backends = [...new Set(loaded.map((s) => s.backend))].join(',');
    return { note: [loaded.length && `${loaded.length} loaded on ${backends}`, errored.length && `${errored.length} showing 404`].filter(Boolean).join(', ') };
  } catch (e) {
    const status = await page.evaluate((tag) => [...document.querySelectorAll(tag)].map((el) =>
      el.shadowRoot?.querySelector('[part=status]')?.textContent?.trim()).join(' | '), tagOf(entry)).catch(() => '');
    return { error: [e.message.split('\n')[0], status && `status: ${status}`, ...problems].filter(Boolean).join('; ') };
  } finally {
    await page.close();
  }
}

try {
  // every story twice: in English and, through the toolbar's Language (a lang around the story), in Chinese
  for (const [entry, locale] of selected.flatMap((e) => (e.type === 'story' ? [[e, 'en'], [e, 'zh-CN']] : [[e, 'en']]))) {
    const t0 = Date.now();
    const result = await check(entry, locale);
    const secs = `${((Date.now() - t0) / 1000).toFixed(1)} s`;
    const id = locale === 'en' ? entry.id : `${entry.id} [${locale}]`;
    if (result.error) fail(id, result.error);
    else pass(id, [result.note, secs].filter(Boolean).join(', '));
  }
} finally {
  await browser.close();
  server?.close();
}
finish();
