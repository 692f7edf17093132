/**
 * A row of generated samples: made in one batched generator call, painted on one canvas, and picked from with the
 * pointer or the keyboard (the arrow keys, Home and End move a cursor over the tiles, Enter or Space picks one).
 */
import { html } from 'lit';
import { inlineStyle } from '../base/inline-style.js';
import type * as TF from '@tensorflow/tfjs';
import type { Dcgan } from '../../models/dcgan.js';
import { cssColor, paintIntensities, tileImages, TILE } from '../parts/tiles.js';
import { readAndDispose } from '../../runtime/read.js';

export interface TileRowHandlers {
  click: (e: MouseEvent) => void;
  move: (e: PointerEvent) => void;
  /** the pointer left or focus went */
  leave: (e: Event) => void;
  key: (e: KeyboardEvent) => void;
}

export interface TileRow {
  /** class of the canvas (the element paints `canvas.<name>`) */
  name: string;
  part: string;
  /** tiles in the row */
  count: number;
  /** the tile under the cursor, if any */
  active?: number;
  label: string;
  /** how to use it from the keyboard */
  help: string;
  handlers: TileRowHandlers;
}

export function renderTileRow({ name, part, count, active, label, help, handlers }: TileRow) {
  // inlineStyle sets properties through the CSSOM: no style attribute for a strict CSP to block
  return html`<div class="row" ${inlineStyle({ '--tiles': String(count) })}>
    <canvas class=${name} part=${part} tabindex="0" role="img" aria-label=${label} aria-description=${help}
      @click=${handlers.click} @pointermove=${handlers.move} @pointerleave=${handlers.leave} @keydown=${handlers.key}
      @blur=${handlers.leave}></canvas>
    ${active === undefined || active >= count ? '' : html`<div class="cursor" ${inlineStyle({ left: `${(100 * active) / count}%`, width: `${100 / count}%` })}></div>`}
  </div>`;
}

/** The tile under the pointer. */
export function tileAt(e: MouseEvent, count: number): number | undefined {
  const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
  const i = Math.floor(((e.clientX - rect.left) / rect.width) * count);
  return count > 0 && i >= 0 && i < count ? i : undefined;
}

/**
 * What a key does in a row of `count` tiles with the cursor at `at`: the cursor's new place and whether to pick it,
 * or undefined for keys the row ignores. The first arrow key puts the cursor on the first tile.
 */
export function rowKey(e: KeyboardEvent, at: number | undefined, count: number): { index?: number; pick: boolean } | undefined {
  if (count === 0) return undefined;
  const last = count - 1;
  if (at !== undefined) at = Math.min(at, last); // the row may have shrunk
  const moves: Record<string, number> = {
    ArrowLeft: at === undefined ? 0 : Math.max(0, at - 1),
    ArrowRight: at === undefined ? 0 : Math.min(last, at + 1),
    Home: 0,
    End: last,
  };
  let outcome: { index?: number; pick: boolean };
  if (e.key in moves) outcome = { index: moves[e.key], pick: false };
  else if (e.key === 'Enter' || e.key === ' ') outcome = { index: Math.min(at ?? 0, last), pick: true };
  else if (e.key === 'Escape') outcome = { index: undefined, pick: false };
  else return undefined;
  e.preventDefault();
  return outcome;
}

/** G(z) for every z in one batched generator call, tiled on the device into one row: one readback. */
export async function generateRow(tf: typeof TF, dcgan: Dcgan, z: Float32Array[]): Promise<Float32Array> {
  const d = dcgan.config.zDim;
  const flat = new Float32Array(z.length * d);
  z.forEach((v, i) => flat.set(v, i * d));
  const row = tf.tidy(() => tileImages(tf, dcgan.samples(tf.tensor2d(flat, [z.length, d])), z.length));
  return readAndDispose(row);
}

/** Paints a row of `count` tiles in the host's ink and paper colours, or clears the canvas when there are none. */
export function paintRow(host: Element, canvas: HTMLCanvasElement | null, pixels: Float32Array | undefined, count: number): void {
  if (!canvas) return;
  if (!pixels) {
    canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
    return;
  }
  paintIntensities(canvas, pixels, count * TILE, cssColor(host, '--ge-ink', '#111111'), cssColor(host, '--ge-paper', '#ffffff'), TILE);
}
