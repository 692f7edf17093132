/**
 * The template of <gan-interpolator>: strip, slider and large sample, candidates, arithmetic, controls, and the
 * status line's summary of the generator. Reads state only.
 */
import { html, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { formatNumber, words } from '../base/localize.js';
import type { InterpolationMethod } from '../../latent/interpolate.js';
import { prefersReducedMotion } from '../base/visibility.js';
import { renderTileRow } from './tile-row.js';
import type { Picks } from './picks.js';
import { CANDIDATES, GROUPS, targetName, TARGETS, type Shown, type Target, type View } from './types.js';

/** What the template reads of the element: its attributes and state, nothing else. */
export interface InterpolatorHost {
  readonly alt: string;
  readonly fromSeed: number;
  readonly toSeed: number;
  readonly animated: boolean;
  readonly loaded: boolean;
  readonly method: InterpolationMethod;
  readonly steps: number;
  readonly t: number;
}

export interface InterpolatorView {
  shown: Partial<Record<View, Shown>>;
  picks: Picks;
  /** what the arithmetic preset measured (or that it is looking), when one is set */
  presetCaption?: string;
  /** text over the strip while it has no samples (undefined once it has) */
  placeholder?: string;
  status: TemplateResult;
  onScrub: (t: number) => void;
  onMethod: (method: InterpolationMethod) => void;
  onWalk: () => void;
  onNewCandidates: () => void;
  onExport: () => void;
}

export function renderInterpolator(el: InterpolatorHost, v: InterpolatorView): TemplateResult {
  const { picks } = v;
  // what z_a and z_b are, e.g. "seed 1"
  const ends = [picks.chosen[0] ? words(picks.chosen[0].label) : msg(str`seed ${el.fromSeed}`),
    picks.chosen[1] ? words(picks.chosen[1].label) : msg(str`seed ${el.toSeed}`)];
  const n = v.shown.strip?.z.length ?? el.steps;
  const t = formatNumber(el.t, 2);
  const row = (view: View, count: number, label: string, part: string) => renderTileRow({
    name: view, part, count, label, active: picks.active?.view === view ? picks.active.index : undefined,
    help: rowHelp(picks.target),
    handlers: picks.rowHandlers(view),
  });
  const stripLabel = el.method === 'slerp'
    ? msg(str`${n} digits generated along a spherical path from z_a to z_b`)
    : msg(str`${n} digits generated along a straight path from z_a to z_b`);
  return html`
    <div class="strip-box">
      ${row('strip', n, el.alt || stripLabel, 'canvas')}
      ${v.placeholder === undefined ? '' : html`<div class="placeholder">${v.placeholder}</div>`}
    </div>
    <div class="ends"><span>z<sub>a</sub>: ${ends[0]}</span><span>z<sub>b</sub>: ${ends[1]}</span></div>
    <div class="scrub">
      ${row('frame', 1, msg(str`The sample G(z(t)) at t = ${t}`), 'frame')}
      <div class="scrub-side">
        <label>t <input type="range" min="0" max="1" step="0.01" .value=${String(el.t)} aria-valuetext=${`t = ${t}`}
          @input=${(e: Event) => v.onScrub(Number((e.target as HTMLInputElement).value))}></label>
        <output>t = ${t}</output>
        <fieldset class="targets"><legend>${msg('Clicking a sample (or Enter) sets:')}</legend>
          ${TARGETS.map((target) => html`<label><input type="radio" name="target" value=${target} .checked=${picks.target === target}
            @change=${() => picks.setTarget(target)}> ${targetName(target)}</label>`)}</fieldset>
      </div>
    </div>
    <h3>${msg('Candidates')}</h3>
    ${row('candidates', CANDIDATES, msg(str`${CANDIDATES} samples from seeded z`), 'candidates')}
    ${renderArithmetic(v, row('arithmetic', 4, msg('The means of groups A, B and C, and mean A − mean B + mean C'), 'arithmetic'))}
    ${renderControls(el, v)}
    ${v.status}
    <div class="sr-only" aria-live="polite">${describeActive(v) || words(picks.announcement)}</div>`;
}

/** How to use a row of samples from the keyboard, naming where a pick goes. */
function rowHelp(target: Target): string {
  if (target === 'from') return msg('Arrow keys move between samples; Enter or Space puts one into the start z_a');
  if (target === 'to') return msg('Arrow keys move between samples; Enter or Space puts one into the end z_b');
  return msg(str`Arrow keys move between samples; Enter or Space puts one into group ${target}`);
}

/** The message of a view that could not be drawn (current locale: call it when shown). */
export function drawFailed(view: View, problem: string): string {
  switch (view) {
    case 'strip': return msg(str`could not draw the strip: ${problem}`);
    case 'frame': return msg(str`could not draw the sample at t: ${problem}`);
    case 'candidates': return msg(str`could not draw the candidate: ${problem}`);
    case 'arithmetic': return msg(str`could not draw the arithmetic: ${problem}`);
  }
}

/** What the status line says of the generator shown. */
export interface GeneratorSummary {
  /** its size of z (undefined: no generator is shown) */
  zDim?: number;
  /** the backend and why better ones were passed over */
  backend: string;
  /** where the generator runs, in a reader's words */
  where: string;
  /** the <gan-trainer> whose live generator is shown (its id), and its training step */
  trainer: { id?: string; step?: number };
  /** the meta.json next to the loaded model.json: quality figures */
  meta?: { quality?: GeneratorQuality };
  animated: boolean;
}

/** The shipped generator's quality figures (meta.json), as the shipped classifier judges 10,000 samples. */
export interface GeneratorQuality {
  frechetDistance?: number;
  frechetFloorTrainVsTest?: number;
  /** the share of samples the classifier gives one class with probability ≥ 0.9 */
  legibleShare?: number;
  legibleShareHeldOut?: number;
}

/**
 * The status line in a reader's words — the generator, its quality (the share of its samples that read as a clear
 * digit) or its trainer, where it runs, a walk turned off — and its detail (z's size, the backend by name, the
 * Fréchet distance beside its floor). '' before a generator is shown.
 */
export function describeGenerator({ zDim, backend, where, trainer: { id, step }, meta, animated }: GeneratorSummary): [string, string] {
  if (!zDim) return ['', ''];
  const q = id ? undefined : meta?.quality;
  // percentages as "71 %" (a figure, then the sign), with the locale's digits
  const percent = (share: number) => formatNumber(Math.round(share * 100), 0);
  const live = id ? ` · ${step !== undefined ? msg(str`live generator of #${id} at step ${step}`) : msg(str`live generator of #${id}`)}` : '';
  const legible = q?.legibleShare !== undefined ? ` · ${msg(str`${percent(q.legibleShare)} % of its samples are clear digits`)}` : '';
  const still = animated && prefersReducedMotion() ? ` · ${msg('no walk (reduced motion)')}` : '';
  const fd = q?.frechetDistance === undefined ? ''
    : ` · ${q.frechetFloorTrainVsTest !== undefined
      ? msg(str`Fréchet distance ${formatNumber(q.frechetDistance, 1)} (real digits: ${formatNumber(q.frechetFloorTrainVsTest, 1)})`)
      : msg(str`Fréchet distance ${formatNumber(q.frechetDistance, 1)}`)}`;
  const real = q?.legibleShareHeldOut !== undefined ? ` · ${msg(str`clear digits among real ones: ${percent(q.legibleShareHeldOut)} %`)}` : '';
  return [`DCGAN${legible}${live} · ${where}${still}`, `${msg(str`${zDim}-D z`)} · ${backend}${fd}${real}`];
}

function renderArithmetic(v: InterpolatorView, canvas: TemplateResult): TemplateResult {
  const shown = v.shown.arithmetic;
  const { members } = v.picks;
  return html`<h3>${msg('Vector arithmetic')}</h3>
    <div class="groups">${GROUPS.map((g, i) => html`${i ? html`<span class="op">${i === 1 ? '−' : '+'}</span>` : ''}
      <div class="group" data-group=${g}><span class="group-name">${g}</span>
        ${members[g].length ? members[g].map((m, j) => html`<button class="chip" aria-label=${msg(str`remove ${words(m.label)} from group ${g}`)}
          @click=${() => v.picks.unpick(g, j)}>${words(m.label)} ×</button>`) : html`<span class="empty">${msg('empty')}</span>`}</div>`)}</div>
    <div class="result">
      <div class="strip-box">${canvas}${shown ? '' : html`<div class="placeholder empty-result">${msg('A − B + C appears here')}</div>`}</div>
      ${shown ? html`<div class="captions">${shown.labels.map((l) => html`<span>${words(l)}</span>`)}</div>`
        : html`<div class="hint">${msg(html`Pick samples into groups A, B and C (or set <code>arithmetic</code> to a preset) to see G(mean A − mean B + mean C).`)}</div>`}
      ${v.presetCaption ? html`<p class="preset-caption" role="status">${v.presetCaption}</p>` : ''}
    </div>`;
}

function renderControls(el: InterpolatorHost, v: InterpolatorView): TemplateResult {
  const still = prefersReducedMotion();
  const any = GROUPS.some((g) => v.picks.members[g].length);
  return html`<div part="controls">
    <button class="primary walk" aria-pressed=${el.animated ? 'true' : 'false'} ?disabled=${still}
      title=${still ? msg('Off: the system asks for reduced motion') : msg('Walk along the path on its own')} @click=${v.onWalk}>${el.animated ? msg('Pause walk') : msg('Walk')}</button>
    <label>${msg('path')} <select @change=${(e: Event) => v.onMethod((e.target as HTMLSelectElement).value as InterpolationMethod)}>
      <option value="slerp" ?selected=${el.method === 'slerp'}>${msg('slerp')}</option>
      <option value="lerp" ?selected=${el.method === 'lerp'}>${msg('lerp')}</option></select></label>
    <button @click=${v.onNewCandidates}>${msg('New candidates')}</button>
    <button ?disabled=${!any} @click=${() => v.picks.clearGroups()}>${msg('Clear groups')}</button>
    <button ?disabled=${!el.loaded} @click=${v.onExport}>${msg('Export weights')}</button>
  </div>`;
}

function describeActive(v: InterpolatorView): string {
  const at = v.picks.active;
  const shown = at && v.shown[at.view];
  if (!at || !shown) return '';
  const i = at.index + 1;
  const n = shown.z.length;
  const label = words(shown.labels[at.index] ?? '');
  switch (at.view) {
    case 'strip': return msg(str`strip ${i} of ${n}: ${label}`);
    case 'frame': return msg(str`sample at t ${i} of ${n}: ${label}`);
    case 'candidates': return msg(str`candidate ${i} of ${n}: ${label}`);
    case 'arithmetic': return msg(str`arithmetic ${i} of ${n}: ${label}`);
  }
}
