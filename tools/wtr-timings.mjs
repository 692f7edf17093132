// A web-test-runner reporter for finding what makes `npm test` slow: with GE_TIMINGS=file.json, every test's duration
// (per group and file) goes to that file, and the slowest tests and files are printed at the end.
//   GE_TIMINGS=.tmp/timings.json npx web-test-runner
import { writeFileSync } from 'node:fs';

export function timingsReporter(path) {
  const rows = [];
  const walk = (suite, group, file, prefix = '') => {
    for (const t of suite?.tests ?? []) rows.push({ group, file, test: `${prefix}${t.name}`, ms: t.duration ?? 0 });
    for (const s of suite?.suites ?? []) walk(s, group, file, `${prefix}${s.name} › `);
  };
  return {
    reportTestFileResults({ sessionsForTestFile, testFile }) {
      for (const s of sessionsForTestFile) walk(s.testResults, s.group.name, testFile.replace(process.cwd() + '/', ''));
    },
    onTestRunFinished() {
      writeFileSync(path, JSON.stringify(rows, null, 1));
      const byFile = new Map();
      for (const r of rows) byFile.set(`${r.group} ${r.file}`, (byFile.get(`${r.group} ${r.file}`) ?? 0) + r.ms);
      const s = (ms) => `${(ms / 1000).toFixed(1).padStart(7)} s`;
      console.log(`\nslowest files:\n${[...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, ms]) => `${s(ms)}  ${k}`).join('\n')}`);
      console.log(`slowest tests:\n${[...rows].sort((a, b) => b.ms - a.ms).slice(0, 20).map((r) => `${s(r.ms)}  ${r.group} ${r.file}: ${r.test}`).join('\n')}`);
    },
  };
}
