/**
 * <ge-draw-pad>: a 28×28 drawing pad shown large. Pointer draws (a soft 2-pixel pen, or an eraser); the keyboard
 * moves a cursor with the arrow keys and paints with Space (pen) or Delete (eraser). Fires `pad-change` with the
 * 784 intensities in [0, 1] when a stroke ends, and `pad-clear`.
 */
import { css, html } from 'lit';
import { msg } from '@lit/localize';
import { LocalizedElement } from '../base/localize.js';
import { cssColor } from './css-color.js';
import { ColorSchemeController } from '../base/color-scheme.js';
import { PadChangeEvent, PadClearEvent } from '../base/events.js';

const SIDE = 28;


/**
 * @csspart pad - the drawing canvas
 * @event {PadChangeEvent} pad-change - a stroke ended: {pixels} (784 intensities in [0, 1], row by row)
 * @event {PadClearEvent} pad-clear - the pad was cleared: {}
 */
export class DrawPad extends LocalizedElement {
  static override properties = { label: { type: String }, hint: { type: String }, empty: { state: true, attribute: false }, tool: { state: true, attribute: false }, cursor: { state: true, attribute: false } };
  static override styles = css`
    :host { display: inline-flex; flex-direction: column; gap: 4px; }
    canvas { width: var(--ge-pad-size, 140px); height: var(--ge-pad-size, 140px); image-rendering: pixelated;
      background: var(--ge-paper, #fff); border: 1px solid var(--ge-rule, #ccc); border-radius: 4px; touch-action: none; cursor: crosshair; }
    canvas:focus-visible { outline: 2px solid var(--ge-accent, #1a73e8); outline-offset: 2px; }
    .surface { position: relative; }
    .hint { position: absolute; inset: 0; display: grid; place-items: center; text-align: center; padding: 8px; box-sizing: border-box;
      font-size: 0.8em; color: var(--ge-muted, #57606a); pointer-events: none; }
    .tools { display: flex; gap: 4px; }
    button { font: inherit; font-size: 0.8em; padding: 2px 8px; border: 1px solid var(--ge-rule, #ccc); border-radius: 4px;
      background: var(--ge-paper, #fff); color: inherit; cursor: pointer; }
    button[aria-pressed='true'] { background: var(--ge-accent, #1a73e8); color: var(--ge-on-accent, #fff); border-color: transparent; }
  `;

  /** the canvas's accessible label (unset: "Drawing pad, 28 by 28 pixels", in the pad's language) */
  label?: string;
  /** what the blank pad says until something is drawn ('' for nothing; unset: "Draw a digit here", in the pad's language) */
  hint?: string;
  private empty = true;
  private tool: 'pen' | 'eraser' = 'pen';
  private cursor = { x: 14, y: 14 };
  private readonly pixels = new Float32Array(SIDE * SIDE);
  private drawing = false;
  /** repainted in the new palette when the page's colour scheme changes */
  protected readonly colourScheme = new ColorSchemeController(this, () => this.paint());
  private last?: { x: number; y: number };

  /** The 784 intensities drawn so far (a copy). */
  get value(): Float32Array {
    return this.pixels.slice();
  }

  /** Replaces the drawing (784 values in [0, 1]). */
  set value(pixels: Float32Array) {
    this.pixels.set(pixels.subarray(0, SIDE * SIDE));
    this.paint();
  }

  clear(): void {
    this.pixels.fill(0);
    this.paint();
    this.dispatchEvent(new PadClearEvent());
  }

  override render() {
    const hint = this.hint ?? msg('Draw a digit here');
    return html`
      <div class="surface"><canvas part="pad" width=${SIDE * 5} height=${SIDE * 5} tabindex="0" role="img" aria-label=${this.label ?? msg('Drawing pad, 28 by 28 pixels')}
        aria-description=${msg('Draw with the pointer, or move with the arrow keys and press Space to draw, Delete to erase')}
        @pointerdown=${this.down} @pointermove=${this.move} @pointerup=${this.up} @pointercancel=${this.up}
        @keydown=${this.key}></canvas>${this.empty && hint ? html`<div class="hint" aria-hidden="true">${hint}</div>` : ''}</div>
      <div class="tools">
        <button aria-pressed=${this.tool === 'pen'} @click=${() => (this.tool = 'pen')}>${msg('Pen')}</button>
        <button aria-pressed=${this.tool === 'eraser'} @click=${() => (this.tool = 'eraser')}>${msg('Eraser')}</button>
        <button @click=${() => this.clear()}>${msg('Clear')}</button>
      </div>`;
  }

  override firstUpdated(): void {
    this.paint();
  }

  override updated(): void {
    this.paint();
  }

  private canvas(): HTMLCanvasElement {
    return this.renderRoot.querySelector('canvas')!;
  }

  private cell(e: PointerEvent): { x: number; y: number } {
    const r = this.canvas().getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * SIDE, y: ((e.clientY - r.top) / r.height) * SIDE };
  }

  private down(e: PointerEvent): void {
    this.drawing = true;
    this.canvas().setPointerCapture?.(e.pointerId);
    this.last = this.cell(e);
    this.stamp(this.last.x, this.last.y);
  }

  private move(e: PointerEvent): void {
    if (!this.drawing) return;
    const p = this.cell(e);
    const from = this.last ?? p;
    const n = Math.max(1, Math.ceil(Math.hypot(p.x - from.x, p.y - from.y) * 2));
    for (let i = 1; i <= n; i++) this.stamp(from.x + ((p.x - from.x) * i) / n, from.y + ((p.y - from.y) * i) / n);
    this.last = p;
  }

  private up(): void {
    if (!this.drawing) return;
    this.drawing = false;
    this.last = undefined;
    this.changed();
  }

  private key(e: KeyboardEvent): void {
    const moves: Record<string, [number, number]> = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    if (moves[e.key]) {
      const [dx, dy] = moves[e.key];
      this.cursor = { x: Math.min(SIDE - 1, Math.max(0, this.cursor.x + dx)), y: Math.min(SIDE - 1, Math.max(0, this.cursor.y + dy)) };
    } else if (e.key === ' ' || e.key === 'Delete' || e.key === 'Backspace') {
      const tool = this.tool;
      if (e.key !== ' ') this.tool = 'eraser';
      this.stamp(this.cursor.x + 0.5, this.cursor.y + 0.5);
      this.tool = tool;
      this.changed();
    } else {
      return;
    }
    e.preventDefault();
  }

  /** A soft round pen of radius ~1.4 pixels, like a digit written on paper. */
  private stamp(cx: number, cy: number): void {
    for (let y = Math.floor(cy - 2); y <= Math.ceil(cy + 2); y++) {
      for (let x = Math.floor(cx - 2); x <= Math.ceil(cx + 2); x++) {
        if (x < 0 || y < 0 || x >= SIDE || y >= SIDE) continue;
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        const ink = Math.max(0, Math.min(1, 1.9 - d));
        const i = y * SIDE + x;
        this.pixels[i] = this.tool === 'pen' ? Math.max(this.pixels[i], ink) : Math.min(this.pixels[i], 1 - ink);
      }
    }
    this.paint();
  }

  private changed(): void {
    this.dispatchEvent(new PadChangeEvent(this.value));
  }

  private paint(): void {
    const empty = !this.pixels.some((v) => v > 0.02);
    if (empty !== this.empty) this.empty = empty; // (a reactive state: the hint comes and goes)
    const canvas = this.renderRoot?.querySelector('canvas');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const s = canvas.width / SIDE;
    ctx.fillStyle = cssColor(this, '--ge-paper', '#ffffff');
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = cssColor(this, '--ge-ink', '#111111');
    for (let i = 0; i < this.pixels.length; i++) {
      if (this.pixels[i] <= 0.02) continue;
      ctx.globalAlpha = this.pixels[i];
      ctx.fillRect((i % SIDE) * s, Math.floor(i / SIDE) * s, s, s);
    }
    ctx.globalAlpha = 1;
    if (this.matches(':focus-within')) {
      ctx.strokeStyle = cssColor(this, '--ge-accent', '#1a73e8');
      ctx.lineWidth = 2;
      ctx.strokeRect(this.cursor.x * s + 1, this.cursor.y * s + 1, s - 2, s - 2);
    }
  }
}

if (!customElements.get('ge-draw-pad')) customElements.define('ge-draw-pad', DrawPad);

declare global {
  interface HTMLElementTagNameMap { 'ge-draw-pad': DrawPad }
  interface GlobalEventHandlersEventMap { 'pad-change': PadChangeEvent }
}
