import { css } from 'lit';
import { baseStyles } from '../base/styles.js';

export const styles = [baseStyles, css`
  .layout { display: grid; grid-template-columns: minmax(0, 1fr) 176px; gap: 12px; align-items: start; }
  @container (max-width: 520px) { .layout { grid-template-columns: minmax(0, 1fr); } }
  .plot { display: grid; grid-template-columns: 2.4em minmax(0, 1fr); grid-template-rows: 1.3em auto 2.4em; min-width: 0; }
  .plot.compare { grid-template-columns: 2.4em minmax(0, 1fr) minmax(0, 1fr); column-gap: 8px; }
  .grid-name { font-size: 0.85em; font-weight: 600; text-align: center; }
  .stage canvas.rival { image-rendering: auto; }
  .axis-name.y { font-size: 0.75em; font-style: italic; font-weight: 600; color: var(--ge-muted, #57606a); text-align: right; padding-right: 5px; }
  .axis { position: relative; font-size: 0.75em; color: var(--ge-muted, #57606a); font-variant-numeric: tabular-nums; }
  .axis .tick { position: absolute; white-space: nowrap; }
  .axis.y .tick { right: 5px; transform: translateY(50%); }
  .axis.x .tick { top: 3px; transform: translateX(-50%); }
  .axis .name { position: absolute; font-style: italic; font-weight: 600; }
  .axis.x .name { right: 0; bottom: 0; }
  .stage { position: relative; aspect-ratio: 1; background: var(--ge-paper); border: 1px solid var(--ge-rule); border-radius: 6px; overflow: hidden; }
  .stage canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
  .stage canvas.overlay { cursor: pointer; }
  .stage canvas.overlay:focus-visible { outline: 3px solid var(--ge-accent); outline-offset: -3px; }
  .placeholder { position: absolute; inset: 0; display: grid; place-items: center; color: var(--ge-muted, #57606a); font-size: 0.9em; pointer-events: none; }
  .side { display: flex; flex-direction: column; gap: 12px; font-size: 0.85em; }
  .side h3 { font-size: 1em; margin: 0 0 4px; font-weight: 600; }
  .lens canvas, .recon { width: 84px; height: 84px; background: var(--ge-paper); border: 1px solid var(--ge-rule); border-radius: 4px; }
  .recon-figure { margin: 0; font-size: 0.85em; color: var(--ge-muted, #57606a); }
  .pad-row { display: flex; gap: 8px; align-items: flex-start; flex-wrap: wrap; }
  .legend { display: grid; grid-template-columns: repeat(5, auto); gap: 3px; justify-content: start; }
  .legend .key { padding: 1px 6px; font-variant-numeric: tabular-nums; }
  .legend .key[aria-pressed='true'] { border-color: currentColor; font-weight: 600; }
  .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; vertical-align: -1px; }
  .recon-box { position: relative; width: 84px; }
  .recon-box .hint { position: absolute; inset: 0; display: grid; place-items: center; font-size: 0.85em; color: var(--ge-muted, #57606a); pointer-events: none; }
  .z { font-variant-numeric: tabular-nums; }
  .caption { margin: 6px 0 0; font-size: 0.85em; color: var(--ge-muted, #57606a); }
  [part='controls'] { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; margin-top: 8px; font-size: 0.9em; }
  ge-loss-chart { margin-top: 8px; }
`];
