/**
 * <ge-loss-chart>: live line chart of training losses, one line per series, drawn on a canvas. Long runs are
 * thinned (every other point dropped when over 400) so drawing stays cheap.
 *
 * @csspart chart - the canvas
 */
import { css, html, LitElement } from 'lit';
import { inlineStyle } from '../base/inline-style.js';

export interface Series { label: string; color: string; values: number[] }

export class LossChart extends LitElement {
  static override properties = { label: { type: String } };
  static override styles = css`
    :host { display: block; font-size: 0.8em; }
    :host([hidden]) { display: none; }
    canvas { width: 100%; height: var(--ge-chart-height, 120px); display: block; }
    .legend { display: flex; flex-wrap: wrap; gap: 0 12px; }
    .swatch { display: inline-block; width: 10px; height: 3px; margin-right: 4px; vertical-align: middle; }
  `;

  label = 'Training losses';
  private series: Series[] = [];
  private steps: number[] = [];
  private pending = 0;

  /** Declares the series (clears the chart). */
  reset(series: { label: string; color: string }[]): void {
    this.series = series.map((s) => ({ ...s, values: [] }));
    this.steps = [];
    this.requestUpdate();
  }

  /** Appends one point per series. */
  push(step: number, values: number[]): void {
    this.steps.push(step);
    this.series.forEach((s, i) => s.values.push(values[i]));
    if (this.steps.length > 400) {
      this.steps = this.steps.filter((_, i) => i % 2 === 0);
      for (const s of this.series) s.values = s.values.filter((_, i) => i % 2 === 0);
    }
    if (!this.pending) this.pending = requestAnimationFrame(() => { this.pending = 0; this.requestUpdate(); });
  }

  get points(): number {
    return this.steps.length;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.pending);
    this.pending = 0;
  }

  override render() {
    const last = (s: Series) => (s.values.length ? s.values[s.values.length - 1].toFixed(2) : '–');
    return html`<canvas part="chart" role="img" aria-label=${`${this.label}: ${this.series.map((s) => `${s.label} ${last(s)}`).join(', ')}`}></canvas>
      <div class="legend">${this.series.map((s) => html`<span><span class="swatch" ${inlineStyle({ background: s.color })}></span>${s.label} ${last(s)}</span>`)}
        ${this.steps.length ? html`<span>step ${this.steps[this.steps.length - 1]}</span>` : ''}</div>`;
  }

  override updated(): void {
    const canvas = this.renderRoot.querySelector('canvas')!;
    const w = (canvas.width = Math.max(100, canvas.clientWidth * devicePixelRatio));
    const h = (canvas.height = Math.max(60, canvas.clientHeight * devicePixelRatio));
    const ctx = canvas.getContext('2d');
    if (!ctx || this.steps.length < 2) return;
    const all = this.series.flatMap((s) => s.values).filter(Number.isFinite);
    const lo = Math.min(...all), hi = Math.max(...all);
    const span = hi - lo || 1;
    const x0 = this.steps[0], x1 = this.steps[this.steps.length - 1] || 1;
    ctx.clearRect(0, 0, w, h);
    ctx.lineWidth = 1.5 * devicePixelRatio;
    for (const s of this.series) {
      ctx.strokeStyle = s.color;
      ctx.beginPath();
      s.values.forEach((v, i) => {
        const x = ((this.steps[i] - x0) / (x1 - x0 || 1)) * (w - 4) + 2;
        const y = h - 4 - ((v - lo) / span) * (h - 8);
        if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      });
      ctx.stroke();
    }
  }
}

if (!customElements.get('ge-loss-chart')) customElements.define('ge-loss-chart', LossChart);

declare global {
  interface HTMLElementTagNameMap { 'ge-loss-chart': LossChart }
}
