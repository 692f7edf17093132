/**
 * Painting partial and completed 28×28 images: given pixels in ink, pixels the model drew in the accent colour,
 * hidden pixels not yet reached hatched grey, and the pixel being sampled outlined.
 */
import { rgb } from '../parts/css-color.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;

export interface Colours { ink: string; paper: string; accent: string; hidden: string }

export interface CompletionPicture {
  /** 784 values in {0, 1}: given pixels, then sampled ones as they are revealed */
  pixels: ArrayLike<number>;
  known: ArrayLike<number>;
  /** pixels at raster index < revealed are shown; hidden ones after it are hatched */
  revealed: number;
}

/** Paints one picture at 28×28 (CSS scales it up, pixelated) with a scale-× overlay for the cursor. */
export function paintCompletion(canvas: HTMLCanvasElement, picture: CompletionPicture, colours: Colours, scale = 6): void {
  const size = SIDE * scale;
  if (canvas.width !== size) canvas.width = canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(SIDE, SIDE);
  const [ink, paper, accent, hidden] = [colours.ink, colours.paper, colours.accent, colours.hidden].map(rgb);
  for (let i = 0; i < PIXELS; i++) {
    const given = picture.known[i] === 1;
    const shown = given || i < picture.revealed;
    const hatch = ((i % SIDE) + Math.floor(i / SIDE)) % 4 === 0;
    const c = !shown ? (hatch ? hidden : paper) : picture.pixels[i] > 0.5 ? (given ? ink : accent) : paper;
    image.data.set([c[0], c[1], c[2], 255], 4 * i);
  }
  ctx.imageSmoothingEnabled = false;
  const tmp = new OffscreenCanvas(SIDE, SIDE);
  tmp.getContext('2d')!.putImageData(image, 0, 0);
  ctx.drawImage(tmp, 0, 0, size, size);
  const cursor = picture.revealed;
  if (cursor < PIXELS && picture.known[cursor] !== 1) {
    ctx.strokeStyle = colours.accent;
    ctx.lineWidth = Math.max(1, scale / 3);
    ctx.strokeRect((cursor % SIDE) * scale + 0.5, Math.floor(cursor / SIDE) * scale + 0.5, scale - 1, scale - 1);
  }
}
