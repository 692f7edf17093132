import { css } from 'lit';
import { baseStyles } from '../base/styles.js';

export const styles = [baseStyles, css`
  :host(.drop-target) .samples { outline: 3px dashed var(--ge-accent); outline-offset: 2px; }
  .layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 14px; align-items: start; }
  @container (max-width: 560px) { .layout { grid-template-columns: minmax(0, 1fr); } }
  .samples { position: relative; aspect-ratio: 1; background: var(--ge-paper); border: 1px solid var(--ge-rule); border-radius: 6px; overflow: hidden; }
  .samples canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
  .placeholder { position: absolute; inset: 0; display: grid; place-items: center; color: var(--ge-muted, #57606a); font-size: 0.9em; text-align: center; padding: 12px; }
  .side { display: flex; flex-direction: column; gap: 10px; font-size: 0.85em; }
  .side h3 { font-size: 1em; margin: 0 0 2px; font-weight: 600; }
  .figures { display: grid; grid-template-columns: auto auto; gap: 0 12px; font-variant-numeric: tabular-nums; }
  .bars { display: grid; grid-template-columns: repeat(10, 1fr); gap: 3px; align-items: end; height: 56px; }
  .bar { background: var(--ge-accent); border-radius: 2px 2px 0 0; min-height: 1px; }
  .bar.low { background: var(--ge-error, #b3261e); }
  .bar-values { display: grid; grid-template-columns: repeat(10, 1fr); gap: 3px; text-align: center; font-size: 0.7em; font-variant-numeric: tabular-nums; }
  .bar-labels { display: grid; grid-template-columns: repeat(10, 1fr); gap: 3px; text-align: center; font-size: 0.85em; }
  .note { color: var(--ge-muted, #57606a); }
  [part='controls'] { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin-top: 8px; font-size: 0.9em; }
  [part='controls'] input[type='number'] { width: 5.5em; }
  .resume { background: light-dark(#fff8e1, #3b2f0b); border: 1px solid light-dark(#f0d58c, #8a6d1f); border-radius: 6px; padding: 6px 10px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
`];
