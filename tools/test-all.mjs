// `npm test`: every check, in order, with one closing line that counts them all.
//   the Node version against package.json's engines · typecheck · the Chinese catalogue complete and built · custom-elements manifest · unit and element tests in Chromium (cpu, webgl, webgpu, wasm)
//   · rollup build · type declarations · size budgets · README figures = meta.json and dist/ · the demo from dist/ under a strict CSP · the npm package in a Vite app, a plain page and a TypeScript project · Storybook build · every story opened
// Steps keep running after a failure so one run shows everything; the exit code is non-zero if any failed.
import { spawn } from 'node:child_process';

const steps = [
  ['node version', 'node', ['tools/node-version.mjs']],
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['catalogue', 'node', ['tools/i18n.mjs', 'check']],
  ['manifest', 'npx', ['cem', 'analyze', '--globs', 'src/elements/**/*.ts', '--litelement']],
  ['browser tests', 'npx', ['web-test-runner']],
  ['build', 'npx', ['rollup', '-c']],
  ['types', 'npx', ['tsc', '-p', 'tsconfig.types.json']],
  ['size budgets', 'npx', ['size-limit']],
  ['readme figures', 'node', ['tools/readme-figures.mjs', '--check']],
  ['demo smoke', 'node', ['tests/dist/demo-smoke.mjs']],
  ['package smoke', 'node', ['tests/dist/package-smoke.mjs']],
  ['storybook build', 'npx', ['storybook', 'build', '--quiet', '-o', 'storybook-static']],
  ['stories smoke', 'node', ['tests/stories/stories-smoke.mjs']],
];
const only = process.env.GE_STEPS?.split(',');

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    let out = '';
    const take = (stream, sink) => stream.on('data', (d) => { out += d; sink.write(d); });
    take(child.stdout, process.stdout);
    take(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code, out }));
  });
}

let passed = 0;
let failed = 0;
const summary = [];
for (const [name, cmd, args] of steps) {
  if (only && !only.includes(name)) continue;
  const t0 = Date.now();
  console.log(`\n━━ ${name}: ${cmd} ${args.join(' ')}`);
  const { code, out } = await run(cmd, args);
  // Count the tests a runner reports ("N passed, M failed"); a step without counts is one check.
  const counts = [...out.matchAll(/(\d+) passed, (\d+) failed/g)].pop();
  const [p, f] = counts ? [Number(counts[1]), Number(counts[2])] : [code === 0 ? 1 : 0, code === 0 ? 0 : 1];
  const stepFailed = code !== 0 ? Math.max(f, 1) : f;
  passed += p;
  failed += stepFailed;
  summary.push(`${code === 0 ? 'ok  ' : 'FAIL'} ${name} (${p} passed, ${stepFailed} failed, ${Math.round((Date.now() - t0) / 1000)} s)`);
}
console.log(`\n${summary.join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
