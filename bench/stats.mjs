// Helpers every part of `npm run bench` shares: medians, repetitions within a time budget, and times as text.

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** How many timed runs fit `budget` ms, given one run's time, within [min, max]. */
export const reps = (oneMs, { budget, min, max }) => Math.max(min, Math.min(max, Math.floor(budget / Math.max(oneMs, 1))));

/** A time in ms as text: "12.3 ms", "456 ms", "12.3 s"; '—' when missing. */
export const ms = (v) => (v === undefined || Number.isNaN(v) ? '—' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`);
