"""log p(x) of the shipped 2-D VAE by quadrature, beside its ELBO: the figures of weights/vae-mnist/meta.json's `evidence`.

With a 2-D latent the "intractable" evidence p(x) = integral of p(x|z) p(z) dz can be computed by the midpoint rule:
a coarse grid over [-extent, extent]^2 (step 0.1, decoded once for all 1,000 held-out digits, since
log p(x|z) = x . logits(z) - sum softplus(logits(z))), whose cells within 16 nats of the peak are refined per digit
into 8 x 8 points (step 0.0125); halving the fine step is the convergence check. The ELBO is computed without sampling: E_q[log p(x|z)] by a 20 x 20 Gauss-Hermite rule on
q(z|x) = N(mu, diag sigma^2), minus KL(q || N(0, I)) in closed form. Their difference, log p(x) - ELBO, is
KL(q(z|x) || p(z|x)) >= 0: how far the encoder's Gaussian is from the true posterior.

The same figures are computed in the page by src/models/vae-evidence.ts; tests/models/vae-evidence.test.ts checks the
page's figures for the digits listed in meta.json against these. Float64 throughout, on the shipped float16 weights.

Usage: bash tools/python.sh tools/vae_evidence.py [--folder weights/vae-mnist]   (part of npm run train:vae), a few minutes.
"""
import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mnist_data import ROOT, binarise, load_split  # noqa: E402
from train_vae import load_shipped_vae  # noqa: E402

EXTENT, COARSE, STEP, THRESHOLD, GH_NODES = 5.0, 0.1, 0.0125, 16.0, 20


def grid_points(extent, step):
    """The midpoint grid: n = 2 extent / step points per axis, z = -extent + (i + 1/2) step; row-major, z2 slowest."""
    n = round(2 * extent / step)
    axis = -extent + (torch.arange(n, dtype=torch.float64) + 0.5) * step
    z2, z1 = torch.meshgrid(axis, axis, indexing='ij')
    return torch.stack([z1.reshape(-1), z2.reshape(-1)], 1)


def log_joint(model, x, z, chunk=4096):
    """log p(x|z) + log p(z) for every digit (rows of x) and latent point (rows of z): [digits, points], float64.
    The network runs in its own precision (float32: as the page does, and fast), the sums in float64."""
    out = []
    dtype = next(model.parameters()).dtype
    with torch.no_grad():
        for i in range(0, len(z), chunk):
            zc = z[i:i + chunk]
            logits = model.decode(zc.to(dtype)).double()
            out.append(x @ logits.T - F.softplus(logits).sum(1) - 0.5 * (zc ** 2).sum(1) - math.log(2 * math.pi))
    return torch.cat(out, 1)


def log_evidence(model, x, step=STEP, extent=EXTENT, coarse=COARSE, threshold=THRESHOLD, chunk=16384):
    """log p(x) per digit, two-level midpoint rule: the coarse grid's cells within `threshold` nats of the peak are
    refined into k x k points of the fine `step` (the same rule as src/models/vae-evidence.ts). The refined points of
    all digits go through the decoder together, `chunk` at a time, each scored against its own digit."""
    zc = grid_points(extent, coarse)
    joint = log_joint(model, x, zc)                       # [digits, coarse cells], one decoder pass for all digits
    refined = joint >= joint.max(1, keepdim=True).values - threshold
    rest = torch.where(refined, torch.tensor(-math.inf, dtype=joint.dtype), joint).logsumexp(1) + 2 * math.log(coarse)
    k = round(coarse / step)
    offsets = ((torch.arange(k, dtype=torch.float64) + 0.5) / k - 0.5) * coarse
    oy, ox = torch.meshgrid(offsets, offsets, indexing='ij')
    offsets = torch.stack([ox.reshape(-1), oy.reshape(-1)], 1)   # [k^2, 2]
    digit, cell = refined.nonzero(as_tuple=True)                 # the refined (digit, coarse cell) pairs
    per = max(1, chunk // (k * k))
    dtype = next(model.parameters()).dtype
    lse = []
    with torch.no_grad():
        for b in range(0, len(digit), per):
            z = (zc[cell[b:b + per]][:, None, :] + offsets[None]).reshape(-1, 2)
            logits = model.decode(z.to(dtype))
            xs = x[digit[b:b + per]].to(dtype).repeat_interleave(k * k, 0)
            ll = ((logits * xs).sum(1) - F.softplus(logits).sum(1)).double() - 0.5 * (z ** 2).sum(1) - math.log(2 * math.pi)
            lse.append(ll.reshape(-1, k * k).logsumexp(1))      # one value per refined cell
    lse = torch.cat(lse)
    peak = torch.full((len(x),), -math.inf, dtype=torch.float64).scatter_reduce(0, digit, lse, 'amax')
    fine = torch.zeros(len(x), dtype=torch.float64).index_add(0, digit, (lse - peak[digit]).exp()).log() + peak + 2 * math.log(step)
    return torch.logaddexp(fine, rest)


def elbo(model, x, nodes=GH_NODES):
    """ELBO per digit: E_q[log p(x|z)] by a Gauss-Hermite product rule, minus KL(q || N(0, I)); also mu, sigma, KL."""
    t, w = np.polynomial.hermite.hermgauss(nodes)
    t, w = torch.from_numpy(t), torch.from_numpy(w) / math.sqrt(math.pi)
    xi = torch.stack(torch.meshgrid(t, t, indexing='ij'), -1).reshape(-1, 2) * math.sqrt(2)   # [nodes^2, 2]
    weights = (w[:, None] * w[None, :]).reshape(-1)
    with torch.no_grad():
        xf = x.float()
        mu, logvar = model.encode(xf)
        sigma = (0.5 * logvar).exp()
        rec = torch.zeros(len(x), dtype=torch.float64)
        for k in range(len(xi)):
            logits = model.decode(mu + sigma * xi[k].float())
            rec += weights[k] * -F.binary_cross_entropy_with_logits(logits, xf, reduction='none').sum(1).double()
        mu, logvar = mu.double(), logvar.double()
        kl = 0.5 * (mu ** 2 + logvar.exp() - 1 - logvar).sum(1)
    return rec - kl, rec, kl, mu, sigma.double()


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--folder', default=str(ROOT / 'weights' / 'vae-mnist'))
    a = p.parse_args()
    torch.set_num_threads(2)
    folder = Path(a.folder)
    model = load_shipped_vae(folder)
    xte, _ = load_split('test')
    x = torch.from_numpy(binarise(xte)).double()
    t0 = time.time()
    bound, rec, kl, mu, sigma = elbo(model, x)
    log_px = log_evidence(model, x)
    print(f'log p(x): {time.time() - t0:.0f} s', flush=True)
    gap = log_px - bound
    # halving the fine step, on the digits where the rule is hardest (the pass costs 4x the first): the 100 with the
    # narrowest q(z|x), where the posterior is narrowest, and the 50 with the widest gap, where q misses the posterior
    hard = torch.unique(torch.cat([sigma.min(1).values.argsort()[:100], gap.argsort(descending=True)[:50]]))
    change = (log_evidence(model, x[hard], step=STEP / 2) - log_px[hard]).abs()
    print(f'halved step: {time.time() - t0:.0f} s', flush=True)
    print(f'quadrature: {time.time() - t0:.0f} s; -log p(x) {-log_px.mean():.3f}, -ELBO {-bound.mean():.3f}, '
          f'gap {gap.mean():.3f} (min {gap.min():.4f}); halving the step changes log p(x) by at most {change.max():.2e}')
    if change.max() >= 0.01:
        raise SystemExit(f'halving the fine step changes log p(x) by {change.max():.3f} nats: make STEP smaller')
    if gap.min() < 0:
        raise SystemExit(f'the ELBO exceeds log p(x) for digit {int(gap.argmin())}: the quadrature is not fine enough')

    # The digits the browser test re-computes: the first three, the tightest posterior, the widest gap.
    picks = [0, 1, 2, int(sigma.min(1).values.argmin()), int(gap.argmax())]
    meta_path = folder / 'meta.json'
    meta = json.loads(meta_path.read_text())
    meta['quality']['testNegLogPx'] = round(float(-log_px.mean()), 2)
    meta['quality']['testGap'] = round(float(gap.mean()), 2)
    meta['evidence'] = {
        'about': 'log p(x) by quadrature beside the ELBO (tools/vae_evidence.py, src/models/vae-evidence.ts): testNegLogPx is the '
                 'mean -log p(x) of the 1,000 held-out digits, testGap the mean of log p(x) - ELBO = KL(q(z|x) || p(z|x)), in nats',
        'quadrature': {'rule': 'midpoint, two-level: a coarse grid, its cells within the threshold of the peak refined',
                       'extent': EXTENT, 'coarseStep': COARSE, 'step': STEP, 'threshold': THRESHOLD,
                       'halvingMaxChange': float(f'{float(change.max()):.2e}'), 'halvingMeanChange': float(f'{float(change.mean()):.2e}'),
                       'halvingDigits': f'the {len(hard)} held-out digits where the rule is hardest: the 100 with the narrowest q(z|x), the 50 with the widest gap'},
        'elbo': {'rule': f'Gauss-Hermite {GH_NODES} x {GH_NODES} on q(z|x), KL in closed form', 'testNegElbo': round(float(-bound.mean()), 2)},
        'digits': [{'testIndex': i, 'logPx': round(float(log_px[i]), 4), 'elbo': round(float(bound[i]), 4),
                    'sigma': [round(float(s), 4) for s in sigma[i]]} for i in picks],
    }
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + '\n')
    print(json.dumps(meta['evidence'], indent=1))


if __name__ == '__main__':
    main()
