/**
 * The training worker's protocol (src/training/worker.ts, driven by WorkerSession): every family trains there on
 * this group's backend exactly as it trains on the page's thread, hands its weights to the page's copy on sync,
 * keeps its tensors flat, says why when its data cannot load, and — on a GPU backend — fails with a readable
 * message once its GPU is lost, after which the next worker starts on another backend (and TrainingController
 * moves a run there by itself).
 */
import { expect } from '@esm-bundle/chai';
import type * as TF from '@tensorflow/tfjs';
import { testBackend, useTestBackend } from '../helpers.js';
import { shippedUrl, wasmRoot } from '../../src/runtime/assets.js';
import { loadMnist } from '../../src/data/mnist.js';
import { words } from '../../src/elements/base/localize.js';
import { Vae } from '../../src/models/vae.js';
import { PixelCnn, PIXELCNN_SMALL } from '../../src/models/pixelcnn.js';
import { Dcgan, type DcganTrainerOptions } from '../../src/models/dcgan.js';
import type { NetworkOwner } from '../../src/models/load.js';
import { VaeSession } from '../../src/training/vae-session.js';
import { PixelCnnSession } from '../../src/training/pixelcnn-session.js';
import { GanSession } from '../../src/training/gan-session.js';
import type { TrainingSession } from '../../src/training/session.js';
import { WorkerSession, type WorkerSessionOptions } from '../../src/training/worker-client.js';
import { DATA_ERROR, LOST_ERROR } from '../../src/training/protocol.js';
import { TrainingController } from '../../src/elements/base/training-controller.js';
import { tileImages } from '../../src/data/tile-images.js';

const gpu = testBackend === 'webgl' || testBackend === 'webgpu';
const settings = { learningRate: 1e-3, batchSize: 4, seed: 3 };
const ganOptions: DcganTrainerOptions = { learningRateG: 2e-4, learningRateD: 2e-4, dSteps: 1, loss: 'non-saturating', seed: 3 };

interface Case {
  family: 'vae' | 'pixelcnn' | 'dcgan';
  keys: string[];
  model: () => NetworkOwner;
  main: (tf: typeof TF, m: NetworkOwner, pixels: Float32Array, count: number) => TrainingSession;
  worker: (m: NetworkOwner) => Omit<WorkerSessionOptions, 'backend' | 'wasmRoot' | 'images'>;
}

const cases: Case[] = [
  {
    family: 'vae', keys: ['reconstruction', 'kl', 'negElbo', 'loss', 'beta'],
    model: () => Vae.create({ hiddenUnits: [16] }, 3),
    main: (tf, m, pixels, count) => new VaeSession(tf, m as Vae, pixels, count, settings),
    worker: (m) => ({ family: 'vae', config: (m as Vae).config, options: settings }),
  },
  {
    family: 'pixelcnn', keys: ['nll', 'bitsPerDim'],
    model: () => PixelCnn.create(PIXELCNN_SMALL, 3),
    main: (tf, m, pixels, count) => new PixelCnnSession(tf, m as PixelCnn, pixels, count, settings),
    worker: (m) => ({ family: 'pixelcnn', config: (m as PixelCnn).config, options: settings }),
  },
  {
    family: 'dcgan', keys: ['dLoss', 'gLoss', 'dReal', 'dFake'],
    model: () => Dcgan.create({ zDim: 8, filters: 4, depth: 2 }, 3),
    main: (tf, m, pixels, count) => new GanSession(tf, m as Dcgan, pixels, count, ganOptions, 4, 0),
    worker: (m) => ({ family: 'dcgan', config: (m as Dcgan).config, options: ganOptions, batchSize: 4, emaDecay: 0, sampleSeed: 1 }),
  },
];

const weightsOf = async (m: NetworkOwner) => Promise.all(m.network.getWeights().map(async (w) => Array.from(await w.data())));
const maxDiff = (a: number[][], b: number[][]) => Math.max(...a.map((t, i) => Math.max(...t.map((v, j) => Math.abs(v - b[i][j])))));

/** a stand-in for the element that hosts a TrainingController */
function fakeHost() {
  const controllers: { hostDisconnected?(): void }[] = [];
  return { localName: 'test-host', isConnected: true, controllers, addController: (c: { hostDisconnected?(): void }) => void controllers.push(c), removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) };
}

describe(`the training worker (${testBackend})`, function () {
  let tf: typeof TF;
  let digits: { pixels: Float32Array; count: number };
  const open: { dispose(): void }[] = [];
  const start = (m: NetworkOwner, o: Omit<WorkerSessionOptions, 'backend' | 'wasmRoot' | 'images'>, images: WorkerSessionOptions['images'] = { mnist: shippedUrl('mnist/') }) =>
    WorkerSession.start(tf, m, { ...o, backend: testBackend, wasmRoot: wasmRoot(), images } as WorkerSessionOptions).then((s) => {
      open.push(s);
      return s;
    });

  before(async () => {
    ({ tf } = await useTestBackend());
    const train = await loadMnist('train');
    digits = { pixels: train.pixels, count: train.count };
  });
  afterEach(() => open.splice(0).forEach((s) => s.dispose()));
  /** a VAE run as an element plans it */
  const plan = (m: Vae, key = 'run') => ({
    key,
    worker: () => ({ ...cases[0].worker(m), backend: testBackend, wasmRoot: wasmRoot(), images: { mnist: shippedUrl('mnist/') } }) as WorkerSessionOptions,
    main: async () => new VaeSession(tf, m, digits.pixels, digits.count, settings),
  });

  for (const c of cases) {
    it(`${c.family}: the worker's steps are the page's steps; sync hands its weights to the page's copy; its tensors stay flat`, async () => {
      const before = tf.memory().numTensors;
      const here = c.model();
      const there = c.model();
      const session = await start(there, c.worker(there));
      expect(session.backend).to.equal(testBackend);
      expect(session.count).to.equal(digits.count);
      const mainSession = c.main(tf, here, digits.pixels, digits.count);
      const initial = await weightsOf(there);
      const mine: Record<string, number>[] = [];
      const theirs: Record<string, number>[] = [];
      for (let i = 0; i < 3; i++) {
        theirs.push((await session.step(true))!);
        mine.push((await mainSession.step(true))!);
      }
      expect(Object.keys(theirs[0]).sort()).to.deep.equal([...c.keys].sort());
      for (let i = 0; i < 3; i++) for (const k of c.keys) expect(theirs[i][k], `step ${i} ${k}`).to.be.closeTo(mine[i][k], 1e-3 * Math.max(1, Math.abs(mine[i][k])));
      // the page's copy does not move until sync(); then it holds the worker's weights, which are the page's run's
      expect(maxDiff(await weightsOf(there), initial)).to.equal(0);
      await session.sync();
      const synced = await weightsOf(there);
      expect(maxDiff(synced, initial)).to.be.greaterThan(0);
      expect(maxDiff(synced, await weightsOf(here))).to.be.below(1e-3);
      // the worker's own tensors: flat from step to step
      await session.step(false);
      const { numTensors } = await session.memory();
      for (let i = 0; i < 3; i++) await session.step(i === 2);
      expect((await session.memory()).numTensors).to.equal(numTensors);
      session.dispose();
      mainSession.dispose();
      here.dispose();
      there.dispose();
      expect(tf.memory().numTensors).to.equal(before);
      let error = '';
      await session.step(true).catch((e: Error) => (error = e.message));
      expect(error).to.equal('the training worker was stopped');
    });
  }

  it('the VAE worker decodes latent points with its current weights, tiled as the page tiles them', async () => {
    const m = cases[0].model() as Vae;
    const session = await start(m, cases[0].worker(m));
    for (let i = 0; i < 2; i++) await session.step(false);
    const z = Float32Array.from({ length: 6 * 2 }, (_, i) => Math.sin(i));
    const grid = await session.decode(z, 3);
    expect([grid.width, grid.height]).to.deep.equal([3 * 28, 2 * 28]);
    await session.sync();
    const picture = tf.tidy(() => tileImages(tf, m.decode(tf.tensor2d(z, [6, 2])), 3));
    const here = await picture.data();
    picture.dispose();
    expect(Math.max(...grid.pixels.map((v, i) => Math.abs(v - here[i])))).to.be.below(1e-4);
    m.dispose();
  });

  it('training images that cannot load: a message that says so (and no fallback would help)', async () => {
    const m = cases[0].model();
    let error = '';
    await start(m, cases[0].worker(m), { mnist: new URL('/weights/no-such-folder/', location.href).href }).catch((e: Error) => (error = e.message));
    expect(error.startsWith(DATA_ERROR), error).to.equal(true);
    expect(error).to.contain('no-such-folder');
    m.dispose();
  });

  it('pixels sent by the page (dropped images) train as the shipped digits do', async () => {
    const m = cases[0].model();
    const session = await start(m, cases[0].worker(m), { pixels: digits.pixels.slice(0, 784 * 20), count: 20 });
    expect(session.count).to.equal(20);
    expect((await session.step(true))!.negElbo).to.be.a('number').and.be.greaterThan(0);
    m.dispose();
  });

  (gpu ? it : it.skip)('a worker whose GPU is lost says so, and the controller moves its run to a worker on another backend', async () => {
    const m = cases[0].model() as Vae;
    const controller = new TrainingController<Vae>(fakeHost(), { thread: () => 'worker', shown: () => m, fail: () => undefined });
    await controller.open(tf, m, plan(m));
    const first = controller.session as WorkerSession<Vae>;
    expect(first.backend).to.equal(testBackend);
    expect((await controller.step(true))!.negElbo).to.be.greaterThan(0);
    // a step that meets the lost GPU fails with a readable message; the controller starts again elsewhere
    expect(await first.loseBackend()).to.equal(true);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    let figures;
    try {
      figures = await controller.step(true);
    } finally {
      console.warn = warn;
    }
    expect(figures!.negElbo).to.be.greaterThan(0);
    expect(warnings.join('\n')).to.contain(`${LOST_ERROR}${testBackend}`);
    const next = controller.session as WorkerSession<Vae>;
    expect(next).to.not.equal(first);
    expect(controller.trainingIn).to.equal('worker');
    expect(next.backend).to.not.equal(testBackend);
    expect(controller.note).to.equal(`training in a worker (${next.backend})`);
    // later workers of this page leave the lost backend alone
    const later = await start(m, cases[0].worker(m));
    expect(later.backend).to.equal(next.backend);
    controller.end();
    m.dispose();
  });

  (gpu ? it.skip : it)('a backend without a GPU has nothing to lose', async () => {
    const m = cases[0].model();
    const session = await start(m, cases[0].worker(m));
    expect(await session.loseBackend()).to.equal(false);
    expect((await session.step(true))!.negElbo).to.be.greaterThan(0);
    m.dispose();
  });

  it('TrainingController: a worker by default, the main thread when asked; ends its session with the element', async () => {
    const host = fakeHost();
    let thread: 'worker' | 'main' = 'worker';
    const m = cases[0].model() as Vae;
    const controller = new TrainingController<Vae>(host, { thread: () => thread, shown: () => m, fail: () => undefined });
    const a = await controller.open(tf, m, plan(m, 'a'));
    expect(controller.trainingIn).to.equal('worker');
    expect(controller.note).to.equal(`training in a worker (${(a as WorkerSession<Vae>).backend})`);
    expect(await controller.open(tf, m, plan(m, 'a'))).to.equal(a);
    expect((await controller.step(true))!.negElbo).to.be.greaterThan(0);
    thread = 'main';
    const b = await controller.open(tf, m, plan(m, 'b'));
    expect(b).to.not.equal(a);
    expect(controller.trainingIn).to.equal('main');
    expect(controller.note).to.equal('training on the main thread');
    let error = '';
    await a.step(true).catch((e: Error) => (error = e.message));
    expect(error, 'the worker of the first run was stopped').to.equal('the training worker was stopped');
    host.controllers.forEach((c) => c.hostDisconnected?.());
    expect(controller.session).to.equal(undefined);
    m.dispose();
  });

  it('TrainingController.begin: a failure reads in the element; a run whose model is no longer shown ends at once', async () => {
    const m = cases[0].model() as Vae;
    let shown: Vae | undefined = m;
    const failures: string[] = [];
    const controller = new TrainingController<Vae>(fakeHost(), { thread: () => 'worker', shown: () => shown, fail: (text) => void failures.push(words(text)) });
    const missing = { ...plan(m, 'missing'), worker: () => ({ ...plan(m).worker(), images: { mnist: new URL('/no-such-folder/', location.href).href } }) as WorkerSessionOptions };
    expect(await controller.begin(tf, m, missing)).to.equal(undefined);
    expect(failures).to.have.length(1);
    expect(failures[0]).to.contain('no-such-folder');
    // the element showed another model by the time the session was open: nothing trains
    const opening = controller.begin(tf, m, plan(m, 'moved-on'));
    shown = undefined;
    expect(await opening).to.equal(undefined);
    expect(controller.session).to.equal(undefined);
    expect(failures).to.have.length(1);
    shown = m;
    const session = await controller.begin(tf, m, plan(m, 'kept'));
    expect(session).to.equal(controller.session);
    expect((await controller.step(true))!.negElbo).to.be.greaterThan(0);
    controller.end();
    m.dispose();
  });
});
