/** The attributes of <vae-latent-grid> that take numbers or words: bad values put right, and the two latent dims it shows. */
import type { PropertyValues } from 'lit';
import type { GridSpacing } from '../../latent/grid.js';
import { sanitizeChoice, sanitizeNumber } from '../base/attributes.js';
import type { TrainingThread } from '../base/training-controller.js';
import { axisTicks, type GridGeometry } from './grid-painter.js';

/** The settings as the page set them (perhaps out of range): the element's properties of these names. */
export interface GridSettings {
  grid: number;
  extent: number;
  spacing: GridSpacing;
  trainingThread: TrainingThread;
  beta: number;
  /** the model attribute */
  architecture: 'vae' | 'autoencoder';
}

/** Puts each changed setting right: clamped or back to its default, with one console warning naming `tag`. */
export function sanitizeSettings(tag: string, s: GridSettings, changed: PropertyValues): void {
  if (changed.has('grid')) s.grid = sanitizeNumber(tag, 'grid', s.grid, { min: 2, max: 40, fallback: 15, integer: true });
  if (changed.has('extent')) s.extent = sanitizeNumber(tag, 'extent', s.extent, { min: 0.1, max: 100, fallback: 2 });
  if (changed.has('spacing')) s.spacing = sanitizeChoice(tag, 'spacing', s.spacing, ['quantile', 'linear'] as const, 'quantile');
  if (changed.has('architecture')) s.architecture = sanitizeChoice(tag, 'model', s.architecture, ['vae', 'autoencoder'] as const, 'vae');
  if (changed.has('beta')) s.beta = sanitizeNumber(tag, 'beta', s.beta, { min: 0, max: 10, fallback: 1 });
  if (changed.has('trainingThread')) s.trainingThread = sanitizeChoice(tag, 'training-thread', s.trainingThread, ['worker', 'main'] as const, 'worker');
}

/**
 * The two latent dims that `dims` names (e.g. "0,1"): different, each below latentDim. Otherwise 0 and 1, with one
 * console warning naming `tag`.
 */
export function shownDims(tag: string, dims: string, latentDim: number): [number, number] {
  const parts = String(dims).split(/[\s,]+/).map(Number);
  if (parts.length === 2 && parts.every((v) => Number.isInteger(v) && v >= 0 && v < latentDim) && parts[0] !== parts[1]) return [parts[0], parts[1]];
  if (dims !== '0,1') sanitizeChoice(tag, 'dims', dims, [`two different dims in 0–${latentDim - 1}, e.g. "0,1"`], '0,1');
  return [0, 1];
}

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';

/** The grid's axes: their names (z₁, z₂ … for the latent dims shown, counted from 1) and their ticks. */
export function gridAxes(geometry: GridGeometry, dims: readonly [number, number]): { x: string; y: string; ticks: { value: number; at: number }[] } {
  const name = (d: number) => `z${String(d + 1).replace(/\d/g, (c) => SUBSCRIPTS[Number(c)])}`;
  return { x: name(dims[0]), y: name(dims[1]), ticks: axisTicks(geometry) };
}

/** The lattice painted: linear over ±(the codes' reach, 5 % more) when given (an autoencoder's), else the settings' spacing and extent. */
export function latticeGeometry(s: Pick<GridSettings, 'spacing' | 'extent'>, cells: number, codes?: number): GridGeometry {
  return codes ? { cells, spacing: 'linear', extent: Math.ceil(10.5 * codes) / 10 } : { cells, spacing: s.spacing, extent: s.extent };
}
