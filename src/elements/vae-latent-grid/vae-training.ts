/** How <vae-latent-grid> trains: train()'s options (see base/digit-training.ts), the run's session, and its redraw pace. */
import { msg, str } from '@lit/localize';
import { formatNumber } from '../base/localize.js';
import type { Vae } from '../../models/vae.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { TrainingThread } from '../base/training-controller.js';
import { digitSessionPlan, digitTrainSettings, type DigitTrainOptions } from '../base/digit-training.js';
import { prefersReducedMotion } from '../base/visibility.js';

export interface VaeTrainOptions extends DigitTrainOptions {
  /** digits per step (default 64) */
  batchSize?: number;
  /** Adam learning rate (default 1e-3) */
  learningRate?: number;
  /** start from the loaded weights (default) or from a fresh network */
  from?: 'loaded' | 'scratch';
}

/** One run's options, checked; `from` defaults to the element's choice. */
export function trainSettings(tag: string, options: VaeTrainOptions, from: 'loaded' | 'scratch'): Required<VaeTrainOptions> {
  return digitTrainSettings(tag, options, { batchSize: 64, maxBatchSize: 1024, learningRate: 1e-3, from });
}

/** The session that trains `vae` on the shipped 9,000 training digits: in the training worker, or on the page's thread. */
export function vaeSessionPlan(runtime: Runtime, vae: Vae, thread: TrainingThread, options: { learningRate: number; batchSize: number; seed: number; beta: number }) {
  return digitSessionPlan<Vae>(runtime, thread, { family: 'vae', config: vae.config, options }, async (tf, data) => {
    const { VaeSession } = await import('../../training/vae-session.js');
    return new VaeSession(tf, vae, data.pixels, data.count, options);
  });
}

/** When to redraw the grid during a run: true at most once a second (every 5 s for readers who prefer reduced motion). */
export function redrawTimer(): () => boolean {
  let lastDraw = performance.now();
  return () => {
    if (performance.now() - lastDraw <= (prefersReducedMotion() ? 5000 : 1000)) return false;
    lastDraw = performance.now();
    return true;
  };
}

/** The train chart's series: both terms of the bound and the β-weighted loss the steps minimise (labels in the current locale). */
export function chartSeries(beta: number): { label: string; color: string }[] {
  return [{ label: msg('reconstruction −log p(x|z)'), color: '#1a73e8' }, { label: 'KL(q‖p)', color: '#e8710a' },
    { label: msg(str`loss: reconstruction + ${beta}·KL`), color: '#5f6368' }];
}

/** The status line in a reader's words, and its detail (the title): the model, its test figure, β, where it runs (call it at render). */
export function statusSummary(s: { model: Vae; meta?: Record<string, unknown>; training: boolean; beta: number; thread: string; where: string; backend: string }): [string, string] {
  const quality = s.meta?.quality as { testNegElbo?: number; testReconstruction?: number } | undefined;
  const figure = s.training ? undefined : s.model.variational ? quality?.testNegElbo : quality?.testReconstruction;
  const name = s.model.variational ? 'VAE' : msg('Autoencoder');
  const test = figure === undefined ? '' : s.model.variational ? msg(str` · test −ELBO ${formatNumber(figure)} nats`)
    : msg(str` · test reconstruction ${formatNumber(figure)} nats`);
  const beta = s.model.variational && (s.training || s.beta !== 1) ? ` · β = ${s.beta}` : '';
  const thread = s.thread ? ` · ${s.thread}` : '';
  const space = s.model.variational ? msg(str`${s.model.config.latentDim}-D latent`) : msg(str`${s.model.config.latentDim}-D code`);
  return [`${name}${test}${beta} · ${s.where}${thread}`, `${space} · ${s.backend}`];
}
