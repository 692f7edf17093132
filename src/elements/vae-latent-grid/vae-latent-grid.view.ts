/** The template of <vae-latent-grid>: the grid and its overlay, the cell lens, the drawing pad, controls and chart. */
import { html, type TemplateResult } from 'lit';
import { inlineStyle } from '../base/inline-style.js';
import { DIGIT_COLORS } from '../parts/palette.js';
import '../parts/draw-pad.js';
import '../parts/loss-chart.js';

/** q(z|x) of the drawn digit in the two dims shown */
export interface Posterior { mu: [number, number]; sigma: [number, number] }

/** What the template shows and the handlers it calls: state only, no element. */
export interface GridView {
  cells: number;
  /** the accessible label of the grid */
  label: string;
  /** text over the grid while it has no picture (undefined once it has one) */
  placeholder?: string;
  /** the cell under the pointer or the keyboard, in words ('' for none) */
  lens: string;
  posterior?: Posterior;
  showEncodings: boolean;
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
  onTrain: () => void;
  onTrainFrom: (from: 'loaded' | 'scratch') => void;
  onShowEncodings: (show: boolean) => void;
  onExport: () => void;
}

export function renderGrid(v: GridView): TemplateResult {
  const p = v.posterior;
  return html`
    <div class="layout">
      <div class="stage">
        <canvas part="canvas" aria-hidden="true"></canvas>
        <canvas class="overlay" tabindex="0" role="img" aria-label=${v.label}
          aria-description="Arrow keys move between cells, Enter selects one, Escape clears"
          @pointermove=${v.onPointerMove} @pointerleave=${v.onPointerLeave} @click=${v.onClick} @keydown=${v.onKey}></canvas>
        ${v.placeholder === undefined ? '' : html`<div class="placeholder">${v.placeholder}</div>`}
      </div>
      <div class="side">
        <div class="lens"><h3>Cell</h3><div class="z">${v.lens || 'Hover or use the arrow keys'}</div></div>
        <div><h3>Draw a digit</h3>
          <div class="pad-row">
            <ge-draw-pad @pad-change=${(e: CustomEvent<{ pixels: Float32Array }>) => v.onPad(e.detail.pixels)} @pad-clear=${v.onPadClear}></ge-draw-pad>
            <figure class="recon-figure"><canvas class="recon" width="28" height="28" aria-label="Reconstruction of the drawn digit from its mean" role="img"></canvas>
              <figcaption>decoded from μ</figcaption></figure>
          </div>
          <div class="z">${p ? `μ = (${p.mu[0].toFixed(2)}, ${p.mu[1].toFixed(2)}), σ = (${p.sigma[0].toFixed(2)}, ${p.sigma[1].toFixed(2)})` : ''}</div>
        </div>
        ${v.showEncodings ? html`<div><h3>Test digits</h3><div class="legend">${DIGIT_COLORS.map((c, i) => html`<span><i ${inlineStyle({ background: c })}></i>${i}</span>`)}</div></div>` : ''}
      </div>
    </div>
    <div part="controls">
      <button class="primary" ?disabled=${!v.loaded && !v.training} @click=${v.onTrain}>${v.training ? 'Stop' : 'Train'}</button>
      <label>from <select ?disabled=${v.training} @change=${(e: Event) => v.onTrainFrom((e.target as HTMLSelectElement).value as 'loaded' | 'scratch')}>
        <option value="loaded" ?selected=${v.trainFrom === 'loaded'}>these weights</option>
        <option value="scratch" ?selected=${v.trainFrom === 'scratch'}>scratch</option></select></label>
      <label><input type="checkbox" .checked=${v.showEncodings} @change=${(e: Event) => v.onShowEncodings((e.target as HTMLInputElement).checked)}> test digits</label>
      <button ?disabled=${!v.loaded} @click=${v.onExport}>Export weights</button>
    </div>
    <ge-loss-chart label="VAE training terms in nats" empty="Training starts: the reconstruction and KL terms of each step, in nats, appear here" ?hidden=${!v.chartShown}></ge-loss-chart>
    ${v.status}
    <div class="sr-only" aria-live="polite">${v.lens}</div>`;
}
