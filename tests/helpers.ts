/** Shared test set-up: the backend this group runs on, and tensor-leak checks. */
import { configure, startRuntime, type BackendName, type Runtime } from '../src/runtime/index.js';

export const testBackend: BackendName = ((window as unknown as { __GE_BACKEND__?: BackendName }).__GE_BACKEND__) ?? 'cpu';

/**
 * `it` for a test of behaviour that does not depend on the backend (an element's own logic: attributes, reset,
 * checkpoints, drag-and-drop, following a trainer): it runs once, in the wasm group (what `auto` picks without a
 * GPU), and is skipped in the cpu, webgl and webgpu ones, where it would only repeat itself slowly (the pure-JS cpu
 * backend and SwiftShader, all CI has, take minutes for what wasm runs in seconds). Tests of what a backend does
 * (its kernels, its tensors, its painting, its worker) stay plain `it`, in every group.
 */
export const itBackendIndependent: (title: string, fn: Mocha.Func | Mocha.AsyncFunc) => Mocha.Test | void = testBackend === 'wasm' ? it : it.skip;

/**
 * `it` in the named backends' groups only: for a test whose backend-specific part is already proven elsewhere on
 * every backend (say so at the call), so the slow software-GPU groups do not repeat a minutes-long run of it.
 */
export function itOnBackends(backends: readonly BackendName[]): (title: string, fn: Mocha.AsyncFunc) => Mocha.Test | void {
  return backends.includes(testBackend) ? it : it.skip;
}

/** Forces this group's backend for the page and starts the runtime. */
export async function useTestBackend(): Promise<Runtime> {
  configure({ backend: testBackend });
  const rt = await startRuntime();
  if (rt.backend.name !== testBackend) throw new Error(`wanted ${testBackend}, got ${rt.backend.name} (${rt.backend.reasons.join('; ')})`);
  return rt;
}

/**
 * An element's status line as a reader sees it: its text, its detail (the title: the backend by name and the like),
 * how many lines it takes at the element's width, and whether it names what only a developer knows.
 */
export function statusLine(el: HTMLElement): { text: string; detail: string; lines: number; jargon: boolean } {
  const line = el.shadowRoot!.querySelector<HTMLElement>('[part=status]')!;
  const text = line.textContent ?? '';
  const lineHeight = parseFloat(getComputedStyle(line).lineHeight);
  const lines = Math.round(line.getBoundingClientRect().height / lineHeight);
  return { text, detail: line.title, lines, jargon: /wasm|webgl|webgpu|SwiftShader|adapter|kernel|ℝ|\bz\b|Fréchet/i.test(text) };
}

/** Resolves after the next animation frame, n times. */
export async function frames(n = 1): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(() => r(undefined)));
}

/** Resolves when `el` fires `type` (or rejects after `ms`). */
export function eventOnce<T extends Event = CustomEvent>(el: EventTarget, type: string, ms = 200_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${ms} ms`)), ms);
    el.addEventListener(type, (e) => {
      clearTimeout(timer);
      resolve(e as T);
    }, { once: true });
  });
}

/**
 * The hooks every element suite uses: this group's backend before all, and an empty page after each test.
 * Returns a getter for tf.memory().numTensors once the runtime started (the leak baseline).
 */
export function elementSuite(): () => number {
  let baseline = 0;
  before(async () => {
    const { tf } = await useTestBackend();
    baseline = tf.memory().numTensors;
  });
  afterEach(async () => {
    document.body.replaceChildren();
    await frames(2);
  });
  return () => baseline;
}
