/** What every element's shadow styles share: the host box and its custom properties, buttons, the status line. */
import { css } from 'lit';

export const baseStyles = css`
  /* The palette follows the page's colour scheme: light by default, dark where the page declares color-scheme: dark
     (or light dark, on a dark system). An author's own --ge-* values (set on the element) win over these. */
  :host {
    display: block;
    max-width: var(--ge-max-width, 760px);
    --ge-text: light-dark(#1f2328, #e6edf3);
    --ge-muted: light-dark(#57606a, #9198a1);
    --ge-ink: light-dark(#111111, #e6edf3);
    --ge-paper: light-dark(#ffffff, #0d1117);
    --ge-accent: light-dark(#1a73e8, #4493f8);
    --ge-on-accent: light-dark(#ffffff, #0d1117);
    --ge-rule: light-dark(#d0d7de, #3d444d);
    --ge-error: light-dark(#b3261e, #ff7b72);
    color: var(--ge-text);
    font: var(--ge-font, 14px/1.4 system-ui, sans-serif);
    container-type: inline-size;
  }
  :host([hidden]) { display: none; }
  button, select, input { font: inherit; }
  button, select { padding: 3px 10px; border: 1px solid var(--ge-rule); border-radius: 4px; background: var(--ge-paper); color: inherit; }
  button { cursor: pointer; }
  button.primary { background: var(--ge-accent); color: var(--ge-on-accent, #fff); border-color: transparent; }
  button:disabled { opacity: 0.5; cursor: default; }
  .status { margin-top: 6px; min-height: 1.4em; font-size: 0.8em; color: var(--ge-muted, #57606a); }
  .status.error { color: var(--ge-error, #b3261e); font-weight: 600; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
