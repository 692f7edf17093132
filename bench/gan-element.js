// The built package as a page meets it (dist/generative-elements.js), for the GAN part of bench/run.mjs: calls
// configure({ backend }) from ?backend= (none for auto) before any element starts, then adds one eager
// <gan-trainer batch-size="?batch"> or <gan-interpolator steps="?steps">. From the first moment it records the
// page's main-thread long tasks (PerformanceObserver 'longtask': tasks over 50 ms) and the animation frames, so
// run.mjs can count those that fall inside a training window. run.mjs reads window.geGanPage.
import { configure, memory } from '../dist/generative-elements.js';

const q = new URLSearchParams(location.search);
const backend = q.get('backend');
if (backend) configure({ backend });

const state = { modelLoadMs: undefined, error: undefined, backendName: undefined, longTasks: [], frames: [], longTaskSupported: false };
window.geGanPage = state;
window.geMemory = memory;

try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  state.longTaskSupported = PerformanceObserver.supportedEntryTypes.includes('longtask');
} catch (e) {
  state.error = `no longtask observer: ${e.message}`;
}
const frame = (t) => {
  state.frames.push(t);
  if (state.frames.length > 20000) state.frames.splice(0, 10000);
  requestAnimationFrame(frame);
};
requestAnimationFrame(frame);

const tag = q.get('element') ?? 'gan-trainer';
const el = document.createElement(tag);
el.setAttribute('loading', 'eager');
if (q.get('batch')) el.setAttribute('batch-size', q.get('batch'));
if (q.get('steps')) el.setAttribute('steps', q.get('steps'));
if (q.get('thread')) el.setAttribute('training-thread', q.get('thread'));
if (q.get('checkpoint-every')) el.setAttribute('checkpoint-every', q.get('checkpoint-every'));
el.addEventListener('model-load', (e) => {
  state.modelLoadMs = performance.now();
  state.backendName = e.detail.backend;
});
el.addEventListener('model-error', (e) => { state.error = e.detail.message; });
document.body.append(el);

/**
 * <gan-interpolator>: draws the strip once more, the way the element does when steps, method or the endpoints
 * change: its redraw queue's 'strip' view = one batched generator call for all images, one readback, one paint.
 * (The queue is a private field; redraw() would also draw the large frame, the 8 candidates and the arithmetic
 * row. Should the field be renamed, fall back to setEndpoints(), which draws the strip and the 1-image frame.)
 */
window.geDrawStrip = async () => {
  if (typeof el.queue?.request === 'function') {
    await el.queue.request('strip');
    return 'strip';
  }
  const [a, b] = el.endpoints;
  await el.setEndpoints(a, b);
  return 'strip+frame';
};
