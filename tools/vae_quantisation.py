"""Would uint8 (or uint16) quantisation of the shipped VAE keep its test -ELBO within 0.5 nats? tfjs affine per-tensor quantisation,
measured as train_vae.py measures meta.json (100 samples of z, seed 0). Usage: bash tools/python.sh tools/vae_quantisation.py"""
import json, sys
import numpy as np, torch
sys.path.insert(0, 'tools')
from train_vae import Vae, evaluate
from mnist_data import load_split, binarise

m = json.load(open('weights/vae-mnist/model.json'))
data = open('weights/vae-mnist/group1-shard1of1.bin', 'rb').read()
off, tensors = 0, {}
for w in m['weightsManifest'][0]['weights']:
    n = int(np.prod(w['shape']))
    tensors[w['name']] = np.frombuffer(data, np.float16, n, off).astype(np.float32).reshape(w['shape']); off += 2 * n
model = Vae([512, 256], 2)
named = {'encoder_hidden_1': model.enc[0], 'encoder_hidden_2': model.enc[1], 'encoder_mu': model.mu, 'encoder_logvar': model.logvar,
         'decoder_hidden_1': model.dec[0], 'decoder_hidden_2': model.dec[1], 'decoder_logits': model.logits}
def load(q):
    with torch.no_grad():
        for name, layer in named.items():
            layer.weight.copy_(torch.from_numpy(q(tensors[f'{name}/kernel']).T.copy()))
            layer.bias.copy_(torch.from_numpy(q(tensors[f'{name}/bias'])))
def affine(bits):
    levels = 2 ** bits - 1
    def q(w):
        lo, hi = float(w.min()), float(w.max())
        scale = (hi - lo) / levels or 1.0
        return (np.round((w - lo) / scale) * scale + lo).astype(np.float32)
    return q
xte, _ = load_split('test'); xte = torch.from_numpy(binarise(xte))
sizes = {'float16': 2, 'uint16': 2, 'uint8': 1}
total = sum(t.size for t in tensors.values())
for name, q in [('float16', lambda w: w), ('uint16', affine(16)), ('uint8', affine(8))]:
    load(q); torch.manual_seed(0)
    r = evaluate(model, xte, 100)
    print(f'{name}: test -ELBO {r["negElbo"]:.2f} (rec {r["reconstruction"]:.2f}, KL {r["kl"]:.2f}), weights {total * sizes[name] / 2**20:.2f} MB')
