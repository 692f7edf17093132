/** The template of <vae-latent-grid>: the grid and its overlay, the cell lens, the drawing pad, controls and chart. */
import { html, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { formatNumber, words, type Text } from '../base/localize.js';
import { inlineStyle } from '../base/inline-style.js';
import { DIGIT_COLORS } from '../parts/palette.js';
import '../parts/draw-pad.js';
import '../parts/loss-chart.js';
import '../parts/bound-panel.js';
import type { BoundResult } from '../parts/bound-panel.js';

/** q(z|x) of the drawn digit in the two dims shown */
export interface Posterior { mu: [number, number]; sigma: [number, number] }

/** What the template shows and the handlers it calls: state only, no element. */
export interface GridView {
  cells: number;
  /** the model shown: a VAE, or the plain autoencoder (no q(z|x) spread, no p(x) to integrate) */
  architecture: 'vae' | 'autoencoder';
  /** the compare layout: the other model's grid beside this one, on the same lattice */
  compare: boolean;
  /** the accessible label of the grid */
  label: Text;
  /** text over the grid while it has no picture (undefined once it has one) */
  placeholder?: Text;
  /** the cell under the pointer or the keyboard, in words ('' for none) */
  lens: string;
  posterior?: Posterior;
  /** the axes' names (z₁, z₂ …) and round z values with their place along each axis (0–1, from the left / bottom) */
  axes: { x: string; y: string; ticks: { value: number; at: number }[] };
  showEncodings: boolean;
  /** the digit class the legend highlights (hovered or pinned) */
  highlight?: number;
  /** the reader has drawn something on the pad */
  drawn: boolean;
  loaded: boolean;
  training: boolean;
  trainFrom: 'loaded' | 'scratch';
  chartShown: boolean;
  status: TemplateResult;
  onPointerMove: (e: PointerEvent) => void;
  onPointerLeave: () => void;
  onClick: (e: MouseEvent) => void;
  onKey: (e: KeyboardEvent) => void;
  onPad: (pixels: Float32Array) => void;
  onPadClear: () => void;
  /** put the next held-out test digit on the pad */
  onTestDigit: () => void;
  /** the pad's digit: log p(x), the ELBO, the gap and the true posterior (undefined until computed) */
  bound?: BoundResult;
  /** what is being integrated now ('' when idle) */
  boundBusy: Text;
  onTrain: () => void;
  onTrainFrom: (from: 'loaded' | 'scratch') => void;
  onShowEncodings: (show: boolean) => void;
  /** the pointer or focus is on a legend key (undefined: left it) */
  onHoverDigit: (digit: number | undefined) => void;
  /** a legend key was clicked: pin that class (again: unpin) */
  onPinDigit: (digit: number) => void;
  onExport: () => void;
}

/** the lecture's point about each grid (in the locale of the render) */
const caption = (a: 'vae' | 'autoencoder'): string => (a === 'vae'
  ? msg('A VAE: the KL term pulls every code towards the prior N(0, I), so the codes fill the plane without holes and every z decodes to something digit-like; sampling z ~ p(z) makes new digits.')
  : msg('A plain autoencoder: trained to reconstruct only, its codes form clusters with gaps between them, and a z in a gap decodes to no digit. With no p(z) to sample from it is no generative model; the VAE fixes that.'));

const modelName = (a: 'vae' | 'autoencoder'): string => (a === 'vae' ? 'VAE' : msg('Autoencoder'));
const other = (v: GridView): 'vae' | 'autoencoder' => (v.architecture === 'vae' ? 'autoencoder' : 'vae');

const tickText = (v: number) => formatNumber(v, Number.isInteger(v) ? 0 : 1).replace('-', '−');
const fixed = (v: number) => formatNumber(v, 2);

function legend(v: GridView): TemplateResult {
  return html`<div><h3>${msg('Test digits')}</h3>
    <div class="legend" role="group" aria-label=${msg('Digit classes: hover or focus one to pick it out on the grid, click to keep it')}>
      ${DIGIT_COLORS.map((c, i) => html`<button class="key" aria-pressed=${v.highlight === i ? 'true' : 'false'}
        @pointerenter=${() => v.onHoverDigit(i)} @pointerleave=${() => v.onHoverDigit(undefined)}
        @focus=${() => v.onHoverDigit(i)} @blur=${() => v.onHoverDigit(undefined)} @click=${() => v.onPinDigit(i)}><i ${inlineStyle({ background: c })}></i>${i}</button>`)}
    </div></div>`;
}

export function renderGrid(v: GridView): TemplateResult {
  const p = v.posterior;
  return html`
    <div class="layout">
      <div class="plot ${v.compare ? 'compare' : ''}">
      <div class="axis-name y" aria-hidden="true">${v.axes.y}</div>${v.compare ? html`<div class="grid-name">${modelName(v.architecture)}</div><div class="grid-name">${modelName(other(v))}</div>` : html`<div></div>`}
      <div class="axis y" aria-hidden="true">
        ${v.axes.ticks.map((t) => html`<span class="tick" ${inlineStyle({ bottom: `${(100 * t.at).toFixed(2)}%` })}>${tickText(t.value)}</span>`)}</div>
      <div class="stage">
        <canvas part="canvas" aria-hidden="true"></canvas>
        <canvas class="overlay" tabindex="0" role="img" aria-label=${words(v.label)}
          aria-description=${msg('Arrow keys move between cells, Enter selects one, Escape clears')}
          @pointermove=${v.onPointerMove} @pointerleave=${v.onPointerLeave} @click=${v.onClick} @keydown=${v.onKey}></canvas>
        ${v.placeholder === undefined ? '' : html`<div class="placeholder">${words(v.placeholder)}</div>`}
      </div>
      ${v.compare ? html`<div class="stage"><canvas class="rival" role="img" aria-label=${msg(str`The ${modelName(other(v))}'s grid, decoded at the same points`)}></canvas></div>` : ''}
      <div></div>
      ${(v.compare ? [0, 1] : [0]).map(() => html`<div class="axis x" aria-hidden="true">
        ${v.axes.ticks.map((t) => html`<span class="tick" ${inlineStyle({ left: `${(100 * t.at).toFixed(2)}%` })}>${tickText(t.value)}</span>`)}
        <span class="name">${v.axes.x}</span></div>`)}
      </div>
      <div class="side">
        <div class="lens"><h3>${msg('Cell')}</h3><div class="z">${v.lens || msg('Hover or use the arrow keys')}</div></div>
        <div><h3>${msg('Draw a digit')}</h3>
          <div class="pad-row">
            <ge-draw-pad @pad-change=${(e: CustomEvent<{ pixels: Float32Array }>) => v.onPad(e.detail.pixels)} @pad-clear=${v.onPadClear}></ge-draw-pad>
            <figure class="recon-figure"><div class="recon-box"><canvas class="recon" width="28" height="28" aria-label=${msg('Reconstruction of the drawn digit from its mean')} role="img"></canvas>
              ${v.drawn ? '' : html`<div class="hint" aria-hidden="true">${msg('its decoding')}</div>`}</div>
              <figcaption>${msg('decoded from μ')}</figcaption></figure>
          </div>
          <button class="test-digit" ?disabled=${!v.loaded} @click=${v.onTestDigit}>${msg('Test digit')}</button>
          <div class="z">${v.architecture === 'autoencoder' ? (p ? msg(str`its code z = (${fixed(p.mu[0])}, ${fixed(p.mu[1])})`) : msg('Its code z appears on the grid as a point.'))
            : p ? `μ = (${fixed(p.mu[0])}, ${fixed(p.mu[1])}), σ = (${fixed(p.sigma[0])}, ${fixed(p.sigma[1])})`
            : msg('Its q(z|x) appears on the grid: the mean μ and the 1σ and 2σ ellipses.')}</div>
        </div>
        ${v.architecture === 'vae' ? html`<div><h3>${msg('log p(x), the ELBO and their gap')}</h3><ge-bound-panel .result=${v.bound} busy=${words(v.boundBusy)}></ge-bound-panel></div>` : ''}
        ${v.showEncodings ? legend(v) : ''}
      </div>
    </div>
    ${(v.compare ? [v.architecture, other(v)] : [v.architecture]).map((a) => html`<p class="caption">${caption(a)}</p>`)}
    <div part="controls">
      <button class="primary" ?disabled=${!v.loaded && !v.training} @click=${v.onTrain}>${v.training ? msg('Stop') : msg('Train')}</button>
      <label>${msg('from')} <select ?disabled=${v.training} @change=${(e: Event) => v.onTrainFrom((e.target as HTMLSelectElement).value as 'loaded' | 'scratch')}>
        <option value="loaded" ?selected=${v.trainFrom === 'loaded'}>${msg('these weights')}</option>
        <option value="scratch" ?selected=${v.trainFrom === 'scratch'}>${msg('scratch')}</option></select></label>
      <label><input type="checkbox" .checked=${v.showEncodings} @change=${(e: Event) => v.onShowEncodings((e.target as HTMLInputElement).checked)}> ${msg('test digits')}</label>
      <button ?disabled=${!v.loaded} @click=${v.onExport}>${msg('Export weights')}</button>
    </div>
    <ge-loss-chart label=${msg('VAE training terms in nats')} empty=${msg('Training starts: the reconstruction and KL terms of each step, in nats, appear here')} ?hidden=${!v.chartShown}></ge-loss-chart>
    ${v.status}
    <div class="sr-only" aria-live="polite">${v.lens}</div>`;
}
