/** The cells of <vae-latent-grid>: the one the pointer or a key points at, a cell's latent point, and a cell in words. */
import { msg, str } from '@lit/localize';
import { formatNumber } from '../base/localize.js';

/** A cell of the grid: row 0 is the top. */
export interface Cell { row: number; column: number }

/** The grid as decoded: cells per side, the tiled image's intensities, and z of every cell (cells² × latentDim). */
export interface DecodedGrid { cells: number; pixels: Float32Array; z: Float32Array; latentDim: number }

const MOVES: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

/** The cell under the pointer on the target of `e`, an n × n grid, or undefined off it. */
export function cellAt(e: MouseEvent, n: number): Cell | undefined {
  const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
  const column = Math.floor(((e.clientX - rect.left) / rect.width) * n);
  const row = Math.floor(((e.clientY - rect.top) / rect.height) * n);
  return row >= 0 && row < n && column >= 0 && column < n ? { row, column } : undefined;
}

/**
 * What a key does on an n × n grid with the cursor at `active`: the cursor's new cell (none: cleared) and whether
 * to select it, or undefined for keys the grid ignores. The first arrow key puts the cursor in the centre cell;
 * arrows move it (stopping at the edges), Home and End go to the ends of its row, Enter or Space selects, Escape
 * clears.
 */
export function cellKey(key: string, active: Cell | undefined, n: number): { cell?: Cell; select: boolean } | undefined {
  const at = active ?? { row: Math.floor(n / 2), column: Math.floor(n / 2) };
  if (MOVES[key]) {
    const [dr, dc] = active ? MOVES[key] : [0, 0];
    return { cell: { row: Math.min(n - 1, Math.max(0, at.row + dr)), column: Math.min(n - 1, Math.max(0, at.column + dc)) }, select: false };
  }
  if (key === 'Home' || key === 'End') return { cell: { row: at.row, column: key === 'Home' ? 0 : n - 1 }, select: false };
  if (key === 'Enter' || key === ' ') return { cell: at, select: true };
  if (key === 'Escape') return { select: false };
  return undefined;
}

/** The latent point of a cell of the decoded grid (row 0 is the top, where the second dim is largest). */
export function cellLatent(grid: DecodedGrid, row: number, column: number): number[] {
  const k = (row * grid.cells + column) * grid.latentDim;
  return Array.from(grid.z.subarray(k, k + grid.latentDim));
}

/** A cell and its latent point z in words, naming the two dims shown (counted from 1); in the current locale (call it at render). */
export function describeCell(cell: Cell, z: number[], [a, b]: readonly [number, number]): string {
  return msg(str`row ${cell.row + 1}, column ${cell.column + 1}: z${a + 1} = ${formatNumber(z[a], 2)}, z${b + 1} = ${formatNumber(z[b], 2)}`);
}

/** The 784 intensities decoded in one cell, cut out of the tiled image. */
export function cellPixels(grid: DecodedGrid, { row, column }: Cell): Float32Array {
  const out = new Float32Array(784), width = grid.cells * 28;
  for (let y = 0; y < 28; y++) out.set(grid.pixels.subarray((row * 28 + y) * width + column * 28, (row * 28 + y) * width + column * 28 + 28), y * 28);
  return out;
}
