/**
 * The moment the page's GPU backend is lost: reads in flight give up then (see read.ts), and the runtime moves on
 * to the next backend (runtime.ts). DOM-free.
 */
const waiting = new Set<(reason: string) => void>();

/** Calls `listener` once if the backend in use now is lost; returns the function that cancels it. */
export function whenBackendLost(listener: (reason: string) => void): () => void {
  waiting.add(listener);
  return () => waiting.delete(listener);
}

/** Called by the runtime when its backend dies: wakes everyone waiting. */
export function signalBackendLost(reason: string): void {
  const listeners = [...waiting];
  waiting.clear();
  for (const listener of listeners) listener(reason);
}
