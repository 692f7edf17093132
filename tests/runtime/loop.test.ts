import { expect } from '@esm-bundle/chai';
import { FrameLoop } from '../../src/runtime/loop.js';
import { frames } from '../helpers.js';

describe('FrameLoop', () => {
  it('runs steps within a frame budget, then yields to the browser', async () => {
    const perFrame: number[] = [];
    let frame = 0;
    let count = 0;
    const loop = new FrameLoop({
      budgetMs: 8,
      step: () => {
        const t = performance.now();
        while (performance.now() - t < 3); // 3 ms of work
        perFrame[frame] = (perFrame[frame] ?? 0) + 1;
        return ++count < 12;
      },
    });
    const counter = setInterval(() => frame++, 0);
    let rafs = 0;
    const countRafs = () => { rafs++; if (loop.running) requestAnimationFrame(countRafs); };
    requestAnimationFrame(countRafs);
    await loop.start().done;
    clearInterval(counter);
    expect(count).to.equal(12);
    // 3 ms steps in an 8 ms budget: at most 3 steps before yielding, so 12 steps need at least 4 frames
    expect(rafs).to.be.at.least(4);
  });

  it('off-thread steps (budget Infinity) follow one another without waiting for a frame, and still pause while inactive', async () => {
    // each step waits one frame, as a step in a worker waits for its reply: a budgeted loop then also gives up the
    // next frame before the following step; an off-thread one sends it at once
    const framesFor = async (budgetMs: number) => {
      let rafs = 0;
      let steps = 0;
      const loop = new FrameLoop({ budgetMs, step: async () => { await frames(1); return ++steps < 6; } });
      const count = () => { rafs++; if (loop.running) requestAnimationFrame(count); };
      requestAnimationFrame(count);
      await loop.start().done;
      return rafs;
    };
    expect(await framesFor(Infinity)).to.be.at.most(8);
    expect(await framesFor(10)).to.be.at.least(11);
    let active = true;
    let steps = 0;
    const loop = new FrameLoop({ budgetMs: Infinity, isActive: () => active, step: async () => { await frames(1); if (++steps === 3) active = false; } }).start();
    await frames(8);
    expect(steps).to.equal(3);
    active = true;
    await frames(4);
    expect(steps).to.be.greaterThan(3);
    loop.stop();
  });

  it('waits while inactive and resumes when active again', async () => {
    let active = false;
    let steps = 0;
    const loop = new FrameLoop({ step: () => { steps++; }, isActive: () => active }).start();
    await frames(4);
    expect(steps).to.equal(0);
    active = true;
    await frames(3);
    expect(steps).to.be.greaterThan(0);
    active = false;
    await frames(1);
    const paused = steps;
    await frames(3);
    expect(steps).to.equal(paused);
    loop.stop();
  });

  it('stop() ends it for good and calls onEnd once; a throwing step ends it with the error', async () => {
    let ends = 0;
    let steps = 0;
    const loop = new FrameLoop({ step: () => { steps++; }, onEnd: () => ends++ }).start();
    await frames(2);
    loop.stop();
    loop.stop();
    const after = steps;
    await frames(3);
    expect(steps).to.equal(after);
    expect(ends).to.equal(1);
    let error: unknown;
    const failing = new FrameLoop({ step: () => { throw new Error('boom'); }, onEnd: (e) => (error = e) });
    await failing.start().done;
    expect((error as Error).message).to.equal('boom');
    expect(failing.running).to.equal(false);
  });
});
