/** What every element's shadow styles share: the host box and its custom properties, buttons, the status line. */
import { css } from 'lit';

export const baseStyles = css`
  :host {
    display: block;
    max-width: var(--ge-max-width, 760px);
    color: var(--ge-text, #1f2328);
    font: var(--ge-font, 14px/1.4 system-ui, sans-serif);
    --ge-ink: #111111;
    --ge-paper: #ffffff;
    --ge-accent: #1a73e8;
    --ge-rule: #d0d7de;
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
`;
