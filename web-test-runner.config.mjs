// `npm test` runs every test file in real headless Chromium (Debian's, at /usr/bin/chromium or $CHROME_PATH).
// Model and element tests run once per backend (a group each); pure math and data tests run once.
// GE_BACKENDS=cpu,webgl narrows the backends; GE_FILES narrows the files, e.g. GE_FILES='tests/models/**'.
// GE_TIMINGS=.tmp/timings.json records every test's duration and prints the slowest (tools/wtr-timings.mjs).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath } from './tools/chromium.mjs';
import { tfPrebundle } from './tools/tf-prebundle.mjs';
import { defaultReporter } from '@web/test-runner';
import { timingsReporter } from './tools/wtr-timings.mjs';

const backends = (process.env.GE_BACKENDS ?? 'cpu,webgl,webgpu,wasm').split(',');
const only = process.env.GE_FILES?.split(',').filter((f) => !f.includes('backend-loss'));
const lossOnly = process.env.GE_FILES?.split(',').some((f) => f.includes('backend-loss'));
const perBackend = ['tests/models/**/*.test.ts', 'tests/elements/**/*.test.ts', 'tests/runtime/backend.test.ts', 'tests/runtime/wasm-kernels.test.ts', 'tests/training/worker-*.test.ts'];
const lossTest = 'tests/runtime/backend-loss.test.ts';
// defects in shared element code and the shipped figures: once, on wasm (what `auto` picks without a real GPU)
const reliability = ['tests/reliability/**/*.test.ts'];
const once = ['tests/latent/**/*.test.ts', 'tests/parts/**/*.test.ts', 'tests/data/**/*.test.ts', 'tests/training/**/*.test.ts', '!tests/training/worker-*.test.ts', 'tests/runtime/loop.test.ts', 'tests/runtime/weights.test.ts'];

const page = (backend) => (testFramework) => `<!doctype html>
<html><head><meta charset="utf-8"><script>window.__GE_BACKEND__ = ${JSON.stringify(backend)};</script></head>
<body><script type="module" src="${testFramework}"></script></body></html>`;

export default {
  nodeResolve: { exportConditions: ['browser', 'import'] },
  rootDir: '.',
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 120_000,
  testsStartTimeout: 180_000,
  testsFinishTimeout: 20 * 60_000,
  testFramework: { config: { timeout: 240_000 } },
  plugins: [
    tfPrebundle(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
  ],
  reporters: [defaultReporter(), ...(process.env.GE_TIMINGS ? [timingsReporter(process.env.GE_TIMINGS)] : [])],
  browsers: [chromeLauncher({ launchOptions: { executablePath: chromiumPath(), headless: true, args: chromiumArgs } })],
  groups: [
    ...(only?.length === 0 ? [] : [
      { name: 'once', files: only ?? once, testRunnerHtml: page('cpu') },
      ...(only ? [] : [{ name: 'reliability', files: reliability, testRunnerHtml: page('wasm') }]),
      ...backends.map((backend) => ({ name: backend, files: only ?? perBackend, testRunnerHtml: page(backend) })),
    ]),
    // a lost GPU takes the page's backend for good: one page per GPU backend
    ...(only && !lossOnly ? [] : backends.filter((b) => b === 'webgpu' || b === 'webgl').map((backend) => ({
      name: `${backend}-loss`, files: [lossTest], testRunnerHtml: page(backend),
    }))),
  ],
};
