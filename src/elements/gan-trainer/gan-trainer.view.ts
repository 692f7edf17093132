/** The template of <gan-trainer>: samples, figures, class shares, charts and controls; the status text. Reads state only. */
import { html, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { currentLocale, formatNumber, formatPercent, words, type Text } from '../base/localize.js';
import { inlineStyle } from '../base/inline-style.js';
import type { GeneratorLoss } from '../../models/dcgan.js';
import type { CheckpointInfo } from '../../runtime/checkpoint.js';
import { SHARE_SAMPLES, type GanFigures } from '../../training/gan-session.js';
import type { ClassShares } from '../../training/protocol.js';
import '../parts/loss-chart.js';

/** What the template reads of the element and the controls it drives: nothing else of the element. */
export interface TrainerHost {
  readonly alt: string;
  readonly loaded: boolean;
  readonly training: boolean;
  readonly lrG: number;
  readonly lrD: number;
  readonly dSteps: number;
  readonly loss: GeneratorLoss;
  readonly effectiveBatchSize: number;
  readonly batchSize?: number;
  readonly ema: number;
  readonly backendName: string;
  train(): Promise<void>;
  stop(): void;
  stepOnce(): Promise<void>;
  reset(): Promise<void>;
  exportWeights(): Promise<File[]>;
}

export interface TrainerView {
  step: number;
  figures?: GanFigures;
  shares?: ClassShares;
  stepsPerSecond: number;
  offer?: CheckpointInfo;
  datasetNote: Text;
  status: TemplateResult;
  onNumber: (property: string, value: number) => void;
  onLoss: (loss: GeneratorLoss) => void;
  onResume: () => void;
  onDiscard: () => void;
}

const fmt = (v: number | undefined, digits = 3) => (v === undefined ? '–' : formatNumber(v, digits));

export function renderTrainer(el: TrainerHost, v: TrainerView): TemplateResult {
  const f = v.figures;
  const number = (label: string, property: string, value: number, step: string, min: number, max: number) => html`
    <label>${label} <input type="number" .value=${String(value)} step=${step} min=${min} max=${max} ?disabled=${el.training}
      @change=${(e: Event) => v.onNumber(property, Number((e.target as HTMLInputElement).value))}></label>`;
  return html`
    ${v.offer ? html`<div class="resume" role="region" aria-label=${msg('Saved run')}>
      ${msg(str`A saved run of this trainer reached step ${v.offer.step} (${v.offer.savedAt.toLocaleString(currentLocale())}).`)}
      <button class="primary" @click=${v.onResume}>${msg('Resume it')}</button><button @click=${v.onDiscard}>${msg('Discard')}</button></div>` : ''}
    <div class="layout">
      <div>
        <div class="samples">
          <canvas part="canvas" role="img" aria-label=${el.alt || msg(str`64 generator samples from fixed latent vectors, after ${v.step} training steps`)}></canvas>
          ${el.loaded ? '' : html`<div class="placeholder">${msg('Loading the DCGAN…')}<br>${msg('(drop images here to train on them)')}</div>`}
        </div>
      </div>
      <div class="side">
        <div><h3>${msg(str`The game, step ${v.step}`)}</h3>
          <div class="figures">
            <span>${msg('D loss')}</span><span>${fmt(f?.dLoss)}</span>
            <span>${msg('G loss')}</span><span>${fmt(f?.gLoss)}</span>
            <span>${msg('D(x), real')}</span><span>${fmt(f?.dReal)}</span>
            <span>${msg('D(G(z)), fake')}</span><span>${fmt(f?.dFake)}</span>
            <span>${msg('steps / s')}</span><span>${el.training ? formatNumber(v.stepsPerSecond, 2) : '–'}</span>
          </div>
        </div>
        <ge-loss-chart class="losses" label=${msg('Discriminator and generator losses')} empty=${msg('Press Play: D and G losses per round appear here')}></ge-loss-chart>
        <ge-loss-chart class="odds" label=${msg('D(x) on real and D(G(z)) on fake images')} range="0 1"
          empty=${msg('Press Play: D’s mean output on real digits, D(x), and on G’s, D(G(z))')}></ge-loss-chart>
        ${renderShares(v.shares)}
        ${words(v.datasetNote) ? html`<div class="note">${words(v.datasetNote)}</div>` : ''}
      </div>
    </div>
    <div part="controls">
      <button class="primary" ?disabled=${!el.loaded} @click=${() => (el.training ? el.stop() : void el.train())}>${el.training ? msg('Pause') : msg('Play')}</button>
      <button ?disabled=${!el.loaded || el.training} @click=${() => void el.stepOnce()}>${msg('Step')}</button>
      <button ?disabled=${!el.loaded} @click=${() => void el.reset()}>${msg('Reset')}</button>
      <label>${msg('loss')} <select @change=${(e: Event) => v.onLoss((e.target as HTMLSelectElement).value as GeneratorLoss)}>
        <option value="non-saturating" ?selected=${el.loss === 'non-saturating'}>${msg('non-saturating −log D(G(z))')}</option>
        <option value="minimax" ?selected=${el.loss === 'minimax'}>${msg('minimax log(1 − D(G(z)))')}</option></select></label>
      ${number(msg('k (D steps)'), 'dSteps', el.dSteps, '1', 1, 10)}
      ${number(msg('batch'), 'batchSize', el.effectiveBatchSize, '1', 1, 512)}
      ${number(msg('lr G'), 'lrG', el.lrG, '0.0001', 0.000001, 0.1)}
      ${number(msg('lr D'), 'lrD', el.lrD, '0.0001', 0.000001, 0.1)}
      <button ?disabled=${!el.loaded} @click=${() => void el.exportWeights()}>${msg('Export weights')}</button>
    </div>
    ${v.status}`;
}

/** The class-share bars: a class near 0 % is flagged (red) only once the window holds enough samples to say so. */
export function renderShares(judged?: ClassShares): TemplateResult {
  if (!judged) return html`<div class="note">${msg('Digit classes of recent samples appear here while training on MNIST.')}</div>`;
  const { shares, samples } = judged;
  // near 0 % is mode collapse only once enough samples say so (a single refresh of 64 would flag a healthy class too often)
  const low = (s: number) => s < 0.03 && samples >= SHARE_SAMPLES;
  const max = Math.max(...shares, 0.1);
  const described = shares.map((s, i) => `${i}: ${formatPercent(s)}`).join(msg(', '));
  return html`<div><h3>${msg('Digit classes of recent samples')}</h3>
    <div class="bars" role="img" aria-label=${msg(str`Share of each digit class among recent samples: ${described}`)}>
      ${shares.map((s) => html`<div class=${low(s) ? 'bar low' : 'bar'} ${inlineStyle({ height: `${(s / max) * 100}%` })} title=${formatPercent(s)}></div>`)}
    </div>
    <div class="bar-values" aria-hidden="true">${shares.map((s) => html`<span>${formatPercent(s)}</span>`)}</div>
    <div class="bar-labels" aria-hidden="true">${shares.map((_, i) => html`<span>${i}</span>`)}</div>
    <div class="note">${msg('A class near 0% (red) while others grow is the sign of mode collapse.')}</div></div>`;
}

/** What the status line names besides the element's settings. */
export interface TrainerFacts {
  /** the size of the model's z; undefined without a model (then the status line says nothing of its own) */
  zDim?: number;
  /** the backend and why better ones were passed over */
  backend: string;
  /** where the model runs, in a reader's words */
  where: string;
  /** where the run trains ('' before the first step) */
  thread: string;
}

/**
 * The status line in a reader's words (the batch, where the model runs and trains, the samples' averaged G) and its
 * detail (z's size, the backend by name, why the batch, the EMA's decay). '' without a model.
 */
export function trainerSummary(el: TrainerHost, facts: TrainerFacts): [string, string] {
  if (facts.zDim === undefined) return ['', ''];
  const batch = msg(str` · batch ${el.effectiveBatchSize}`);
  const chosen = el.batchSize === undefined ? msg(str` (chosen for ${el.backendName || msg('this backend')}: about a second a round)`) : '';
  const thread = facts.thread ? ` · ${facts.thread}` : '';
  const average = el.ema > 0 ? msg(' · samples from G’s running average') : '';
  const decay = el.ema > 0 ? msg(str` · samples from an EMA of G (decay ${el.ema})`) : '';
  return [`DCGAN${batch} · ${facts.where}${thread}${average}`, `z ∈ ℝ^${facts.zDim} · ${facts.backend}${batch}${chosen}${decay}`];
}
