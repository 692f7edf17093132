/** <gan-trainer>'s class-share bars: mode collapse is flagged only when enough samples say so. */
import { expect } from '@esm-bundle/chai';
import { render } from 'lit';
import { renderShares } from '../../src/elements/gan-trainer/gan-trainer.view.js';
import { SHARE_SAMPLES } from '../../src/training/gan-session.js';

const lowBars = (samples: number, shares: number[]) => {
  const box = document.createElement('div');
  render(renderShares({ shares, samples }), box);
  return [...box.querySelectorAll('.bar')].map((b, i) => (b.classList.contains('low') ? i : -1)).filter((i) => i >= 0);
};

describe('class shares', () => {
  // digit 1 drew one sample in 64 (1.6 %): a healthy 10 % class does that about once in a hundred refreshes
  const shares = [0.11, 1 / 64, 0.08, 0.14, 0.11, 0.09, 0.13, 0.08, 0.11, 0.14 - 1 / 64];

  it('does not call a class collapsed from one refresh of 64 samples', () => {
    expect(lowBars(64, shares)).to.deep.equal([]);
  });

  it('flags a class under 3 % once the window is full', () => {
    expect(SHARE_SAMPLES).to.equal(256);
    expect(lowBars(SHARE_SAMPLES, shares)).to.deep.equal([1]);
    expect(lowBars(SHARE_SAMPLES, [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])).to.deep.equal([]);
  });
});
