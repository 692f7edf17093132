import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import { eventOnce, elementSuite, frames, itBackendIndependent } from '../helpers.js';

/** The focused element, looking into shadow roots. */
function deepActive(): Element | null {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

/** The accessible name a screen reader would read for a control (the parts this suite uses). */
function nameOf(el: Element): string {
  const labelled = el.getAttribute('aria-labelledby');
  const root = el.getRootNode() as ShadowRoot | Document;
  const byId = labelled ? labelled.split(/\s+/).map((id) => root.getElementById?.(id)?.textContent ?? '').join(' ') : '';
  const labels = 'labels' in el ? [...((el as HTMLInputElement).labels ?? [])].map((l) => l.textContent ?? '').join(' ') : '';
  return (el.getAttribute('aria-label') || byId || labels || el.getAttribute('title') || el.textContent || '').trim();
}

/** Whether a focused control shows a focus ring: an outline, or a box-shadow. */
function focusVisible(el: Element): boolean {
  const s = getComputedStyle(el);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
}

const ELEMENTS: [string, Record<string, string>][] = [
  ['vae-latent-grid', { grid: '4' }],
  ['gan-interpolator', { steps: '4' }],
  ['pixelcnn-autocomplete', { samples: '2' }],
  ['gan-trainer', { 'batch-size': '8' }],
];

describe('keyboard: every control of every element is reachable with Tab, named, and shows its focus', function () {
  elementSuite();

  for (const [tag, attrs] of ELEMENTS) {
    itBackendIndependent(`<${tag}>`, async () => {
      const before = Object.assign(document.createElement('button'), { textContent: 'before' });
      const after = Object.assign(document.createElement('button'), { textContent: 'after' });
      const el = document.createElement(tag);
      el.setAttribute('loading', 'eager');
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      const loaded = Promise.race([eventOnce(el, 'model-load'), eventOnce(el, 'model-error')]);
      document.body.append(before, el, after);
      expect((await loaded).type).to.equal('model-load');
      await frames(3);
      before.focus();
      const seen: Element[] = [];
      const ringless: string[] = [];
      for (let i = 0; i < 80; i++) {
        await sendKeys({ press: 'Tab' });
        const a = deepActive();
        if (a === after) break;
        if (!a) continue;
        seen.push(a);
        // focused by the keyboard (:focus-visible): its ring must show now
        if (!focusVisible(a)) ringless.push(`${a.localName} "${nameOf(a).slice(0, 40)}"`);
      }
      expect(deepActive(), 'Tab leaves the element (no focus trap)').to.equal(after);
      expect(seen.length, 'controls reached').to.be.above(2);
      for (const c of seen) {
        const what = `${c.localName}${c.getAttribute('part') ? `[part=${c.getAttribute('part')}]` : ''} "${nameOf(c).slice(0, 40)}"`;
        expect(el.contains(c) || el.shadowRoot!.contains(c) || (c.getRootNode() as ShadowRoot).host?.getRootNode() === el.shadowRoot, `${what} is inside <${tag}>`).to.equal(true);
        expect(nameOf(c), `${what} has an accessible name`).to.not.equal('');
      }
      expect(ringless, 'controls without a visible focus ring').to.deep.equal([]);
    });
  }
});

describe('live text: the status is announced politely, at most every few seconds, errors at once', function () {
  it('Announcer: a text that comes too soon waits for the gap; an urgent one does not', async () => {
    const { Announcer } = await import('../../src/elements/base/announcer.js');
    const a = new Announcer(200);
    let asked = 0;
    const later = () => { asked++; };
    expect(a.say('step 1', false, later)).to.equal('step 1');
    expect(a.say('step 2', false, later)).to.equal('step 1'); // too soon: the region keeps its text
    expect(a.say('step 3', false, later)).to.equal('step 1');
    await new Promise((r) => setTimeout(r, 260));
    expect(asked).to.equal(1); // one render asked for, not one per step
    expect(a.say('step 3', false, later)).to.equal('step 3');
    expect(a.say('the weights are missing', true, later)).to.equal('the weights are missing');
  });
});
