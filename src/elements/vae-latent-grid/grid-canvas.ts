/** The canvases of <vae-latent-grid>'s template, found under its render root and painted in its colours (see grid-painter.ts). */
import { cssColor } from '../parts/css-color.js';
import { paintIntensities, paintOverlay, TILE, type OverlayScene } from './grid-painter.js';

export type { Encodings } from './grid-painter.js';

/** What the painting needs of the element: its colour custom properties and the root its template renders into. */
export type GridHost = Element & { readonly renderRoot: ParentNode };

/** Everything the canvases show: the overlay's scene, and the pictures under and beside it. */
export interface GridScene extends Omit<OverlayScene, 'accent'> {
  /** the decoded grid: cells² tiles as one image */
  decoded?: { cells: number; pixels: Float32Array };
  /** the drawn digit's reconstruction (784 intensities) */
  recon?: Float32Array;
  /** compare: the other model's grid on the same lattice */
  rival?: { cells: number; pixels: Float32Array };
}

/** the intensities each canvas was last painted with */
const painted = new WeakMap<HTMLCanvasElement, Float32Array>();

/** The host's --ge-ink, --ge-paper or --ge-accent as a canvas colour (defaults #111111, #ffffff, #1a73e8). */
function gridColor(host: Element, name: '--ge-ink' | '--ge-paper' | '--ge-accent'): string {
  return cssColor(host, name, name === '--ge-paper' ? '#ffffff' : name === '--ge-accent' ? '#1a73e8' : '#111111');
}

/** Paints width² intensities on the canvas in the host's ink and paper, unless it shows these already. */
function paintNew(host: GridHost, canvas: HTMLCanvasElement | null, pixels: Float32Array | undefined, width: number, again: boolean): void {
  if (canvas && !pixels && painted.delete(canvas)) canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height); // its picture went away
  if (!canvas || !pixels || (painted.get(canvas) === pixels && !again)) return;
  paintIntensities(canvas, pixels, width, gridColor(host, '--ge-ink'), gridColor(host, '--ge-paper'));
  painted.set(canvas, pixels);
}

/**
 * The one draw: the decoded grid and the reconstruction where they are new (each decode or encoding makes new
 * arrays), then the overlay over the grid, its highlight in the host's --ge-accent. `again`: every picture is painted
 * anew (the colours changed).
 */
export function drawGrid(host: GridHost, scene: GridScene, again = false): void {
  const root = host.renderRoot;
  const grid = root.querySelector<HTMLCanvasElement>('canvas[part=canvas]');
  paintNew(host, grid, scene.decoded?.pixels, (scene.decoded?.cells ?? 0) * TILE, again);
  paintNew(host, root.querySelector<HTMLCanvasElement>('canvas.recon'), scene.recon, TILE, again);
  paintNew(host, root.querySelector<HTMLCanvasElement>('canvas.rival'), scene.rival?.pixels, (scene.rival?.cells ?? 0) * TILE, again);
  const overlay = root.querySelector<HTMLCanvasElement>('canvas.overlay');
  if (overlay && grid) paintOverlay(overlay, grid, { ...scene, accent: () => gridColor(host, '--ge-accent') });
}
