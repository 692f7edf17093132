/**
 * The page's colour scheme, followed live. The elements' palette is written with CSS light-dark() (styles.ts), so
 * their text and controls follow a page that declares `color-scheme: dark` (or `light dark` on a dark system) at
 * once; their canvases are painted from colours read at paint time, so they need a repaint when the scheme an element
 * sees changes: the page toggles a class, a style or a data attribute on <html> or <body>, or the system switches
 * between light and dark. `watchColorScheme(el, repaint)` calls `repaint` then (only when `el`'s own scheme changed).
 */
const watchers = new Map<Element, { scheme: string; repaint: () => void }>();
let observer: MutationObserver | undefined;
let media: MediaQueryList | undefined;

/** What light-dark() resolves to for `el`: its computed color-scheme and, for `light dark`, the system's choice. */
export function schemeOf(el: Element): string {
  const declared = getComputedStyle(el).colorScheme || 'normal';
  return `${declared}|${media?.matches ?? globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'}`;
}

function check(): void {
  for (const [el, w] of watchers) {
    const now = schemeOf(el);
    if (now !== w.scheme) {
      w.scheme = now;
      w.repaint();
    }
  }
}

/** Calls `repaint` whenever the colour scheme `el` sees changes; returns the unsubscribe function. */
export function watchColorScheme(el: Element, repaint: () => void): () => void {
  if (!observer && typeof MutationObserver !== 'undefined') {
    observer = new MutationObserver(check);
    for (const target of [document.documentElement, document.body].filter(Boolean)) observer.observe(target, { attributes: true });
    media = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
    media?.addEventListener('change', check);
  }
  watchers.set(el, { scheme: schemeOf(el), repaint });
  return () => {
    watchers.delete(el);
    if (watchers.size === 0) {
      observer?.disconnect();
      media?.removeEventListener('change', check);
      observer = media = undefined;
    }
  };
}

/** A host's subscription to its colour scheme while it is connected: `repaint` runs when the scheme changes. */
export class ColorSchemeController {
  private stop?: () => void;

  constructor(private readonly host: Element & { addController(c: { hostConnected(): void; hostDisconnected(): void }): void }, private readonly repaint: () => void) {
    host.addController(this);
  }

  hostConnected(): void {
    this.stop = watchColorScheme(this.host, this.repaint);
  }

  hostDisconnected(): void {
    this.stop?.();
    this.stop = undefined;
  }
}
