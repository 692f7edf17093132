/**
 * Ten colours for the ten digit classes: each at least 3.4:1 against white paper (none fades into the page, as
 * Tableau 10's grey and yellow did) and at least ΔE 21 (CIELAB) from every other (tested in tests/parts/palette.test.ts).
 */
export const DIGIT_COLORS = ['#1f77b4', '#d95f02', '#1b9e77', '#d62728', '#7570b3', '#8c564b', '#e7298a', '#5e8c1a', '#a6761d', '#222222'];
