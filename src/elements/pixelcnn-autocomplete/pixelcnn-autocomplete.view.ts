/** The template of <pixelcnn-autocomplete>: the input (a test digit or the pad), the completions, controls, chart. */
import { html, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { formatNumber } from '../base/localize.js';
import type { SamplerKind } from '../../models/pixelcnn-sampler.js';
import { HIDDEN_REGIONS, type HiddenRegion } from '../../data/partial.js';
import '../parts/draw-pad.js';
import '../parts/loss-chart.js';

/** What the template shows and the handlers it calls: state only, no element. */
export interface AutocompleteView {
  input: 'digit' | 'draw';
  /** the accessible label of the test digit */
  digitLabel: string;
  /** the input's −log p(x), in words, a line each (or what to do before there is one) */
  nll: string[];
  /** completions shown side by side, and the caption under each (a line each) */
  captions: string[][];
  /**
   * compare: the two models' rows, each named, with its run in a line (time, passes, NLL) and its captions (the
   * first row's canvases are the element's completions, the second's the other model's)
   */
  rows?: { name: string; line: string; captions: string[][] }[];
  /** compare: what the race measured ('' before one) */
  raceSummary?: string;
  /** what the canvases say before the model is loaded ('' after) */
  placeholder: string;
  running: boolean;
  mask: HiddenRegion;
  samples: number;
  temperature: number;
  sampler: SamplerKind;
  loaded: boolean;
  training: boolean;
  trainFrom: 'loaded' | 'scratch';
  chartShown: boolean;
  status: TemplateResult;
  onInput: (input: 'digit' | 'draw') => void;
  onAnotherDigit: () => void;
  onPad: (pixels: Float32Array) => void;
  onPadClear: () => void;
  onComplete: () => void;
  onFinish: () => void;
  onMask: (mask: HiddenRegion) => void;
  onSamples: (n: number) => void;
  onTemperature: (t: number) => void;
  onSampler: (s: SamplerKind) => void;
  onTrain: () => void;
  onTrainFrom: (from: 'loaded' | 'scratch') => void;
  onRace: () => void;
  onExport: () => void;
}

const placeholder = (text: string) => (text ? html`<div class="placeholder">${text}</div>` : '');

/** A hidden region's name for the reader (the option's value stays the attribute's word). */
function regionName(region: HiddenRegion): string {
  switch (region) {
    case 'bottom': return msg('bottom');
    case 'right': return msg('right');
    case 'random': return msg('random');
    case 'none': return msg('none');
  }
}

export function renderAutocomplete(v: AutocompleteView): TemplateResult {
  const nothingHidden = v.mask === 'none';
  const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
  return html`
    <div class="layout">
      <div class="input" part="given">
        <div class="tabs" role="group" aria-label=${msg('What to complete')}>
          <button aria-pressed=${v.input === 'digit'} @click=${() => v.onInput('digit')}>${msg('Test digit')}</button>
          <button aria-pressed=${v.input === 'draw'} @click=${() => v.onInput('draw')}>${msg('Draw')}</button>
        </div>
        ${v.input === 'digit'
          ? html`<div class="frame"><canvas part="canvas" class="digit big" role="img" aria-label=${v.digitLabel}></canvas>${placeholder(v.placeholder)}</div>
              <button @click=${v.onAnotherDigit}>${msg('Another digit')}</button>`
          : html`<div class="pad-wrap"><ge-draw-pad label=${msg('Drawing pad: draw the part the model is given')}
                @pad-change=${(e: CustomEvent<{ pixels: Float32Array }>) => v.onPad(e.detail.pixels)} @pad-clear=${v.onPadClear}></ge-draw-pad>
              <canvas class="hidden-overlay" aria-hidden="true"></canvas></div>`}
        <div class="nll">${v.nll.map((line) => html`<span>${line}</span>`)}</div>
      </div>
      ${v.rows
        ? html`<div class="rows">${v.rows.map((row, r) => html`<section class="row" aria-label=${row.name}>
            <p class="row-name"><strong>${row.name}</strong> <span>${row.line}</span></p>
            ${completionRow(row.captions, r === 0 ? 'completion' : 'rival', v.running, v.placeholder, row.name)}</section>`)}</div>`
        : completionRow(v.captions, 'completion', v.running, v.placeholder, '')}
    </div>
    <div part="controls">
      <button class="primary" ?disabled=${!v.loaded || v.training || (nothingHidden && !v.running)}
        title=${nothingHidden ? msg('mask="none": nothing is hidden') : ''} @click=${v.onComplete}>${v.running ? msg('Stop') : msg('Complete')}</button>
      <button ?disabled=${!v.running} @click=${v.onFinish}>${msg('Finish instantly')}</button>
      <label>${msg('hide')} <select @change=${(e: Event) => v.onMask(value(e) as HiddenRegion)}>
        ${HIDDEN_REGIONS.map((m) => html`<option value=${m} ?selected=${v.mask === m}>${regionName(m)}</option>`)}</select></label>
      <label>${msg('samples')} <input type="number" min="1" max="16" .value=${String(v.samples)} @change=${(e: Event) => v.onSamples(Number(value(e)))}></label>
      <label>${msg('temperature')} <input type="range" min="0" max="2" step="0.05" .value=${String(v.temperature)}
        @input=${(e: Event) => v.onTemperature(Number(value(e)))}> ${formatNumber(v.temperature, 2)}</label>
      <label>${msg('sampler')} <select @change=${(e: Event) => v.onSampler(value(e) as SamplerKind)}>
        <option value="cached" ?selected=${v.sampler === 'cached'}>${msg('cached rows')}</option>
        <option value="naive" ?selected=${v.sampler === 'naive'}>${msg('naive (whole image per pixel)')}</option></select></label>
    </div>
    <div part="controls" class="train">
      <button ?disabled=${(!v.loaded && !v.training) || v.running} @click=${v.onTrain}>${v.training ? msg('Stop training') : msg('Train')}</button>
      <label>${msg('from')} <select ?disabled=${v.training} @change=${(e: Event) => v.onTrainFrom(value(e) as 'loaded' | 'scratch')}>
        <option value="scratch" ?selected=${v.trainFrom === 'scratch'}>${msg('scratch (small)')}</option>
        <option value="loaded" ?selected=${v.trainFrom === 'loaded'}>${msg('these weights')}</option></select></label>
      <button ?disabled=${!v.loaded} @click=${v.onExport}>${msg('Export weights')}</button>
      ${v.rows ? html`<button ?disabled=${(!v.loaded && !v.training) || v.running} @click=${v.onRace}
        title=${msg('Trains a small PixelCNN and a small PixelRNN of about the same size in turn, on the same batches')}>${v.training ? msg('Stop the race') : msg('Race: train both')}</button>` : ''}
    </div>
    <ge-loss-chart label=${v.rows ? msg('Training NLL in nats against each model’s own training time') : msg('Training NLL in nats')}
      empty=${msg('Training starts: the NLL of each batch, in nats per digit, appears here')} ?hidden=${!v.chartShown}></ge-loss-chart>
    ${v.rows && v.raceSummary ? html`<p class="race" role="status">${msg(str`Measured here: ${v.raceSummary}.`)}</p>` : ''}
    ${v.status}`;
}

/** One row of completions: canvases of `kind` (completion or rival) with their captions. */
function completionRow(captions: string[][], kind: 'completion' | 'rival', running: boolean, loading: string, name: string) {
  return html`<div class="completions" part="completions" aria-busy=${running}>
    ${captions.map((caption, s) => html`
      <figure><div class="frame"><canvas class=${`${kind} big`} role="img" aria-label=${name ? msg(str`${name} completion ${s + 1}`) : msg(str`Completion ${s + 1}`)}></canvas>${placeholder(loading && '…')}</div>
        <figcaption>${caption.map((line) => html`<span>${line}</span>`)}</figcaption></figure>`)}
  </div>`;
}

/** The test digit's accessible label (unless the page gave one with alt); call it while rendering. */
export function digitLabel(digit: number, mask: HiddenRegion): string {
  switch (mask) {
    case 'none': return msg(str`Held-out digit ${digit}, nothing hidden`);
    case 'bottom': return msg(str`Held-out digit ${digit} with the bottom part hidden`);
    case 'right': return msg(str`Held-out digit ${digit} with the right part hidden`);
    case 'random': return msg(str`Held-out digit ${digit} with the random part hidden`);
  }
}

/** The status line in a reader's words, and its detail (the title: size, backend, the last completion); call it while rendering. */
export function autocompleteSummary(s: { kind: string; params: number; warning: string; where: string; testNll?: number; thread: string; backend: string; last: string }): [string, string] {
  const nll = s.testNll !== undefined ? msg(str` · test NLL ${formatNumber(s.testNll, 1)} nats`) : '';
  const thread = s.thread ? ` · ${s.thread}` : '';
  const name = s.kind === 'pixelrnn' ? msg('PixelRNN (Row LSTM)') : 'PixelCNN';
  return [`${s.warning ? `${s.warning} · ` : ''}${name}${nll} · ${s.where}${thread}`,
    `${msg(str`${formatNumber(s.params / 1000, 0)}k parameters`)} · ${s.backend}${s.last}`];
}
