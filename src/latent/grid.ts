/**
 * Latent lattices for the "data manifold for 2-d z" figure (Kingma & Welling 2014, fig. 4): a regular grid on the
 * unit square pushed through the inverse normal CDF, so cells are spaced by prior probability mass, not distance.
 */
import { inverseNormalCdf, normalCdf } from './normal.js';

export type GridSpacing = 'quantile' | 'linear';

export interface LatentGridOptions {
  /** cells per side */
  cells: number;
  /** quantile: even steps in probability Φ(z); linear: even steps in z */
  spacing: GridSpacing;
  /** the grid spans z ∈ [−extent, extent] along both shown dims */
  extent: number;
  /** size of z (≥ 2) */
  latentDim: number;
  /** which two latent dims vary (the others stay 0); x then y */
  dims?: readonly [number, number];
}

/** The coordinates of the n cells along one axis, ascending. */
export function axisValues(cells: number, spacing: GridSpacing, extent: number): Float64Array {
  const out = new Float64Array(cells);
  const lo = spacing === 'quantile' ? normalCdf(-extent) : -extent;
  const hi = spacing === 'quantile' ? normalCdf(extent) : extent;
  for (let i = 0; i < cells; i++) {
    const t = cells === 1 ? 0.5 : i / (cells - 1);
    const v = lo + t * (hi - lo);
    out[i] = spacing === 'quantile' ? inverseNormalCdf(v) : v;
  }
  return out;
}

/**
 * z for every cell, row-major from the top-left: row r has the r-th *largest* y (so up is +y, as in a plot),
 * column c the c-th smallest x. Returns cells² × latentDim values.
 */
export function latentGrid({ cells, spacing, extent, latentDim, dims = [0, 1] }: LatentGridOptions): Float32Array {
  const axis = axisValues(cells, spacing, extent);
  const z = new Float32Array(cells * cells * latentDim);
  for (let r = 0; r < cells; r++) {
    for (let c = 0; c < cells; c++) {
      const k = (r * cells + c) * latentDim;
      z[k + dims[0]] = axis[c];
      z[k + dims[1]] = axis[cells - 1 - r];
    }
  }
  return z;
}

/**
 * Where a latent value falls along a grid axis, as a fraction of the axis from its first to its last cell centre
 * (0..1 inside the grid). The inverse of axisValues, for placing encoded digits over the grid.
 */
export function axisFraction(value: number, spacing: GridSpacing, extent: number): number {
  if (spacing === 'linear') return (value + extent) / (2 * extent);
  const lo = normalCdf(-extent);
  const hi = normalCdf(extent);
  return (normalCdf(value) - lo) / (hi - lo);
}
