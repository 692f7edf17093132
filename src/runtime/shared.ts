/**
 * One copy of each loaded model per URL, however many elements show it: the first element to ask loads it, the
 * others wait for the same promise, and the last one to let go disposes it. A load nobody waits for any more (every
 * waiter's signal aborted, e.g. its elements were removed) is cancelled: its downloads are aborted.
 */
interface Entry<T> {
  value: Promise<T>;
  users: number;
  dispose: (value: T) => void;
  /** aborts the load's downloads */
  controller: AbortController;
  settled: boolean;
  /** forgotten (its backend was lost): disposed when its last user lets go, never handed out again */
  forgotten?: boolean;
}

const entries = new Map<string, Entry<unknown>>();

export interface Lease<T> {
  value: T;
  release(): void;
}

/**
 * Loads (or reuses) the value stored under `key`. Failed loads are forgotten so that a retry loads again. With
 * `signal`, the caller stops waiting when it aborts (the promise rejects with its reason); when no caller is left
 * waiting, `load`'s own signal aborts.
 */
export async function acquire<T>(key: string, load: (signal: AbortSignal) => Promise<T>, dispose: (value: T) => void, signal?: AbortSignal): Promise<Lease<T>> {
  signal?.throwIfAborted();
  let entry = entries.get(key) as Entry<T> | undefined;
  if (!entry) {
    const controller = new AbortController();
    const created: Entry<T> = { value: load(controller.signal), users: 0, dispose, controller, settled: false };
    entries.set(key, created as Entry<unknown>);
    created.value.then(() => (created.settled = true), () => {
      created.settled = true;
      if (entries.get(key) === (created as Entry<unknown>)) entries.delete(key);
    });
    entry = created;
  }
  const current = entry;
  current.users++;
  let value: T;
  try {
    value = await untilAborted(current.value, signal);
  } catch (e) {
    current.users--;
    if (signal?.aborted && current.users === 0 && !current.settled) {
      // nobody waits for this load any more: cancel its downloads, and dispose what it makes if it finishes anyway
      if (entries.get(key) === (current as Entry<unknown>)) entries.delete(key);
      current.controller.abort(signal.reason);
      current.value.then((v) => current.dispose(v), () => undefined);
    }
    throw e;
  }
  let released = false;
  return {
    value,
    release() {
      if (released) return;
      released = true;
      if (--current.users > 0) return;
      if (entries.get(key) === (current as Entry<unknown>)) {
        entries.delete(key);
        current.dispose(value);
      } else if (current.forgotten) {
        try {
          current.dispose(value);
        } catch {
          // its device is gone, and its memory with it
        }
      }
    },
  };
}

/**
 * Forgets every shared value (the backend that held them was lost): the next acquire() loads afresh, and each
 * old value is disposed when its last user lets go.
 */
export function forgetShared(): void {
  for (const entry of entries.values()) entry.forgotten = true;
  entries.clear();
}

/** How many distinct values are held now (for tests and the bench). */
export function sharedCount(): number {
  return entries.size;
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
