import { css } from 'lit';
import { baseStyles } from '../base/styles.js';

export const styles = [baseStyles, css`
  h3 { font-size: 0.85em; font-weight: 600; margin: 12px 0 4px; }
  /* every canvas keeps its size (tiles : 1) from the first render, so nothing moves when the samples arrive */
  .row { position: relative; }
  .row canvas { display: block; width: 100%; aspect-ratio: var(--tiles) / 1; background: var(--ge-paper);
    border: 1px solid var(--ge-rule); border-radius: 4px; box-sizing: border-box; cursor: pointer; }
  .row canvas:focus-visible { outline: 3px solid var(--ge-accent); outline-offset: 1px; }
  .cursor { position: absolute; top: 0; bottom: 0; box-sizing: border-box; border: 2px solid var(--ge-accent);
    border-radius: 3px; pointer-events: none; }
  .strip-box { position: relative; }
  .placeholder { position: absolute; inset: 0; display: grid; place-items: center; color: var(--ge-muted, #57606a); font-size: 0.9em;
    background: var(--ge-paper); border: 1px solid var(--ge-rule); border-radius: 4px; pointer-events: none; }
  .ends { display: flex; justify-content: space-between; gap: 12px; font-size: 0.8em; color: var(--ge-muted, #57606a); margin-top: 2px; }
  .scrub { display: grid; grid-template-columns: 140px minmax(0, 1fr); gap: 12px; align-items: start; margin-top: 10px; }
  @container (max-width: 420px) { .scrub { grid-template-columns: minmax(0, 1fr); } .scrub .row { max-width: 140px; } }
  .scrub-side { display: flex; flex-direction: column; gap: 6px; font-size: 0.9em; }
  .scrub-side label:first-child { display: flex; align-items: center; gap: 8px; }
  .scrub-side input[type='range'] { flex: 1; accent-color: var(--ge-accent); }
  output { font-variant-numeric: tabular-nums; font-size: 0.85em; }
  .targets { border: 1px solid var(--ge-rule); border-radius: 4px; padding: 4px 8px 6px; margin: 0;
    display: flex; flex-wrap: wrap; gap: 2px 12px; font-size: 0.9em; }
  .targets legend { padding: 0 4px; font-size: 0.9em; color: var(--ge-muted, #57606a); }
  .groups { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; font-size: 0.85em; }
  .group { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; min-height: 1.9em; padding: 2px 6px;
    border: 1px dashed var(--ge-rule); border-radius: 4px; }
  .group-name { font-weight: 600; }
  .op { font-size: 1.2em; font-weight: 600; }
  .empty { color: var(--ge-muted, #57606a); font-style: italic; }
  .result { max-width: 320px; margin-top: 6px; }
  .captions { display: grid; grid-template-columns: repeat(4, 1fr); font-size: 0.75em; text-align: center; color: var(--ge-muted, #57606a); }
  .hint { font-size: 0.8em; color: var(--ge-muted, #57606a); min-height: 1.2em; }
  [part='controls'] { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; margin-top: 10px; font-size: 0.9em; }
  button.chip { padding: 0 6px; font-size: 0.95em; }
`];
