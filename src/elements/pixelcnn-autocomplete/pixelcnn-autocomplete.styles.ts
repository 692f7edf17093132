import { css } from 'lit';
import { baseStyles } from '../base/styles.js';

export const styles = [baseStyles, css`
  .layout { display: grid; grid-template-columns: 196px minmax(0, 1fr); gap: 16px; align-items: start; }
  @container (max-width: 520px) { .layout { grid-template-columns: minmax(0, 1fr); } }
  .input { display: flex; flex-direction: column; gap: 6px; align-items: flex-start; font-size: 0.85em; }
  .tabs { display: flex; gap: 4px; }
  .tabs button[aria-pressed='true'] { background: var(--ge-accent); color: var(--ge-on-accent, #fff); border-color: transparent; }
  canvas.big { width: 100%; max-width: 196px; aspect-ratio: 1; image-rendering: pixelated; background: var(--ge-paper);
    border: 1px solid var(--ge-rule); border-radius: 4px; display: block; }
  .pad-wrap { position: relative; --ge-pad-size: 196px; }
  .pad-wrap canvas.hidden-overlay { position: absolute; left: 1px; top: 1px; width: 196px; height: 196px; pointer-events: none; image-rendering: pixelated; }
  .frame { position: relative; width: 100%; max-width: 196px; }
  .placeholder { position: absolute; inset: 0; display: grid; place-items: center; text-align: center; color: var(--ge-muted, #57606a);
    font-size: 0.85em; pointer-events: none; }
  .nll { font-variant-numeric: tabular-nums; color: var(--ge-muted, #57606a); min-height: 4.2em; }
  .nll span, figcaption span { display: block; }
  .completions { display: grid; grid-template-columns: repeat(auto-fill, minmax(96px, 1fr)); gap: 8px; }
  .completions figure { margin: 0; }
  .completions figcaption { font-size: 0.8em; color: var(--ge-muted, #57606a); font-variant-numeric: tabular-nums; min-height: 2.6em; }
  [part='controls'] { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; margin-top: 8px; font-size: 0.9em; }
  input[type='number'] { width: 3.5em; }
  ge-loss-chart { margin-top: 8px; }
  .rows { display: grid; gap: 10px; }
  .row-name { margin: 0 0 4px; font-size: 0.85em; }
  .row-name span { color: var(--ge-muted, #57606a); font-variant-numeric: tabular-nums; }
  .race { margin: 6px 0 0; font-size: 0.85em; }
`];
