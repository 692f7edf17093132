/**
 * <ge-bound-panel>: one digit's evidence and its bound. The true posterior p(z|x) as a heat map over a window of the
 * latent plane, under q(z|x)'s 1σ and 2σ ellipses, and three numbers in nats: log p(x) (by quadrature), the ELBO,
 * and their gap, KL(q(z|x) ‖ p(z|x)). It only shows what it is given (`result`); the element computes it.
 */
import { css, html } from 'lit';
import { msg, str } from '@lit/localize';
import { formatNumber, LocalizedElement, words, type Text } from '../base/localize.js';
import type { Evidence, PosteriorMap } from '../../models/vae-evidence.js';
import { cssColor, cssRgb, type Rgb } from './css-color.js';
import { ColorSchemeController } from '../base/color-scheme.js';

/** What the panel shows: one digit's figures (index 0 of `evidence`) and its posterior map. */
export interface BoundResult {
  evidence: Evidence;
  posterior: PosteriorMap;
  /** what the digit is, in words (in the element's language when it was measured) */
  source: string;
  /** the same for the panel, in the language it renders in (default: source) */
  sourceText?: Text;
}

const nats = (v: number) => `${v < 0 ? '−' : ''}${formatNumber(Math.abs(v), 1)}`;

export class BoundPanel extends LocalizedElement {
  /** repainted in the new palette when the page's colour scheme changes */
  protected readonly colourScheme = new ColorSchemeController(this, () => this.requestUpdate());
  static override properties = { result: { attribute: false }, busy: { type: String } };
  static override styles = css`
    :host { display: block; font-size: inherit; }
    .map { position: relative; width: 100%; max-width: 176px; aspect-ratio: 1; background: var(--ge-paper, #fff);
      border: 1px solid var(--ge-rule, #ccc); border-radius: 4px; overflow: hidden; }
    canvas { position: absolute; inset: 0; width: 100%; height: 100%; image-rendering: pixelated; }
    dl { display: grid; grid-template-columns: auto 1fr; gap: 1px 8px; margin: 6px 0 0; font-variant-numeric: tabular-nums; }
    dt { color: var(--ge-muted, #57606a); }
    dd { margin: 0; text-align: right; }
    .gap { font-weight: 600; }
    p { margin: 4px 0 0; color: var(--ge-muted, #57606a); font-size: 0.9em; }
  `;

  /** the digit's figures and posterior map, or undefined for none yet */
  result?: BoundResult;
  /** while a digit is being integrated: what (e.g. "the drawing"); '' when idle */
  busy = '';

  override render() {
    const r = this.result, e = r?.evidence;
    const source = r ? words(r.sourceText ?? r.source) : '';
    const label = e ? msg(str`True posterior p(z|x) of ${source} as a heat map, with q(z|x)'s 1σ and 2σ ellipses`) : msg('No digit integrated yet');
    return html`
      <div class="map"><canvas role="img" aria-label=${label} width="64" height="64"></canvas><canvas class="q" width="256" height="256" aria-hidden="true"></canvas></div>
      ${e ? html`<dl aria-label=${msg('log p(x), the ELBO and the gap, in nats')}>
          <dt>log p(x)</dt><dd>${nats(e.logPx[0])}</dd>
          <dt>ELBO</dt><dd>${nats(e.elbo[0])}</dd>
          <dt class="gap">${msg('gap = KL(q‖p(z|x))')}</dt><dd class="gap">${nats(e.gap[0])}</dd>
        </dl>` : ''}
      <p role="status">${this.busy ? msg(str`Integrating p(x|z) p(z) over the latent plane for ${this.busy}…`)
        : e ? msg(str`${source}: log p(x) by quadrature; the ELBO is below it by exactly how far q is from the true posterior (heat map).`)
        : msg('Draw a digit, pick a test digit or click a cell: its log p(x), ELBO and true posterior appear here.')}</p>`;
  }

  override updated(): void {
    const [map, overlay] = this.renderRoot.querySelectorAll('canvas');
    const r = this.result;
    const ctx = map.getContext('2d'), qctx = overlay.getContext('2d');
    if (!ctx || !qctx) return;
    qctx.clearRect(0, 0, overlay.width, overlay.height);
    if (!r) return void ctx.clearRect(0, 0, map.width, map.height);
    paintDensity(ctx, r.posterior, cssRgb(this, '--ge-accent', '#1a73e8'));
    paintEllipses(qctx, r, cssColor(this, '--ge-ink', '#111'));
  }
}

/** The density as the accent colour's opacity, scaled to its peak. */
function paintDensity(ctx: CanvasRenderingContext2D, map: PosteriorMap, [r, g, b]: Rgb): void {
  const { size, density } = map;
  ctx.canvas.width = ctx.canvas.height = size;
  const peak = density.reduce((m, v) => Math.max(m, v), 0) || 1;
  const image = ctx.createImageData(size, size);
  density.forEach((v, i) => image.data.set([r, g, b, Math.round(255 * Math.sqrt(v / peak))], 4 * i));
  ctx.putImageData(image, 0, 0);
}

/** q(z|x)'s mean and its 1σ and 2σ ellipses, in the map's window. */
function paintEllipses(ctx: CanvasRenderingContext2D, r: BoundResult, color: string): void {
  const { x0, x1, y1 } = r.posterior.window, side = ctx.canvas.width, scale = side / (x1 - x0);
  const { mu, sigma } = r.evidence;
  const cx = (mu[0] - x0) * scale, cy = (y1 - mu[1]) * scale;
  ctx.strokeStyle = ctx.fillStyle = color;
  ctx.lineWidth = 2;
  for (const k of [1, 2]) {
    ctx.setLineDash(k === 2 ? [5, 4] : []);
    ctx.beginPath();
    ctx.ellipse(cx, cy, k * sigma[0] * scale, k * sigma[1] * scale, 0, 0, 2 * Math.PI);
    ctx.stroke();
  }
  ctx.beginPath();
  ctx.arc(cx, cy, 3, 0, 2 * Math.PI);
  ctx.fill();
}

if (!customElements.get('ge-bound-panel')) customElements.define('ge-bound-panel', BoundPanel);

declare global {
  interface HTMLElementTagNameMap { 'ge-bound-panel': BoundPanel }
}
