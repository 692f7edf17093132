#!/usr/bin/env node
/**
 * The Chinese catalogue, kept as one JSON file per part of the suite (src/locales/zh-CN/<part>.json, keyed by
 * lit-localize's message id: { "s…": { "en": "after {0} steps", "zh": "{0} 步之后" } }, where {N} is the message's
 * N-th expression), turned into the XLIFF file lit-localize reads (src/locales/zh-CN.xlf) and the runtime module the
 * elements load (src/generated/locales/zh-CN.ts).
 *
 *   node tools/i18n.mjs list [path-prefix]   the messages in source files under path-prefix that have no translation
 *                                            yet, as a JSON skeleton to fill in
 *   node tools/i18n.mjs build                 XLIFF from the JSON files, then `lit-localize build`
 *   node tools/i18n.mjs check                 fails when a message has no translation, a translation's English is not
 *                                            the source's any more, a translation names other expressions than its
 *                                            source, a translation has no message, or the built module is stale
 */
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { readConfigFileAndWriteSchema } from '@lit/localize-tools/lib/config.js';
import { RuntimeLitLocalizer } from '@lit/localize-tools/lib/modes/runtime.js';

const ROOT = new URL('..', import.meta.url).pathname;
const LOCALE = 'zh-CN';
const CATALOGUE = join(ROOT, 'src/locales', LOCALE);
const XLIFF = join(ROOT, 'src/locales', `${LOCALE}.xlf`);
const MODULE = join(ROOT, 'src/generated/locales', `${LOCALE}.ts`);

/** The messages of the source, in source order: id, file, English with {N} for expressions, the placeholders. */
function sourceMessages() {
  const config = readConfigFileAndWriteSchema(join(ROOT, 'lit-localize.json'));
  const { messages, errors } = new RuntimeLitLocalizer(config).extractSourceMessages();
  if (errors.length) throw new Error(`lit-localize could not read the messages:\n${errors.map((e) => e.messageText).join('\n')}`);
  return messages.map((m) => {
    const placeholders = m.contents.filter((c) => typeof c !== 'string');
    let n = 0;
    const en = m.contents.map((c) => (typeof c === 'string' ? c : `{${n++}}`)).join('');
    return { id: m.name, file: relative(ROOT, m.file.fileName), en, placeholders };
  });
}

/** Every translation of every part: id → { en, zh, part }. */
function translations() {
  const all = new Map();
  for (const name of readdirSync(CATALOGUE).filter((f) => f.endsWith('.json')).sort()) {
    for (const [id, t] of Object.entries(JSON.parse(readFileSync(join(CATALOGUE, name), 'utf8')))) {
      if (all.has(id) && all.get(id).zh !== t.zh) throw new Error(`${id} is translated twice, differently (${all.get(id).part}, ${name})`);
      all.set(id, { ...t, part: name });
    }
  }
  return all;
}

const slots = (text) => [...text.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A text with {N} slots as XLIFF 1.2 content: the N-th placeholder as <x equiv-text="…"/>. */
function xliffText(text, placeholders) {
  return text.split(/(\{\d+\})/).map((part) => {
    const slot = /^\{(\d+)\}$/.exec(part);
    return slot ? `<x id="${slot[1]}" equiv-text="${escape(placeholders[Number(slot[1])].untranslatable)}"/>` : escape(part);
  }).join('');
}

function problems(messages, known) {
  const found = [];
  const ids = new Set(messages.map((m) => m.id));
  for (const m of messages) {
    const t = known.get(m.id);
    if (!t || !t.zh) found.push(`${m.file}: no translation of ${JSON.stringify(m.en)} (${m.id})`);
    else if (t.en !== m.en) found.push(`${t.part}: ${m.id} translates ${JSON.stringify(t.en)}, the source now says ${JSON.stringify(m.en)}`);
    else if (slots(t.zh).join() !== slots(m.en).join()) found.push(`${t.part}: ${m.id}'s translation names {${slots(t.zh)}}, the source {${slots(m.en)}}`);
  }
  for (const [id, t] of known) if (!ids.has(id)) found.push(`${t.part}: ${id} (${JSON.stringify(t.en)}) is no longer in the source`);
  return found;
}

function unique(messages) {
  const seen = new Map();
  for (const m of messages) if (!seen.has(m.id)) seen.set(m.id, m);
  return [...seen.values()];
}

function writeXliff(messages, known, path) {
  const units = messages.map((m) => {
    const t = known.get(m.id);
    const target = t && t.zh && t.en === m.en ? `\n  <target>${xliffText(t.zh, m.placeholders)}</target>` : '';
    return `<trans-unit id="${m.id}">\n  <source>${xliffText(m.en, m.placeholders)}</source>${target}\n</trans-unit>`;
  });
  writeFileSync(path, `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file target-language="${LOCALE}" source-language="en" original="lit-localize-inputs" datatype="plaintext">
<body>
${units.join('\n')}
</body>
</file>
</xliff>
`);
}

function build(outDir) {
  const config = JSON.parse(readFileSync(join(ROOT, 'lit-localize.json'), 'utf8'));
  if (outDir) {
    // a scratch build (for check): the same XLIFF, the module written elsewhere
    // (paths in a config are relative to its own folder: absolute ones here)
    config.output.outputDir = outDir;
    config.output.localeCodesModule = join(outDir, 'locale-codes.ts');
    config.interchange.xliffDir = join(ROOT, config.interchange.xliffDir);
    config.inputFiles = config.inputFiles.map((f) => join(ROOT, f));
  }
  const configPath = join(ROOT, outDir ? relative(ROOT, join(outDir, 'lit-localize.json')) : 'lit-localize.json');
  if (outDir) writeFileSync(configPath, JSON.stringify(config));
  execFileSync(join(ROOT, 'node_modules/.bin/lit-localize'), ['build', '--config', configPath], { cwd: ROOT, stdio: 'pipe' });
}

const [command = 'check', prefix = 'src/'] = process.argv.slice(2);
const messages = unique(sourceMessages());
const known = translations();
if (command === 'list') {
  const skeleton = Object.fromEntries(messages.filter((m) => m.file.startsWith(prefix) && !(known.get(m.id)?.zh && known.get(m.id).en === m.en)).map((m) => [m.id, { en: m.en, zh: '' }]));
  console.log(JSON.stringify(skeleton, null, 2));
} else if (command === 'build') {
  writeXliff(messages, known, XLIFF);
  build();
  const left = problems(messages, known);
  console.log(`${messages.length} messages, ${messages.length - left.filter((p) => p.includes('no translation')).length} translated into ${LOCALE}`);
  if (left.length) console.log(left.join('\n'));
} else if (command === 'check') {
  const found = problems(messages, known);
  // the committed XLIFF and module are what the JSON catalogue builds to
  const scratch = mkdtempSync(join(ROOT, '.i18n-check-'));
  try {
    const xliff = readFileSync(XLIFF, 'utf8');
    writeXliff(messages, known, join(scratch, 'expected.xlf'));
    if (readFileSync(join(scratch, 'expected.xlf'), 'utf8') !== xliff) found.push(`${relative(ROOT, XLIFF)} is stale: run node tools/i18n.mjs build`);
    else {
      build(scratch);
      if (readFileSync(join(scratch, `${LOCALE}.ts`), 'utf8') !== readFileSync(MODULE, 'utf8')) found.push(`${relative(ROOT, MODULE)} is stale: run node tools/i18n.mjs build`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (found.length) {
    console.error(`${found.length} problem(s) with the ${LOCALE} catalogue:\n${found.join('\n')}`);
    process.exit(1);
  }
  console.log(`${messages.length} messages, all translated into ${LOCALE}; the XLIFF and the runtime module are up to date`);
} else {
  console.error('usage: node tools/i18n.mjs list [path-prefix] | build | check');
  process.exit(2);
}
