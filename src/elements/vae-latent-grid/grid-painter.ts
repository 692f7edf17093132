/**
 * Canvas drawing for <vae-latent-grid>: the decoded grid as one image, and the overlay (encoded test digits, the
 * posterior of a drawn digit, the enlarged active cell). Plain 2-D canvas; no tensors here.
 */
import { axisFraction, type GridSpacing } from '../../latent/grid.js';
import { DIGIT_COLORS } from '../parts/palette.js';
import { TILE } from '../parts/tiles.js';

export { TILE, paintIntensities } from '../parts/tiles.js';

export interface GridGeometry { cells: number; spacing: GridSpacing; extent: number }

/** Encoded digits: count × latentDim means and a label for each. */
export interface Encodings { mu: Float32Array; labels: Uint8Array; latentDim: number }

/** What the overlay shows; each part is drawn only when given. */
export interface OverlayScene {
  geometry: GridGeometry;
  /** the two latent dims shown, x then y */
  dims: readonly [number, number];
  encodings?: Encodings;
  /** a digit class the reader picked in the legend: its encodings stand out, the others fade */
  highlight?: number;
  posterior?: { mu: [number, number]; sigma: [number, number] };
  /** the cell to enlarge (only once the grid is painted) */
  lens?: { row: number; column: number };
  /** the highlight colour, asked for only when the posterior or the lens is drawn */
  accent: () => string;
}

/**
 * Redraws the overlay over the painted grid `source`: sized to its displayed width in device pixels (400–1200),
 * cleared, then the encoded digits, the posterior and the lens.
 */
export function paintOverlay(overlay: HTMLCanvasElement, source: HTMLCanvasElement, scene: OverlayScene): void {
  const ctx = overlay.getContext('2d');
  if (!ctx) return;
  const size = Math.min(1200, Math.max(400, Math.round((overlay.clientWidth || 400) * devicePixelRatio)));
  if (overlay.width !== size) overlay.width = overlay.height = size;
  ctx.clearRect(0, 0, size, size);
  const { geometry: g, encodings: e, posterior: p, lens } = scene;
  if (e) drawEncodings(ctx, e.mu, e.labels, e.latentDim, scene.dims, g, size, scene.highlight);
  if (p) drawPosterior(ctx, p.mu, p.sigma, g, size, scene.accent());
  if (lens) drawLens(ctx, source, lens.row, lens.column, g.cells, size, scene.accent());
}

/** Overlay pixel position of a latent point (x = first shown dim, y = second; +y is up). */
export function latentToOverlay(zx: number, zy: number, g: GridGeometry, size: number): [number, number] {
  const cell = size / g.cells;
  const span = (g.cells - 1) * cell;
  return [cell / 2 + axisFraction(zx, g.spacing, g.extent) * span, cell / 2 + (1 - axisFraction(zy, g.spacing, g.extent)) * span];
}

/**
 * Dots for encoded digits, coloured by label, each with a thin paper-white rim so it reads over dark ink. mu holds
 * count × latentDim values. With `highlight`, that class is drawn last, larger and opaque, the others faint.
 */
export function drawEncodings(ctx: CanvasRenderingContext2D, mu: Float32Array, labels: Uint8Array, latentDim: number,
  dims: readonly [number, number], g: GridGeometry, size: number, highlight?: number): void {
  const r = Math.max(2.5, size / 200);
  const dot = (i: number, radius: number) => {
    const [x, y] = latentToOverlay(mu[i * latentDim + dims[0]], mu[i * latentDim + dims[1]], g, size);
    ctx.fillStyle = DIGIT_COLORS[labels[i] % 10];
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  };
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.lineWidth = Math.max(1, r / 3);
  ctx.globalAlpha = highlight === undefined ? 0.85 : 0.15;
  for (let i = 0; i < labels.length; i++) if (labels[i] !== highlight) dot(i, r);
  ctx.globalAlpha = 1;
  if (highlight !== undefined) for (let i = 0; i < labels.length; i++) if (labels[i] === highlight) dot(i, r * 1.4);
}

/** Where a latent point falls on the overlay, kept inside it; `inside` is false when the point lies off the grid. */
function clampToOverlay(zx: number, zy: number, g: GridGeometry, size: number): { x: number; y: number; inside: boolean } {
  const [x, y] = latentToOverlay(zx, zy, g, size);
  const pad = size / g.cells / 2;
  const cx = Math.min(size - pad, Math.max(pad, x)), cy = Math.min(size - pad, Math.max(pad, y));
  return { x: cx, y: cy, inside: cx === x && cy === y };
}

/**
 * The posterior q(z|x) = N(μ, diag σ²) of a drawn digit: its mean and the 1σ and 2σ contours. The contours are
 * traced in z and mapped point by point, so they bend correctly under quantile spacing.
 */
export function drawPosterior(ctx: CanvasRenderingContext2D, mu: [number, number], sigma: [number, number], g: GridGeometry,
  size: number, color: string): void {
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = Math.max(1.5, size / 400);
  for (const k of [1, 2]) {
    ctx.setLineDash(k === 2 ? [6, 4] : []);
    ctx.beginPath();
    for (let s = 0; s <= 64; s++) {
      const a = (s / 64) * 2 * Math.PI;
      const [x, y] = latentToOverlay(mu[0] + k * sigma[0] * Math.cos(a), mu[1] + k * sigma[1] * Math.sin(a), g, size);
      if (s === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);
  const { x, y, inside } = clampToOverlay(mu[0], mu[1], g, size);
  if (inside) {
    ctx.beginPath();
    ctx.arc(x, y, ctx.lineWidth * 2.5, 0, 2 * Math.PI);
    ctx.fill();
    return;
  }
  // μ lies beyond the grid's extent: an arrow at the edge points to it (the ellipses above are cut by the edge)
  const [tx, ty] = latentToOverlay(mu[0], mu[1], g, size);
  const angle = Math.atan2(ty - y, tx - x);
  const head = Math.max(12, size / 30);
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x - head * Math.cos(angle - 0.45), y - head * Math.sin(angle - 0.45));
  ctx.lineTo(x - head * Math.cos(angle + 0.45), y - head * Math.sin(angle + 0.45));
  ctx.closePath();
  ctx.fill();
  ctx.beginPath();
  ctx.moveTo(x - head * Math.cos(angle), y - head * Math.sin(angle));
  ctx.lineTo(x - 2.5 * head * Math.cos(angle), y - 2.5 * head * Math.sin(angle));
  ctx.stroke();
}

/** The grid's axis ticks: round z values within the extent and where each sits along the axis (0–1, from the left or the bottom). */
export function axisTicks(g: GridGeometry): { value: number; at: number }[] {
  const cell = 1 / g.cells;
  const values = g.extent >= 1 ? [-2, -1, 0, 1, 2].map((v) => v * Math.max(1, Math.floor(g.extent / 2))) : [-g.extent, 0, g.extent];
  return values.filter((v) => Math.abs(v) <= g.extent + 1e-9)
    .map((value) => ({ value, at: cell / 2 + axisFraction(value, g.spacing, g.extent) * (1 - cell) }));
}

/** The active cell, enlarged 3× around its centre (kept inside the canvas) and framed. */
export function drawLens(ctx: CanvasRenderingContext2D, source: HTMLCanvasElement, row: number, column: number,
  cells: number, size: number, color: string): void {
  const cell = size / cells;
  const big = Math.min(size, cell * 3);
  const cx = (column + 0.5) * cell, cy = (row + 0.5) * cell;
  const x = Math.min(size - big, Math.max(0, cx - big / 2));
  const y = Math.min(size - big, Math.max(0, cy - big / 2));
  ctx.save();
  ctx.shadowColor = 'rgba(0,0,0,0.35)';
  ctx.shadowBlur = 12;
  ctx.drawImage(source, column * TILE, row * TILE, TILE, TILE, x, y, big, big);
  ctx.restore();
  ctx.strokeStyle = color;
  ctx.lineWidth = Math.max(2, size / 300);
  ctx.strokeRect(x, y, big, big);
}
