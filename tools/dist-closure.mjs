// dist/'s module graph: an entry with the chunks it imports statically — what a page loads before an element
// starts (TensorFlow.js and the models are dynamic imports, loaded when the first element starts).
import { readFileSync } from 'node:fs';

const ROOT = new URL('..', import.meta.url);

/** File names in dist/ of `name` and every chunk it imports statically, transitively. */
export function closure(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  const code = readFileSync(new URL(`dist/${name}`, ROOT), 'utf8');
  for (const [, dep] of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) closure(dep, seen);
  return seen;
}
