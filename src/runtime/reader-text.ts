/**
 * Errors that reach a reader (an element's error line) in the reader's language, while their `message` stays English
 * for developers (console, tests, the worker's replies). DOM-free: the training worker uses it too.
 *
 * An error made with explained() (or explain()) carries a msg() thunk; message(e) (runtime/backend.ts) calls it, so
 * an element's `() => msg(str\`could not draw samples: ${message(e)}\`)` speaks its own locale when it is shown, and
 * English anywhere else (msg() outside an element's render is the source locale, English).
 */

interface Explained {
  readerText?: () => string;
}

/** Attaches the reader's words to `error` (its English message is unchanged) and returns it. */
export function explain<E extends Error>(error: E, text: () => string): E {
  (error as E & Explained).readerText = text;
  return error;
}

/**
 * A new Error whose message is `text` in English (it is made outside any render) and which a reader sees in their
 * own language (`text` is called again when shown).
 */
export function explained(text: () => string, options?: { cause?: unknown }): Error {
  return explain(new Error(text(), options), text);
}

/** The reader's words attached to an error, if any. */
export function readerTextOf(e: unknown): (() => string) | undefined {
  return typeof e === 'object' && e !== null ? (e as Explained).readerText : undefined;
}
