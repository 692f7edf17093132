import { expect } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, softwareGpu } from '../../src/runtime/backend.js';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { wasmRoot } from '../../src/runtime/assets.js';
import { testBackend } from '../helpers.js';

// This file drives tf.setBackend itself (no shared runtime), so it checks the choice logic on this browser.
describe('backend choice', () => {
  before(() => setWasmPaths(wasmRoot()));

  it('forcing a backend gets that backend', async () => {
    const choice = await chooseBackend(tf, testBackend);
    expect(choice.name).to.equal(testBackend);
    expect(tf.getBackend()).to.equal(testBackend);
  });

  it('auto never picks a software GPU while wasm or cpu work, and says why it passed it over', async () => {
    const software = { webgpu: await softwareGpu('webgpu'), webgl: await softwareGpu('webgl') };
    const choice = await chooseBackend(tf, 'auto');
    for (const gpu of ['webgpu', 'webgl'] as const) {
      if (software[gpu]) {
        expect(choice.name).to.not.equal(gpu);
        expect(choice.reasons.join(' ')).to.contain(`${gpu}: ${software[gpu]}`);
      }
    }
    // Headless Chromium without a GPU (this machine, CI) renders with SwiftShader: wasm must win there.
    if (software.webgpu && software.webgl) expect(choice.name).to.equal('wasm');
    expect(choice.software).to.equal(false);
  });

  it('detects SwiftShader as software, by the WebGL renderer string and the WebGPU adapter', async () => {
    const gl = document.createElement('canvas').getContext('webgl2')!;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : '');
    if (/swiftshader/i.test(renderer)) expect(await softwareGpu('webgl')).to.match(/SwiftShader/);
    else expect(await softwareGpu('webgl')).to.equal(null);
  });
});
