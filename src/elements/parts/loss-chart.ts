/**
 * <ge-loss-chart>: live line chart of training figures, one line per series, drawn as SVG with a value axis (round
 * ticks with their values) and a step axis. Before its first points it says what will appear (`empty`). Long runs
 * are thinned (every other point dropped when over 400) and redrawn at most ten times a second (a fast run pushes a
 * point every frame; laying out the chart's text each frame would take a good share of the page's thread).
 *
 * @csspart chart - the SVG drawing
 */
import { css, html, svg, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { inlineStyle } from '../base/inline-style.js';
import { formatNumber, LocalizedElement, words, type Text } from '../base/localize.js';
import { niceTicks, tickLabel } from './ticks.js';

/** One line of the chart: its legend (a Text, so that a label set outside a render follows the chart's language). */
export interface Series { label: Text; color: string; values: number[] }

/** the plot's margins in CSS pixels: room for the value labels on the left and the step labels below */
const LEFT = 40, RIGHT = 8, TOP = 6, BOTTOM = 30;
/** the shortest time between two redraws while points arrive */
const MIN_REDRAW_MS = 100;

export class LossChart extends LocalizedElement {
  static override properties = { label: { type: String }, empty: { type: String }, range: { type: String }, axis: { type: String } };
  static override styles = css`
    :host { display: block; font-size: 0.8em; }
    :host([hidden]) { display: none; }
    svg { width: 100%; height: var(--ge-chart-height, 130px); display: block; overflow: visible; }
    .axis { stroke: currentColor; stroke-opacity: 0.35; }
    .grid { stroke: currentColor; stroke-opacity: 0.1; }
    text { fill: currentColor; font-size: 10px; }
    .tick-y { text-anchor: end; dominant-baseline: middle; }
    .tick-x { text-anchor: middle; dominant-baseline: hanging; }
    .axis-name { font-style: italic; }
    .empty { text-anchor: middle; dominant-baseline: middle; opacity: 0.75; font-size: 11px; }
    .legend { display: flex; flex-wrap: wrap; gap: 0 12px; }
    .swatch { display: inline-block; width: 10px; height: 3px; margin-right: 4px; vertical-align: middle; }
  `;

  /** the chart's name for a screen reader; unset: "Training losses" in the chart's language */
  label?: string;
  /**
   * what the chart says before its first point, e.g. "Press Play: D and G losses per round appear here"; unset:
   * "Press Play: the figures appear here as the model trains" in the chart's language
   */
  empty?: string;
  /** a fixed value range "lo hi" (e.g. "0 1" for probabilities); by default the range of the values */
  range = '';
  /**
   * what the horizontal axis counts: 'step' (default) or 'seconds' (for a race against the clock), named in the
   * chart's language; any other value is shown as it is
   */
  axis = 'step';
  private series: Series[] = [];
  private steps: number[] = [];
  /** the animation frame of the next redraw, or the timer that waits for it */
  private pending = 0;
  private waiting: ReturnType<typeof setTimeout> | undefined;
  private drawnAt = -Infinity;
  private width = 320;
  private height = 120;
  private readonly resize = new ResizeObserver(([entry]) => {
    const { width, height } = entry.contentRect;
    if (width > 0 && (Math.round(width) !== this.width || Math.round(height) !== this.height)) {
      this.width = Math.round(width);
      this.height = Math.round(height) || this.height;
      this.requestUpdate();
    }
  });

  /** Declares the series (clears the chart). */
  reset(series: { label: Text; color: string }[]): void {
    this.series = series.map((s) => ({ ...s, values: [] }));
    this.steps = [];
    this.requestUpdate();
  }

  /** Appends one point per series at `step` (a non-finite value: no point of that series there). */
  push(step: number, values: number[]): void {
    this.steps.push(step);
    this.series.forEach((s, i) => s.values.push(values[i]));
    if (this.steps.length > 400) {
      this.steps = this.steps.filter((_, i) => i % 2 === 0);
      for (const s of this.series) s.values = s.values.filter((_, i) => i % 2 === 0);
    }
    this.scheduleRedraw();
  }

  private scheduleRedraw(): void {
    if (this.pending || this.waiting !== undefined) return;
    const frame = () => (this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.drawnAt = performance.now();
      this.requestUpdate();
    }));
    const wait = this.drawnAt + MIN_REDRAW_MS - performance.now();
    if (wait <= 0) frame();
    else this.waiting = setTimeout(() => { this.waiting = undefined; frame(); }, wait);
  }

  get points(): number {
    return this.steps.length;
  }

  /** The value and step axes' tick values now (empty before the first point). */
  get ticks(): { values: number[]; steps: number[] } {
    return { values: this.valueTicks(), steps: this.stepTicks() };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const drawing = this.renderRoot?.querySelector('svg');
    if (drawing) this.resize.observe(drawing);
  }

  protected override firstUpdated(): void {
    this.resize.observe(this.renderRoot.querySelector('svg')!);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
    cancelAnimationFrame(this.pending);
    clearTimeout(this.waiting);
    this.pending = 0;
    this.waiting = undefined;
  }

  override render() {
    const last = (s: Series) => {
      const v = [...s.values].reverse().find(Number.isFinite);
      return v === undefined ? '–' : formatNumber(v, 2);
    };
    const label = this.label || msg('Training losses');
    const at = this.steps.length ? this.axisAt(this.steps[this.steps.length - 1]) : '';
    const values = this.series.map((s) => `${words(s.label)} ${last(s)}`).join(msg(', '));
    const described = this.steps.length ? msg(str`${label}, ${at}: ${values}`) : msg(str`${label}: ${this.emptyText()}`);
    return html`<svg part="chart" role="img" aria-label=${described} viewBox="0 0 ${this.width} ${this.height}">${this.plot()}</svg>
      <div class="legend">${this.series.map((s) => html`<span><span class="swatch" ${inlineStyle({ background: s.color })}></span>${`${words(s.label)} ${last(s)}`}</span>`)}
        ${this.steps.length ? html`<span>${at}</span>` : ''}</div>`;
  }

  private emptyText(): string {
    return this.empty || msg('Press Play: the figures appear here as the model trains');
  }

  /** The horizontal axis's name, in the chart's language. */
  private axisName(): string {
    if (this.axis === 'step') return msg('step');
    if (this.axis === 'seconds') return msg('seconds');
    return this.axis;
  }

  /** A place on the horizontal axis ("step 30"), in the chart's language. */
  private axisAt(value: number): string {
    const n = formatNumber(value, decimals(value));
    if (this.axis === 'step') return msg(str`step ${n}`);
    if (this.axis === 'seconds') return msg(str`seconds ${n}`);
    return `${this.axis} ${n}`;
  }

  private plot() {
    const w = this.width, h = this.height;
    const x0 = LEFT, x1 = w - RIGHT, y0 = h - BOTTOM, y1 = TOP;
    const frame = svg`<line class="axis" x1=${x0} y1=${y0} x2=${x1} y2=${y0}></line><line class="axis" x1=${x0} y1=${y0} x2=${x0} y2=${y1}></line>`;
    if (!this.steps.length) {
      // SVG text does not wrap: the empty state is broken into lines that fit the plot (about 6 px a character)
      const lines = wrap(this.emptyText(), Math.max(12, Math.floor((x1 - x0 - 16) / 6)));
      const top = (y0 + y1) / 2 - ((lines.length - 1) * 14) / 2;
      return svg`${frame}<text class="empty">${lines.map((line, i) => svg`<tspan x=${(x0 + x1) / 2} y=${top + i * 14}>${line}</tspan>`)}</text>`;
    }
    const values = this.valueTicks(), steps = this.stepTicks();
    const [vLo, vHi] = [values[0], values[values.length - 1]];
    const [sLo, sHi] = [steps[0], steps[steps.length - 1]];
    const x = (step: number) => x0 + ((step - sLo) / (sHi - sLo || 1)) * (x1 - x0);
    const y = (v: number) => y0 - ((Math.min(vHi, Math.max(vLo, v)) - vLo) / (vHi - vLo || 1)) * (y0 - y1);
    const vSpacing = values.length > 1 ? values[1] - values[0] : 1, sSpacing = steps.length > 1 ? steps[1] - steps[0] : 1;
    return svg`${frame}
      ${values.map((v) => svg`<line class="grid" x1=${x0} x2=${x1} y1=${y(v)} y2=${y(v)}></line>
        <text class="tick-y" x=${x0 - 4} y=${y(v)}>${tickLabel(v, vSpacing)}</text>`)}
      ${steps.map((s) => svg`<text class="tick-x" x=${x(s)} y=${y0 + 3}>${tickLabel(s, sSpacing)}</text>`)}
      <text class="tick-x axis-name" x=${(x0 + x1) / 2} y=${y0 + 16}>${this.axisName()}</text>
      ${this.series.map((s) => {
        const points = s.values.map((v, i) => (Number.isFinite(v) ? `${x(this.steps[i]).toFixed(1)},${y(v).toFixed(1)}` : '')).filter(Boolean).join(' ');
        return this.steps.length === 1 && Number.isFinite(s.values[0])
          ? svg`<circle cx=${x(this.steps[0])} cy=${y(s.values[0])} r="2.5" fill=${s.color}></circle>`
          : points ? svg`<polyline points=${points} fill="none" stroke=${s.color} stroke-width="1.5" stroke-linejoin="round"></polyline>` : nothing;
      })}`;
  }

  private valueTicks(): number[] {
    const fixed = this.range.trim().split(/\s+/).map(Number);
    if (fixed.length === 2 && fixed.every(Number.isFinite) && fixed[0] < fixed[1]) return niceTicks(fixed[0], fixed[1], 3);
    const all = this.series.flatMap((s) => s.values).filter(Number.isFinite);
    return all.length ? niceTicks(Math.min(...all), Math.max(...all), 4) : [];
  }

  private stepTicks(): number[] {
    if (!this.steps.length) return [];
    const ticks = niceTicks(this.steps[0], this.steps[this.steps.length - 1], 4);
    return ticks.filter((t) => Number.isInteger(t));
  }
}

/** The decimals a place on the horizontal axis is shown with: a step none, seconds as pushed (at most 3). */
function decimals(value: number): number {
  for (let d = 0; d < 3; d++) if (Number(value.toFixed(d)) === value) return d;
  return 3;
}

/** a wide (CJK) character: about twice a Latin letter's width; a line may break before or after it */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
/** wide punctuation that must not begin a line (it stays with the character before it) */
const NO_BREAK_BEFORE = /^[，。、：；！？）」』】〉》…]$/u;
/** wide punctuation that must not end a line (it stays with the character after it) */
const NO_BREAK_AFTER = /[（「『【〈《]$/u;

/**
 * Greedy wrap to lines of at most `width` Latin characters (a wide character counts two): Latin text breaks between
 * words (a longer word gets a line of its own), Chinese text between characters.
 */
function wrap(text: string, width: number): string[] {
  // tokens: runs of Latin (non-space, non-wide) characters, single wide characters, and spaces
  const tokens = text.match(new RegExp(`\\s+|${WIDE.source}|(?:(?!${WIDE.source})\\S)+`, 'gu')) ?? [];
  const size = (t: string) => [...t].reduce((n, c) => n + (WIDE.test(c) ? 2 : 1), 0);
  const lines: string[] = [];
  let line = '';
  let space = false;
  for (const token of tokens) {
    if (/^\s+$/.test(token)) {
      space = line !== '';
      continue;
    }
    const joined = line + (space ? ' ' : '') + token;
    if (line === '' || size(joined) <= width || NO_BREAK_BEFORE.test(token) || NO_BREAK_AFTER.test(line)) line = joined;
    else {
      lines.push(line);
      line = token;
    }
    space = false;
  }
  if (line) lines.push(line);
  return lines;
}

if (!customElements.get('ge-loss-chart')) customElements.define('ge-loss-chart', LossChart);

declare global {
  interface HTMLElementTagNameMap { 'ge-loss-chart': LossChart }
}
