// An axe-core audit of a page (or a part of it) at WCAG 2.1 level AA, for the demo and stories smoke tests.
// axe runs inside the page through the DevTools protocol (page.evaluate), so a strict CSP on the page does not block it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The violations in `page` (within the element matching `selector`, default the whole document), one line each. */
export async function axeViolations(page, selector) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (sel, tags) => {
    const result = await window.axe.run(sel ? document.querySelector(sel) : document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary.split('\n').slice(1, 2).join(' ').trim()}`) }));
  }, selector, WCAG_21_AA);
  return violations.map((v) => `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).join('; ')}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : ''}`);
}
