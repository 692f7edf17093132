"""PyTorch's time per training step for the suite's three families, on this machine's CPU: the reference the
`train` part of `npm run bench` (bench/train.mjs) sets the TensorFlow.js backends against.

The same architectures (the mirrors in tools/train_*.py, which the shipped weights were trained with), the same
batches, losses and optimisers as the TypeScript trainers: a DCGAN round (one D step on a real batch and a fresh
G(z), one non-saturating G step; Adam 2e-4, beta1 0.5), a VAE step (-ELBO with one reparameterised sample; Adam 1e-3)
and a PixelCNN step (mean NLL; Adam 2e-3); and one
convolution alone (D's second layer forward), the rate at which each side multiplies. Inputs are random (a step's time does not depend on the pixels).

Usage: python3 bench/torch_steps.py --threads 1 --dcgan 64 --dcgan2 64 --vae 100 --pixelcnn 32 --conv 64 [--budget 6]
Prints one JSON object: {"torch": version, "threads": n, "steps": {family: {"batch", "ms": [...], "median"}}}.
"""
import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / 'tools'))
from train_gan import Discriminator, Generator  # noqa: E402
from train_pixelcnn import PixelCnn  # noqa: E402
from train_vae import Vae  # noqa: E402


def dcgan(batch, depth=3):
    variant = 'deep' if depth == 3 else 'plain'   # depth 3 is the shipped DCGAN (src/models/dcgan.ts)
    g, d = Generator(64, 64, variant), Discriminator(64, variant)
    og = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    od = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))

    def step():
        real = torch.rand(batch, 1, 28, 28) * 2 - 1
        fake = g(torch.randn(batch, 64)).detach()
        loss_d = F.softplus(-d(real)).mean() + F.softplus(d(fake)).mean()
        od.zero_grad(); loss_d.backward(); od.step()
        loss_g = F.softplus(-d(g(torch.randn(batch, 64)))).mean()
        og.zero_grad(); loss_g.backward(); og.step()
    return step


def vae(batch):
    model = Vae([512, 256], 2)
    opt = torch.optim.Adam(model.parameters(), 1e-3)

    def step():
        x = (torch.rand(batch, 784) > 0.5).float()
        mu, logvar = model.encode(x)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        rec = -F.binary_cross_entropy_with_logits(model.decode(z), x, reduction='none').sum(1)
        kl = 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(1)
        loss = (kl - rec).mean()
        opt.zero_grad(); loss.backward(); opt.step()
    return step


def pixelcnn(batch):
    model = PixelCnn(32, 7, 64, 7)
    opt = torch.optim.Adam(model.parameters(), 2e-3)

    def step():
        x = (torch.rand(batch, 1, 28, 28) > 0.5).float()
        loss = F.binary_cross_entropy_with_logits(model(x), x, reduction='none').sum((1, 2, 3)).mean()
        opt.zero_grad(); loss.backward(); opt.step()
    return step


def conv(batch):
    """One convolution, D's second layer forward ([batch, 64, 14, 14] * [128, 64, 4, 4], stride 2): no training."""
    x, w = torch.randn(batch, 64, 14, 14), torch.randn(128, 64, 4, 4)

    def step():
        with torch.no_grad():
            F.conv2d(x, w, stride=2, padding=1)
    return step


def timed(step, budget):
    for _ in range(2):
        step()   # warm-up: allocator and kernel selection
    times = []
    start = time.perf_counter()
    while len(times) < 3 or (time.perf_counter() - start < budget and len(times) < 50):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--dcgan', type=int, default=64)
    p.add_argument('--dcgan2', type=int, default=64, help='the DCGAN at depth 2')
    p.add_argument('--vae', type=int, default=100)
    p.add_argument('--pixelcnn', type=int, default=32)
    p.add_argument('--conv', type=int, default=64, help='one convolution (D\'s second layer, forward)')
    p.add_argument('--budget', type=float, default=6.0, help='seconds of timed steps per family (at least 3 steps)')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    steps = {}
    families = (('dcgan', dcgan, a.dcgan), ('dcgan2', lambda b: dcgan(b, 2), a.dcgan2), ('vae', vae, a.vae), ('pixelcnn', pixelcnn, a.pixelcnn), ('conv', conv, a.conv))
    for name, make, batch in families:
        ms = timed(make(batch), a.budget)
        steps[name] = {'batch': batch, 'ms': [round(t, 1) for t in ms], 'median': round(statistics.median(ms), 1)}
    print(json.dumps({'torch': torch.__version__, 'threads': a.threads, 'steps': steps}))


if __name__ == '__main__':
    main()
