import { expect } from '@esm-bundle/chai';
import '../../src/elements/parts/loss-chart.js';
import type { LossChart } from '../../src/elements/parts/loss-chart.js';
import { niceTicks, tickLabel } from '../../src/elements/parts/ticks.js';

async function addChart(attrs: Record<string, string> = {}): Promise<LossChart> {
  const chart = document.createElement('ge-loss-chart');
  for (const [k, v] of Object.entries(attrs)) chart.setAttribute(k, v);
  chart.style.width = '400px';
  document.body.append(chart);
  await chart.updateComplete;
  return chart;
}

/** each element's text; the lines of a wrapped text (its tspans) joined by spaces */
const texts = (chart: LossChart, selector: string) => [...chart.shadowRoot!.querySelectorAll(selector)]
  .map((t) => (t.querySelector('tspan') ? [...t.querySelectorAll('tspan')].map((l) => l.textContent!.trim()).join(' ') : t.textContent!.trim()));
const settle = async (chart: LossChart) => {
  await new Promise((r) => requestAnimationFrame(r));
  await chart.updateComplete;
};

describe('niceTicks', () => {
  it('covers the range with round values 1, 2 or 5 × 10^k apart', () => {
    expect(niceTicks(0.13, 2.71)).to.deep.equal([0, 1, 2, 3]);
    expect(niceTicks(0, 1, 3)).to.deep.equal([0, 0.5, 1]);
    expect(niceTicks(1, 137)).to.deep.equal([0, 50, 100, 150]);
    expect(niceTicks(0.62, 0.71)).to.deep.equal([0.6, 0.65, 0.7, 0.75]);
    for (const [lo, hi] of [[-3.2, 7.9], [101, 102], [1e-4, 3e-4], [5, 5]]) {
      const t = niceTicks(lo, hi);
      expect(t[0]).to.be.at.most(lo);
      expect(t[t.length - 1]).to.be.at.least(hi);
      expect(t.length).to.be.within(2, 7);
    }
  });

  it('labels a tick with the decimals its spacing needs', () => {
    expect(tickLabel(0.5, 0.5)).to.equal('0.5');
    expect(tickLabel(2, 1)).to.equal('2');
    expect(tickLabel(0.65, 0.05)).to.equal('0.65');
    expect(tickLabel(1500, 500)).to.equal('1500');
    expect(tickLabel(12000, 2000)).to.equal('12k');
  });
});

describe('<ge-loss-chart>', () => {
  afterEach(() => document.querySelectorAll('ge-loss-chart').forEach((c) => c.remove()));

  it('says what will appear before its first point', async () => {
    const chart = await addChart({ empty: 'Press Play: D and G losses per round appear here' });
    chart.reset([{ label: 'D loss', color: '#1a73e8' }, { label: 'G loss', color: '#e8710a' }]);
    await chart.updateComplete;
    expect(texts(chart, 'text.empty')).to.deep.equal(['Press Play: D and G losses per round appear here']);
    // it fits the chart: long enough text wraps onto lines inside the plot
    const empty = chart.shadowRoot!.querySelector<SVGTextElement>('text.empty')!;
    const [plot, box] = [chart.shadowRoot!.querySelector('svg')!.getBoundingClientRect(), empty.getBoundingClientRect()];
    expect(box.left).to.be.at.least(plot.left);
    expect(box.right).to.be.at.most(plot.right);
    chart.style.width = '220px';
    chart.empty = "Press Play: D's mean output on real digits, D(x), and on G's, D(G(z)), per round";
    for (let i = 0; i < 10; i++) await settle(chart); // the resize observer, then the render
    const narrow = chart.shadowRoot!.querySelector<SVGTextElement>('text.empty')!;
    expect(narrow.querySelectorAll('tspan').length).to.be.above(1);
    expect(narrow.getBoundingClientRect().right).to.be.at.most(chart.shadowRoot!.querySelector('svg')!.getBoundingClientRect().right);
    expect(chart.shadowRoot!.querySelector('svg')!.getAttribute('aria-label')).to.contain('Press Play');
    expect(chart.shadowRoot!.querySelectorAll('polyline').length).to.equal(0);
  });

  it('draws each series against a value axis and a step axis with their values', async () => {
    const chart = await addChart();
    chart.reset([{ label: 'D loss', color: '#1a73e8' }, { label: 'G loss', color: '#e8710a' }]);
    for (let step = 1; step <= 30; step++) chart.push(step, [1 + step / 30, 2.6 - step / 30]);
    await settle(chart);
    expect(texts(chart, 'text.empty')).to.deep.equal([]);
    const lines = [...chart.shadowRoot!.querySelectorAll('polyline')];
    expect(lines.map((l) => l.getAttribute('stroke'))).to.deep.equal(['#1a73e8', '#e8710a']);
    expect(lines[0].getAttribute('points')!.split(' ').length).to.equal(30);
    const values = texts(chart, 'text.tick-y').map(Number);
    expect(values[0]).to.be.at.most(1 + 1 / 30);
    expect(values[values.length - 1]).to.be.at.least(2.6 - 1 / 30);
    const steps = texts(chart, 'text.tick-x');
    expect(steps).to.include('step');
    expect(steps.filter((s) => s !== 'step').map(Number)).to.include(30);
    // geometry: a point drawn at value v sits at the height of the tick labelled v
    const tickY = new Map([...chart.shadowRoot!.querySelectorAll('text.tick-y')].map((t) => [Number(t.textContent), Number(t.getAttribute('y'))]));
    const last = lines[0].getAttribute('points')!.split(' ').pop()!.split(',').map(Number);
    expect(tickY.has(2)).to.equal(true);
    expect(last[1]).to.be.closeTo(tickY.get(2)!, 0.1); // the first series ends at 1 + 30/30 = 2
    expect(chart.shadowRoot!.querySelector('svg')!.getAttribute('aria-label')).to.match(/step 30: D loss 2\.00, G loss 1\.60/);
  });

  it('keeps a fixed range for probabilities', async () => {
    const chart = await addChart({ range: '0 1' });
    chart.reset([{ label: 'D(x)', color: '#188038' }]);
    chart.push(1, [0.52]);
    chart.push(2, [0.55]);
    await settle(chart);
    expect(texts(chart, 'text.tick-y')).to.deep.equal(['0.0', '0.5', '1.0']); // one precision per axis
    expect(chart.ticks.values).to.deep.equal([0, 0.5, 1]);
  });

  it('draws the last point of a fast run, with redraws spaced out while the points come every frame', async () => {
    const chart = await addChart();
    chart.reset([{ label: 'loss', color: '#1a73e8' }]);
    let renders = 0;
    const render = chart.render.bind(chart);
    chart.render = () => (renders++, render());
    const frames = 30;
    const start = performance.now();
    for (let step = 1; step <= frames; step++) {
      chart.push(step, [1 / step]);
      await new Promise((r) => requestAnimationFrame(r));
    }
    const label = () => chart.shadowRoot!.querySelector('svg')!.getAttribute('aria-label');
    // the run stops: its last point is drawn within the redraw interval
    const until = performance.now() + 5000;
    while (!/step 30:/.test(label() ?? '') && performance.now() < until) await settle(chart);
    expect(label()).to.match(/step 30: loss 0\.03/);
    // at most one redraw per 100 ms (whatever the frame rate), besides reset's, the resize observer's and the first point's
    const elapsed = performance.now() - start;
    expect(renders, `redraws for ${frames} points pushed one per frame in ${elapsed.toFixed(0)} ms`).to.be.at.most(Math.floor(elapsed / 100) + 3);
  });
});
