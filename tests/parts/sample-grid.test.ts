import { expect } from '@esm-bundle/chai';
import { Dcgan } from '../../src/models/dcgan.js';
import { SampleGrid, type GridElement } from '../../src/elements/gan-trainer/sample-grid.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { words } from '../../src/elements/base/localize.js';
import { useTestBackend } from '../helpers.js';

/** A host with the grid's canvas, as <gan-trainer> renders it. */
function gridHost(): GridElement & { canvas: HTMLCanvasElement } {
  const host = document.createElement('div') as unknown as GridElement & { canvas: HTMLCanvasElement };
  const root = host.attachShadow({ mode: 'open' });
  const canvas = document.createElement('canvas');
  canvas.setAttribute('part', 'canvas');
  root.append(canvas);
  Object.assign(host, { renderRoot: root, requestUpdate: () => undefined, canvas });
  document.body.append(host);
  return host;
}

const inked = (canvas: HTMLCanvasElement) => canvas.width > 0 && canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data.some((v, i) => i % 4 === 3 && v > 0);

describe('SampleGrid (<gan-trainer>\'s samples)', () => {
  let runtime: Runtime;
  before(async () => {
    runtime = await useTestBackend();
  });

  it('runs no generator pass on the page while the run\'s worker is starting; draws on the page otherwise', async () => {
    const { tf } = runtime;
    const host = gridHost();
    const start = tf.memory().numTensors;
    const gan = Dcgan.create({ zDim: 8, filters: 4, depth: 2 }, 3);
    const before = tf.memory().numTensors;
    let starting = true;
    let drawn = 0;
    const grid = new SampleGrid(host, {
      shown: () => gan, runtime: () => runtime, seed: () => 1, mnist: () => false,
      session: () => undefined, worker: () => undefined, offThread: () => starting,
      drawn: () => drawn++, fail: (text) => { throw new Error(words(text)); },
    });
    try {
      await grid.refresh();
      expect(drawn).to.equal(0);
      expect(inked(host.canvas)).to.equal(false);
      expect(tf.memory().numTensors).to.equal(before); // not even the fixed z was made

      starting = false; // the worker did not start (or the run ended): the page draws G itself
      await grid.refresh();
      expect(drawn).to.equal(1);
      expect(inked(host.canvas)).to.equal(true);
    } finally {
      grid.dispose();
      gan.dispose();
      host.remove();
    }
    expect(tf.memory().numTensors).to.equal(start); // the fixed z and the painted batch freed with the grid
  });
});
