import { expect } from '@esm-bundle/chai';
import { defaultBatchSize } from '../../src/training/batch.js';

describe('defaultBatchSize: about a second a round on each backend', () => {
  it('a real GPU trains at 64, a software one and the cpu backend at 8', () => {
    expect(defaultBatchSize({ name: 'webgpu', software: false })).to.equal(64);
    expect(defaultBatchSize({ name: 'webgl', software: false })).to.equal(64);
    expect(defaultBatchSize({ name: 'webgpu', software: true })).to.equal(8);
    expect(defaultBatchSize({ name: 'webgl', software: true })).to.equal(8);
    expect(defaultBatchSize({ name: 'cpu', software: false })).to.equal(8);
  });

  it('wasm: 32 on one thread (or two), 64 with four threads or more', () => {
    expect(defaultBatchSize({ name: 'wasm', software: false })).to.equal(32);
    expect(defaultBatchSize({ name: 'wasm', software: false, threads: 2 })).to.equal(32);
    expect(defaultBatchSize({ name: 'wasm', software: false, threads: 4 })).to.equal(64);
  });

  it('before a backend is known: 32', () => {
    expect(defaultBatchSize(undefined)).to.equal(32);
  });
});
