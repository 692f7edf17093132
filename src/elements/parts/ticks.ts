/** Axis ticks for the charts: round values (1, 2 or 5 × 10^k apart) that cover a range, and their labels. */

/** About `count` round values from lo to hi, both ends included within one tick. */
export function niceTicks(lo: number, hi: number, count = 4): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = Math.abs(lo) / 10 || 1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw * 0.999) ?? 10 * power;
  const first = Math.floor(lo / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let v = first; v <= hi + step * 1e-9 || ticks.length < 2; v += step) ticks.push(roundTo(v, step));
  if (ticks[ticks.length - 1] < hi - step * 1e-9) ticks.push(roundTo(ticks[ticks.length - 1] + step, step));
  return ticks;
}

/** A tick's label: as many decimals as its spacing needs, thousands as "k" ("1.5k"). */
export function tickLabel(value: number, spacing: number): string {
  if (Math.abs(value) >= 10_000 && spacing >= 1000) return `${roundTo(value / 1000, spacing / 1000)}k`;
  const decimals = Math.max(0, Math.min(4, -Math.floor(Math.log10(spacing) + 1e-9)));
  return value.toFixed(decimals).replace(/^-(0(\.0+)?)$/, '$1');
}

function roundTo(v: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) + 1;
  return Number(v.toFixed(Math.min(10, decimals)));
}
