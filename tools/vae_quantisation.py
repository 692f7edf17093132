"""Would uint8 (or uint16) quantisation of the shipped VAE keep its test -ELBO within 0.5 nats? tfjs affine per-tensor quantisation,
measured as train_vae.py measures meta.json (100 samples of z, seed 0). Usage: bash tools/python.sh tools/vae_quantisation.py"""
import sys
import numpy as np, torch
sys.path.insert(0, 'tools')
from train_vae import evaluate, load_shipped_vae
from mnist_data import load_split, binarise

def affine(bits):
    levels = 2 ** bits - 1
    def q(w):
        lo, hi = float(w.min()), float(w.max())
        scale = (hi - lo) / levels or 1.0
        return (np.round((w - lo) / scale) * scale + lo).astype(np.float32)
    return q
xte, _ = load_split('test'); xte = torch.from_numpy(binarise(xte))
sizes = {'float16': 2, 'uint16': 2, 'uint8': 1}
for name, q in [('float16', None), ('uint16', affine(16)), ('uint8', affine(8))]:
    model = load_shipped_vae('weights/vae-mnist', q); torch.manual_seed(0)
    total = sum(p.numel() for p in model.parameters())
    r = evaluate(model, xte, 100)
    print(f'{name}: test -ELBO {r["negElbo"]:.2f} (rec {r["reconstruction"]:.2f}, KL {r["kl"]:.2f}), weights {total * sizes[name] / 2**20:.2f} MB')
