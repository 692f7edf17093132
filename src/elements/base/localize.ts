/**
 * The elements' languages: English (the source) and Simplified Chinese, with @lit/localize in runtime mode (one
 * bundle serves every page; the Chinese catalogue is a lazy chunk, fetched the first time an element needs it).
 *
 * @lit/localize's ordinary runtime mode has one locale per page. Here each element follows its own nearest `lang`
 * (its own attribute, else its ancestors', else `<html lang>`; across shadow roots), so a bilingual page can hold an
 * English and a Chinese element side by side. That is @lit/localize's re-entrant mode: `msg()` asks `getLocale()`
 * at every call, and an element renders inside `inLocale(itsLocale, …)`. Text made outside a render (a status line,
 * an error) is kept as a `Text` thunk and turned into words when it is shown, so it follows a live change of `lang`
 * too.
 */
import type { LocaleModule } from '@lit/localize';
import { configureReentrantLocalization } from '@lit/localize/init/reentrant.js';
import { LitElement, type PropertyValues, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { sourceLocale, targetLocales } from '../../generated/locale-codes.js';

export type Locale = typeof sourceLocale | (typeof targetLocales)[number];
/** Words for a reader: a string, or a thunk that makes them in the locale current when it is called. */
export type Text = string | (() => string);

let current: Locale = sourceLocale;
const catalogues = new Map<Locale, LocaleModule>();
const loads = new Map<Locale, Promise<void>>();
const loaders: Record<Exclude<Locale, typeof sourceLocale>, () => Promise<LocaleModule>> = {
  'zh-CN': () => import('../../generated/locales/zh-CN.js'),
};

configureReentrantLocalization({
  sourceLocale,
  targetLocales: [...targetLocales],
  getLocale: () => current,
  loadLocaleSync: (locale) => catalogues.get(locale as Locale),
});

/** The supported locale for a BCP 47 tag: any Chinese (zh, zh-CN, zh-Hans, zh-TW …) → zh-CN; anything else → en. */
export function resolveLocale(lang: string | null | undefined): Locale {
  return /^zh(-|$)/i.test((lang ?? '').trim()) ? 'zh-CN' : sourceLocale;
}

/** The locale `msg()` and the number formats use now (inside an element's render: that element's). */
export function currentLocale(): Locale {
  return current;
}

/** Runs `fn` with `locale` as the current locale (msg() and the number formats follow it). */
export function inLocale<T>(locale: Locale, fn: () => T): T {
  const before = current;
  current = locale;
  try {
    return fn();
  } finally {
    current = before;
  }
}

/** The words of a Text in the current locale. */
export function words(text: Text): string {
  return typeof text === 'function' ? text() : text;
}

/** Whether `locale`'s catalogue is in memory (English always is). */
export function catalogueReady(locale: Locale): boolean {
  return locale === sourceLocale || catalogues.has(locale);
}

/** Loads `locale`'s catalogue (once per page). */
export function loadCatalogue(locale: Locale): Promise<void> {
  if (locale === sourceLocale) return Promise.resolve();
  let load = loads.get(locale);
  if (!load) {
    load = loaders[locale]().then((module) => void catalogues.set(locale, module));
    loads.set(locale, load);
  }
  return load;
}

const formats = new Map<string, Intl.NumberFormat>();
/** A number in the current locale's digits and separators, with exactly `digits` decimals (Intl.NumberFormat). */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : value < 0 ? '−∞' : '–';
  const key = `${current} ${digits}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(current, { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return format.format(value);
}

/** A fraction (0.42) as a percentage in the current locale ("42%"), with `digits` decimals. */
export function formatPercent(fraction: number, digits = 0): string {
  const key = `${current} % ${digits}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(current, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return format.format(fraction);
}

/** The `lang` that applies to a node: the nearest `lang` attribute up the tree, crossing shadow roots ('' if none). */
export function langOf(node: Node): string {
  for (let n: Node | null = node; n; n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null)) {
    if (n instanceof Element && n.hasAttribute('lang')) return n.getAttribute('lang') ?? '';
  }
  return '';
}

const followers = new Set<LocaleController>();
let observer: MutationObserver | undefined;
/** One observer per page: any `lang` attribute that changes (on <html>, a section, the element itself) re-checks every element. */
function watchLang(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  observer = new MutationObserver(() => followers.forEach((f) => f.refresh()));
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

/**
 * Follows the host's locale: the nearest `lang`, live. The host re-renders when it changes, and once more when a
 * catalogue it needs has loaded (the first render of a Chinese element before then is in English).
 */
export class LocaleController implements ReactiveController {
  locale: Locale = sourceLocale;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    followers.add(this);
    watchLang();
    this.refresh();
  }

  hostDisconnected(): void {
    followers.delete(this);
  }

  refresh(): void {
    const locale = resolveLocale(langOf(this.host));
    if (locale === this.locale) return;
    this.locale = locale;
    if (catalogueReady(locale)) this.host.requestUpdate();
    else void loadCatalogue(locale).then(() => this.locale === locale && this.host.requestUpdate(), (e) => console.warn(`the ${locale} catalogue did not load: ${e}`));
  }

  /** The words of a Text in the host's locale (for text that leaves the element: an event's message). */
  words(text: Text): string {
    return inLocale(this.locale, () => words(text));
  }
}

/**
 * A LitElement that renders in its own locale: msg(), str`…` and the number formats inside render() (and anything
 * else update() runs) speak the language of the element's nearest `lang`, and it re-renders when that changes.
 */
export class LocalizedElement extends LitElement {
  /** the element's locale, from its nearest `lang` (live) */
  protected readonly i18n: LocaleController = new LocaleController(this);

  protected override update(changed: PropertyValues): void {
    inLocale(this.i18n.locale, () => super.update(changed));
  }
}
