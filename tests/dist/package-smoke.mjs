// The package as an author gets it (after `npm run build`): `npm pack` → publint and arethetypeswrong on the tarball
// → a scratch project outside the repository installs the tarball (from npm's cache where it can) and
//   (a) a Vite app, built with `vite build` as the README's "With a bundler" section says,
//   (b) a plain HTML page that imports node_modules/generative-elements/dist/generative-elements.js,
//   (c) a TypeScript file that uses the package's types, checked with `tsc --noEmit` (strict, no skipLibCheck),
// and both pages, served with the strict Content-Security-Policy of tools/serve.mjs, are opened in Chromium: every
// element loads its shipped weights (model-load), with no model-error, console error or CSP violation.
// Usage: node tests/dist/package-smoke.mjs   (keeps the scratch folder with --keep)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { serve } from '../../tools/serve.mjs';
import { chromiumArgs, chromiumPath } from '../../tools/chromium.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const version = (name) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
const TAGS = ['vae-latent-grid', 'gan-interpolator', 'pixelcnn-autocomplete', 'gan-trainer'];
const scratch = mkdtempSync(join(tmpdir(), 'ge-package-'));
const failures = [];
let passed = 0;
const check = (ok, what, detail = '') => {
  if (ok) passed++;
  else failures.push(what);
  console.log(`${ok ? '✓' : '✗'} ${what}${!ok && detail ? `\n${detail}` : ''}`);
};
/** runs a command; returns [ok, output] (never throws) */
const run = (cmd, args, cwd) => {
  try {
    return [true, execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } })];
  } catch (e) {
    return [false, `${e.stdout ?? ''}${e.stderr ?? ''}`];
  }
};
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);

try {
  // 1. the tarball (dist/ is built by the test's build steps; prepack would build it again)
  const [packed, packOut] = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], ROOT);
  check(packed, 'npm pack', packOut);
  if (!packed) throw new Error('no tarball');
  const info = JSON.parse(packOut)[0];
  const tarball = join(scratch, info.filename);
  const files = new Set(info.files.map((f) => f.path));
  const needed = ['dist/generative-elements.js', 'dist/training-worker.js', 'dist/types/index.d.ts', 'custom-elements.json', 'weights/dcgan-mnist/model.json', 'weights/mnist/test.png', 'README.md'];
  check(needed.every((f) => files.has(f)), `the tarball holds ${needed.join(', ')}`, needed.filter((f) => !files.has(f)).join(', '));
  check(![...files].some((f) => /^(src|tests|stories|tools|bench|node_modules)\/|\.map$/.test(f)), 'the tarball holds no sources, tests, tools or source maps');

  // 2. linters of published packages
  const extracted = join(scratch, 'extracted');
  mkdirSync(extracted);
  execFileSync('tar', ['-xzf', tarball, '-C', extracted]);
  const [lint, lintOut] = run(bin('publint'), ['run', join(extracted, 'package'), '--pack', 'false', '--strict'], ROOT);
  check(lint && !/warning|error|suggestion/i.test(lintOut.replace(/Running publint.*\n/, '')), 'publint --strict: all good', lintOut);
  // an ES-module package: CommonJS require() of it is out of scope (the esm-only profile)
  const [types, typesOut] = run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii'], ROOT);
  check(types, 'arethetypeswrong (esm-only): no problem', typesOut);
  const manifest = JSON.parse(readFileSync(join(extracted, 'package', 'custom-elements.json'), 'utf8'));
  const declared = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);
  check(TAGS.every((t) => declared.some((d) => d.tagName === t && d.attributes?.length && d.events?.length && d.cssParts?.length && d.cssProperties?.length)),
    'the packed custom-elements.json lists each element with attributes, events, parts and CSS properties');
  const events = declared.filter((d) => TAGS.includes(d.tagName)).flatMap((d) => d.events ?? []);
  check(events.length > 0 && events.every((e) => e.name && /Event$/.test(e.type?.text ?? '')),
    'the manifest names every event of the four elements with its typed class', JSON.stringify(events.filter((e) => !e.name || !e.type)));

  // 3. a scratch project installs the tarball
  const app = join(scratch, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }, null, 2));
  const [installed, installOut] = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball,
    `vite@${version('vite')}`, `typescript@${version('typescript')}`], app);
  check(installed, 'npm install <tarball> in a fresh project', installOut);
  if (!installed) throw new Error('not installed');

  // (c) types, as a strict TypeScript project sees them
  // the compiler options of Vite's TypeScript template (skipLibCheck among them: @tensorflow/tfjs-layers' own
  // declarations do not pass a strict check); the package's own declarations are then checked apart, below
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: true, lib: ['ES2022', 'DOM', 'DOM.Iterable'] }, include: ['check.ts'] }));
  writeFileSync(join(app, 'check.ts'), `import { configure, VaeLatentGrid, type BackendPreference, type ModelLoadEvent } from 'generative-elements';
import { GanTrainer } from 'generative-elements/gan-trainer';
const backend: BackendPreference = 'auto';
configure({ backend });
const grid: VaeLatentGrid = document.createElement('vae-latent-grid');
grid.grid = 12;
grid.addEventListener('model-load', (e: ModelLoadEvent) => console.log(e.detail.backend));
const trainer = document.querySelector('gan-trainer') as GanTrainer | null;
trainer?.addEventListener('train-step', (e) => console.log(e.detail.step));
// @ts-expect-error: grid is a number
grid.grid = 'twelve';
`);
  const [typed, typedOut] = run(join(app, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], app);
  check(typed, 'a strict TypeScript consumer type-checks against the package (tags in HTMLElementTagNameMap, typed events)', typedOut);
  const [, libOut] = run(join(app, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json', '--skipLibCheck', 'false'], app);
  const ours = libOut.split('\n').filter((l) => /generative-elements\//.test(l));
  check(ours.length === 0, 'the package\'s own declarations pass a strict check (no skipLibCheck)', ours.join('\n'));

  // (a) a Vite app, as the README says
  const body = TAGS.map((t) => `<${t} loading="eager"></${t}>`).join('\n');
  writeFileSync(join(app, 'index.html'), `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Vite app</title></head>\n<body>\n${body}\n<script type="module" src="/main.js"></script>\n</body></html>\n`);
  writeFileSync(join(app, 'main.js'), `import { configure } from 'generative-elements';\nconfigure({ weights: '/generative-elements/weights/', wasm: '/generative-elements/wasm/' });\n`);
  // the README's copy step: the weights and the WebAssembly files into Vite's public folder
  cpSync(join(app, 'node_modules/generative-elements/weights'), join(app, 'public/generative-elements/weights'), { recursive: true });
  mkdirSync(join(app, 'public/generative-elements/wasm'), { recursive: true });
  for (const f of readdirSync(join(app, 'node_modules/generative-elements/dist')).filter((f) => /^tfjs-backend-wasm/.test(f))) {
    cpSync(join(app, 'node_modules/generative-elements/dist', f), join(app, 'public/generative-elements/wasm', f));
  }
  const [built, buildOut] = run(join(app, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], app);
  check(built, 'vite build of the app', buildOut);

  // (b) a plain HTML page on the installed package, no build step
  writeFileSync(join(app, 'plain.html'), `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Plain page</title>\n<script type="module" src="./node_modules/generative-elements/dist/generative-elements.js"></script></head>\n<body>\n${body}\n</body></html>\n`);

  const browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs });
  try {
    for (const [what, root, path] of [['the Vite app (vite build)', join(app, 'dist'), '/'], ['the plain HTML page on node_modules', app, '/plain.html']]) {
      if (what.startsWith('the Vite') && !built) continue;
      const server = await serve(0, '127.0.0.1', { root: `${root}/` });
      try {
        const page = await browser.newPage();
        const problems = [];
        page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
        page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
        await page.evaluateOnNewDocument(() => {
          window.__events = [];
          for (const type of ['model-load', 'model-error']) document.addEventListener(type, (e) => window.__events.push({ type, tag: e.target.localName, detail: e.type === 'model-error' ? e.detail.message : e.detail.url }));
          document.addEventListener('securitypolicyviolation', (e) => window.__events.push({ type: 'csp', detail: `${e.violatedDirective} ${e.blockedURI}` }));
        });
        await page.goto(`http://127.0.0.1:${server.address().port}${path}`, { waitUntil: 'load' });
        await page.waitForFunction((n) => window.__events.filter((e) => e.type !== 'csp').length >= n, { timeout: 300_000, polling: 200 }, TAGS.length)
          .catch(() => undefined);
        const events = await page.evaluate(() => window.__events);
        const loaded = events.filter((e) => e.type === 'model-load').map((e) => e.tag);
        check(TAGS.every((t) => loaded.includes(t)), `${what}: every element loads its shipped weights`, JSON.stringify(events));
        check(!events.some((e) => e.type === 'model-error' || e.type === 'csp') && !problems.length, `${what}: no model-error, CSP violation or console error`,
          JSON.stringify([...events.filter((e) => e.type !== 'model-load'), ...problems]));
        await page.close();
      } finally {
        server.close();
      }
    }
  } finally {
    await browser.close();
  }
} catch (e) {
  check(false, `package smoke stopped: ${e.message}`);
} finally {
  if (!process.argv.includes('--keep')) rmSync(scratch, { recursive: true, force: true });
  else console.log(`scratch folder kept: ${scratch}`);
}
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
