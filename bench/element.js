// The built package as a page meets it (dist/generative-elements.js): adds one <vae-latent-grid loading="eager">
// (with backend="…" from ?backend=, none for auto) and records, relative to navigation start (performance.now()),
// when the model-load event fired and when the first grid was painted (the shadow canvas[part=canvas] is
// 15·28 px wide and has an opaque pixel). bench/run.mjs reads window.geElement.
import { memory } from '../dist/generative-elements.js';

const backend = new URLSearchParams(location.search).get('backend');
const state = { modelLoadMs: undefined, firstGridMs: undefined, error: undefined, scriptMs: performance.now() };
window.geElement = state;
window.geMemory = memory;

const el = document.createElement('vae-latent-grid');
el.setAttribute('loading', 'eager');
if (backend) el.setAttribute('backend', backend);
el.addEventListener('model-load', () => { state.modelLoadMs = performance.now(); });
el.addEventListener('model-error', (e) => { state.error = e.detail.message; });
document.body.append(el);

const SIDE = 15 * 28;
function poll() {
  const canvas = el.shadowRoot?.querySelector('canvas[part=canvas]');
  if (canvas && canvas.width === SIDE) {
    const d = canvas.getContext('2d').getImageData(0, 0, SIDE, SIDE).data;
    for (let i = 3; i < d.length; i += 4) {
      if (d[i] === 255) {
        state.firstGridMs = performance.now();
        return;
      }
    }
  }
  if (!state.error) requestAnimationFrame(poll);
}
requestAnimationFrame(poll);
