// Checks that the Node running this is one package.json's "engines" names (a ">=MAJOR.MINOR[.PATCH]" range):
// the first step of `npm test`, so CI says plainly when it runs on a Node the project does not support.
import { readFileSync } from 'node:fs';

const { engines } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const wanted = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(engines?.node ?? '');
if (!wanted) {
  console.error(`package.json has no engines.node of the form ">=X.Y" (found ${JSON.stringify(engines?.node)})`);
  process.exit(1);
}
const need = wanted.slice(1).map((n) => Number(n ?? 0));
const have = process.versions.node.split('.').map(Number);
const cmp = need.findIndex((n, i) => have[i] !== n);
const ok = cmp === -1 || have[cmp] > need[cmp];
console.log(`${ok ? '✓' : '✗'} Node ${process.versions.node} ${ok ? 'satisfies' : 'is older than'} engines.node "${engines.node}"`);
console.log(`node version: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
process.exit(ok ? 0 : 1);
