/**
 * Painting partial and completed 28×28 images: given pixels in ink, pixels the model drew in the accent colour,
 * hidden pixels not yet reached hatched grey, and the pixel being sampled outlined.
 */
import { cssColor, rgb } from '../parts/css-color.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;

export interface Colours { ink: string; paper: string; accent: string; hidden: string }

/** The element's colours: --ge-ink for given pixels, --ge-paper, --ge-accent for drawn ones; hidden is hatched grey. */
export function coloursOf(el: Element): Colours {
  return { ink: cssColor(el, '--ge-ink', '#111111'), paper: cssColor(el, '--ge-paper', '#ffffff'), accent: cssColor(el, '--ge-accent', '#1a73e8'), hidden: '#c8ccd2' };
}

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

/** What <pixelcnn-autocomplete> shows, from its state. */
export interface AutocompletePicture {
  /** the input image in {0, 1} and its known flags (1 = given) */
  pixels: Float32Array;
  known: Uint8Array;
  /** the input is the test digit (else the drawing pad, with the hidden part hatched over it) */
  digitShown: boolean;
  /** the completion shown, if any (before one, each completion shows the input) */
  run?: { images: Float32Array[]; known: Uint8Array; revealed: number };
  /** compare: the other model's completion, if any */
  rival?: { images: Float32Array[]; known: Uint8Array; revealed: number };
}

/** Paints the element's canvases in `root`: the test digit, the hatch over the drawing pad, and each completion. */
export function paintAutocomplete(root: ParentNode, picture: AutocompletePicture, colours: Colours): void {
  const { pixels, known, run } = picture;
  const digit = root.querySelector<HTMLCanvasElement>('canvas.digit');
  if (digit && picture.digitShown) paintCompletion(digit, { pixels, known, revealed: 0 }, colours);
  const hide = root.querySelector<HTMLCanvasElement>('canvas.hidden-overlay');
  if (hide) paintHidden(hide, known, colours.hidden);
  for (const [kind, shown] of [['completion', run], ['rival', picture.rival]] as const) {
    root.querySelectorAll<HTMLCanvasElement>(`canvas.${kind}`).forEach((canvas, s) => {
      if (shown?.images[s]) paintCompletion(canvas, { pixels: shown.images[s], known: shown.known, revealed: shown.revealed }, colours);
      else paintCompletion(canvas, { pixels, known, revealed: 0 }, colours);
    });
  }
}

/** Hatches the hidden pixels over the drawing pad (the pad shows through elsewhere). */
function paintHidden(canvas: HTMLCanvasElement, known: Uint8Array, colour: string): void {
  const scale = 6;
  if (canvas.width !== SIDE * scale) canvas.width = canvas.height = SIDE * scale;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = colour;
  ctx.globalAlpha = 0.45;
  for (let i = 0; i < PIXELS; i++) if (!known[i]) ctx.fillRect((i % SIDE) * scale, Math.floor(i / SIDE) * scale, scale, scale);
}
