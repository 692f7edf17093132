/**
 * The one way a canvas reads a colour from CSS: any colour an author may write in a custom property (`white`, `#fff`,
 * `#ffffff80`, `rgb(…)`, `hsl(…)`, `oklch(…)`, `color-mix(…)`, a `var()` of another property) becomes an sRGB byte
 * triple. The browser does the parsing: the raw value is given to a probe element's `color` (CSSOM, allowed under a
 * strict style-src), its computed colour is painted on a 1×1 canvas and read back. Results are cached per value.
 */
export type Rgb = [number, number, number];

const cache = new Map<string, Rgb | null>();
let probe: HTMLElement | undefined;
let pixel: CanvasRenderingContext2D | null | undefined;

/**
 * sRGB bytes of a CSS colour value, or null when the browser does not read it as a colour. With `context`, the value
 * is resolved where that element is (a `light-dark(…)` follows its colour scheme, `currentcolor` its text colour).
 */
export function parseColor(value: string, context?: Element): Rgb | null {
  const trimmed = value.trim();
  if (!trimmed) return null;
  const place = context && /light-dark|currentcolor/i.test(trimmed) ? context : undefined;
  const key = place ? `${trimmed}|${getComputedStyle(place).colorScheme}|${getComputedStyle(place).color}|${matchMedia('(prefers-color-scheme: dark)').matches}` : trimmed;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const parsed = resolve(trimmed, place);
  if (cache.size > 256) cache.clear();
  cache.set(key, parsed);
  return parsed;
}

function resolve(value: string, place?: Element): Rgb | null {
  if (typeof document === 'undefined') return null;
  if (!probe) {
    probe = document.createElement('span');
    probe.hidden = true;
    probe.setAttribute('aria-hidden', 'true');
  }
  probe.style.color = '';
  probe.style.color = value;
  if (!probe.style.color) return null; // not a colour
  // currentcolor and system colours compute against the probe's place in the page: give it one for the read
  (place?.shadowRoot ?? place ?? document.documentElement).append(probe);
  const computed = getComputedStyle(probe).color;
  probe.remove();
  pixel ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!pixel) return null;
  pixel.clearRect(0, 0, 1, 1);
  pixel.fillStyle = '#000';
  pixel.fillStyle = computed;
  pixel.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = pixel.getImageData(0, 0, 1, 1).data;
  // a translucent colour is taken over white (the canvas is painted opaque)
  const over = (c: number) => Math.round(c + (255 - c) * (1 - a / 255));
  return a === 255 ? [r, g, b] : [over(r), over(g), over(b)];
}

/** The element's value of a colour custom property as sRGB bytes (the fallback when unset or not a colour). */
export function cssRgb(el: Element, name: string, fallback: string): Rgb {
  return parseColor(getComputedStyle(el).getPropertyValue(name), el) ?? parseColor(fallback, el) ?? [0, 0, 0];
}

/** The same as a canvas fillStyle / strokeStyle string ('rgb(r g b)'). */
export function cssColor(el: Element, name: string, fallback: string): string {
  const [r, g, b] = cssRgb(el, name, fallback);
  return `rgb(${r} ${g} ${b})`;
}

/** Any colour string (e.g. one returned by cssColor) as bytes; black when it is not a colour. */
export function rgb(color: string): Rgb {
  return parseColor(color) ?? [0, 0, 0];
}
