/**
 * Attribute hygiene: a value out of range is clamped, one that is not a number or not an allowed word falls back
 * to the default, and either way the page gets one console warning naming the element, attribute and value.
 */
const warned = new Set<string>();

function warnOnce(tag: string, name: string, value: unknown, outcome: string): void {
  const key = `${tag}|${name}|${String(value)}`;
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(`<${tag}> ${name}=${JSON.stringify(String(value))}: ${outcome}`);
}

export interface NumberRule { min: number; max: number; fallback: number; integer?: boolean }

/** A number within [min, max] (rounded if integer), else the clamped value or the fallback. */
export function sanitizeNumber(tag: string, name: string, value: unknown, rule: NumberRule): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) {
    if (value !== undefined && value !== null) warnOnce(tag, name, value, `not a number; using ${rule.fallback}`);
    return rule.fallback;
  }
  const rounded = rule.integer ? Math.round(n) : n;
  const clamped = Math.min(rule.max, Math.max(rule.min, rounded));
  if (clamped !== n) warnOnce(tag, name, value, `out of range ${rule.min}–${rule.max}${rule.integer ? ' (integers)' : ''}; using ${clamped}`);
  return clamped;
}

/** One of the allowed words, else the fallback. */
export function sanitizeChoice<T extends string>(tag: string, name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  if (value !== undefined && value !== null && value !== '') warnOnce(tag, name, value, `not one of ${allowed.join(', ')}; using ${fallback}`);
  return fallback;
}
