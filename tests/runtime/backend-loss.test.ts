/**
 * A GPU backend that dies (WebGPU device lost, WebGL context lost) takes every tensor on it: the page moves to the
 * next backend and the elements start again there. Runs in the webgpu and webgl groups only, each in a page of its
 * own (the lost backend stays excluded for the rest of the page).
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GanInterpolator, GanTrainer, PixelCnnAutocomplete, VaeLatentGrid } from '../../src/index.js';
import { memory, startRuntime, type Runtime } from '../../src/runtime/index.js';
import { eventOnce, frames, testBackend, useTestBackend } from '../helpers.js';

/** What a driver reset or a GPU crash does, done on purpose. */
function loseGpu(rt: Runtime): void {
  const backend = rt.tf.findBackend(rt.backend.name) as unknown as {
    device?: GPUDevice;
    gpgpu?: { gl: WebGL2RenderingContext };
  };
  if (rt.backend.name === 'webgpu') backend.device!.destroy();
  else backend.gpgpu!.gl.getExtension('WEBGL_lose_context')!.loseContext();
}

function add<T extends HTMLElement>(tag: string, attrs: Record<string, string>): T {
  const el = document.createElement(tag) as T;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  return el;
}

/** Waits until `canvas` is painted (putImageData paints every pixel opaque). */
async function painted(canvas: () => HTMLCanvasElement | null | undefined): Promise<void> {
  for (let i = 0; i < 4000; i++) {
    const c = canvas();
    if (c && c.width > 0 && c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data[3] === 255) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('never painted');
}

describe(`a lost ${testBackend} backend`, function () {
  it('moves the page to the next backend: the elements reload, paint and follow again, and leave no tensors', async () => {
    const rt = await useTestBackend();
    const baseline = rt.tf.memory().numTensors;
    const gridCanvas = () => grid.shadowRoot!.querySelector<HTMLCanvasElement>('canvas[part=canvas]');
    const stripCanvas = () => strip.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.strip');

    const grid = add<VaeLatentGrid>('vae-latent-grid', { loading: 'eager', grid: '4' });
    const trainer = add<GanTrainer>('gan-trainer', { id: 'lossy', loading: 'eager', 'batch-size': '8', 'checkpoint-every': '0' });
    const strip = add<GanInterpolator>('gan-interpolator', { loading: 'eager', generator: 'lossy', steps: '3' });
    const completer = add<PixelCnnAutocomplete>('pixelcnn-autocomplete', { loading: 'eager', samples: '1' });
    const all = [grid, trainer, strip, completer];
    await Promise.all(all.map((el) => eventOnce(el, 'model-load')));
    await Promise.all([painted(gridCanvas), painted(stripCanvas)]);
    expect(grid.backendName).to.equal(testBackend);
    const oldGenerator = trainer.dcgan!;

    const errors: string[] = [];
    const onError = (e: Event) => errors.push((e as CustomEvent).detail.message);
    document.addEventListener('model-error', onError);
    const unhandled: unknown[] = [];
    const onRejection = (e: PromiseRejectionEvent) => unhandled.push(e.reason);
    window.addEventListener('unhandledrejection', onRejection);
    const lost = all.map((el) => eventOnce<CustomEvent>(el, 'backend-lost', 30_000));
    const reloaded = all.map((el) => eventOnce<CustomEvent>(el, 'model-load'));
    // work in flight when the GPU goes: each must settle (reads give up) without an error shown or thrown
    const inFlight = [grid.redraw(), strip.redraw(), completer.scoreInput()];
    loseGpu(rt);
    for (const e of await Promise.all(lost)) {
      expect(e.detail.lost).to.equal(testBackend);
      expect(e.detail.reason).to.match(testBackend === 'webgpu' ? /device lost/ : /context lost/);
    }
    for (const c of [gridCanvas(), stripCanvas()]) c?.getContext('2d')!.clearRect(0, 0, c.width, c.height);
    const loads = await Promise.all(reloaded);
    await Promise.all(inFlight);

    const next = await startRuntime();
    expect(next.backend.name).to.not.equal(testBackend);
    expect(next.backend.reasons.join('; ')).to.contain(`${testBackend}: ${testBackend === 'webgpu' ? 'device' : 'context'} lost`);
    for (const e of loads) expect(e.detail.backend).to.equal(next.backend.name);
    await Promise.all([painted(gridCanvas), painted(stripCanvas)]);
    expect(trainer.dcgan).to.not.equal(oldGenerator);
    expect(strip.zDim).to.equal(trainer.dcgan!.config.zDim);
    expect(completer.loaded).to.equal(true);
    expect(grid.shadowRoot!.querySelector<HTMLElement>('[part=status]')!.title).to.contain(`${testBackend}: `); // why, in the line's detail
    // the trainer trains on the new backend
    trainer.scrollIntoView(); // training pauses off-screen
    let steps = 0;
    trainer.addEventListener('train-end', (e) => { steps = (e as CustomEvent).detail.step; }, { once: true });
    await trainer.train({ steps: 1 });
    expect(steps).to.equal(1);
    expect(errors).to.deep.equal([]);
    expect(unhandled).to.deep.equal([]);
    expect((await memory())!.backend).to.equal(next.backend.name);

    document.removeEventListener('model-error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    document.body.replaceChildren();
    await frames(3);
    expect(next.tf.memory().numTensors).to.equal(baseline);
  });
});
