/**
 * One copy of each loaded model per URL, however many elements show it: the first element to ask loads it, the
 * others wait for the same promise, and the last one to let go disposes it.
 */
interface Entry<T> {
  value: Promise<T>;
  users: number;
  dispose: (value: T) => void;
  /** forgotten (its backend was lost): disposed when its last user lets go, never handed out again */
  forgotten?: boolean;
}

const entries = new Map<string, Entry<unknown>>();

export interface Lease<T> {
  value: T;
  release(): void;
}

/** Loads (or reuses) the value stored under `key`. Failed loads are forgotten so that a retry loads again. */
export async function acquire<T>(key: string, load: () => Promise<T>, dispose: (value: T) => void): Promise<Lease<T>> {
  let entry = entries.get(key) as Entry<T> | undefined;
  if (!entry) {
    const created: Entry<T> = { value: load(), users: 0, dispose };
    entries.set(key, created as Entry<unknown>);
    created.value.catch(() => {
      if (entries.get(key) === (created as Entry<unknown>)) entries.delete(key);
    });
    entry = created;
  }
  const current = entry;
  current.users++;
  let value: T;
  try {
    value = await current.value;
  } catch (e) {
    current.users--;
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
