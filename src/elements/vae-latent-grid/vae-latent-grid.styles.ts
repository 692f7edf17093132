import { css } from 'lit';
import { baseStyles } from '../base/styles.js';

export const styles = [baseStyles, css`
  .layout { display: grid; grid-template-columns: minmax(0, 1fr) 176px; gap: 12px; align-items: start; }
  @container (max-width: 520px) { .layout { grid-template-columns: minmax(0, 1fr); } }
  .stage { position: relative; aspect-ratio: 1; background: var(--ge-paper); border: 1px solid var(--ge-rule); border-radius: 6px; overflow: hidden; }
  .stage canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
  .stage canvas.overlay { cursor: pointer; }
  .stage canvas.overlay:focus-visible { outline: 3px solid var(--ge-accent); outline-offset: -3px; }
  .placeholder { position: absolute; inset: 0; display: grid; place-items: center; color: #888; font-size: 0.9em; pointer-events: none; }
  .side { display: flex; flex-direction: column; gap: 12px; font-size: 0.85em; }
  .side h3 { font-size: 1em; margin: 0 0 4px; font-weight: 600; }
  .lens canvas, .recon { width: 84px; height: 84px; background: var(--ge-paper); border: 1px solid var(--ge-rule); border-radius: 4px; }
  .recon-figure { margin: 0; font-size: 0.85em; color: var(--ge-muted, #57606a); }
  .pad-row { display: flex; gap: 8px; align-items: flex-start; flex-wrap: wrap; }
  .legend { display: flex; flex-wrap: wrap; gap: 2px 8px; }
  .legend i { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 3px; }
  .z { font-variant-numeric: tabular-nums; }
  [part='controls'] { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; margin-top: 8px; font-size: 0.9em; }
  ge-loss-chart { margin-top: 8px; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`];
