"""Independent judges for the DCGAN's samples: two classifiers that play no part in training or model selection (a wider
CNN with batch norm, an MLP), each trained here on the 9,000 training digits with its own seed (cached in
tools/.cache/judges/), beside the shipped classifier. For each generator: the legible share (probability >= 0.9), the
share whose class is the category asked for by z's code, and the three least legible categories, on 2,000 samples.

Usage: bash tools/python.sh tools/gan_judges.py shipped:0.01 -cgan-aux1:0.01 -cgan-aux2-t01:0.01:best
  (a generator: 'shipped' or a run's tag, then the code temperature tau, then 'ema' (default), 'gen' or 'best')"""
import sys, copy, torch, numpy as np, torch.nn.functional as F
from torch import nn
sys.path.insert(0, str(__import__('pathlib').Path(__file__).parent))
import train_gan as T
from mnist_data import load_split
torch.set_num_threads(1)
xtr, ytr = load_split('train'); xte, yte = load_split('test')
X, Y = T.images(xtr), torch.from_numpy(ytr).long()

def cnn():
    return nn.Sequential(nn.Conv2d(1, 48, 5, padding=2), nn.BatchNorm2d(48), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(48, 96, 3, padding=1), nn.BatchNorm2d(96), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Dropout(0.4), nn.Linear(96 * 49, 10))
def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.3), nn.Linear(512, 256), nn.ReLU(), nn.Dropout(0.3), nn.Linear(256, 10))

def train(make, seed, epochs):
    import os
    (T.CACHE / 'judges').mkdir(parents=True, exist_ok=True)
    path = T.CACHE / 'judges' / f'{make.__name__}.pt'
    torch.manual_seed(seed); net = make()
    if os.path.exists(path):
        net.load_state_dict(torch.load(path)); net.eval(); return net
    opt = torch.optim.Adam(net.parameters(), 1e-3); sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs)
    for e in range(epochs):
        net.train(); perm = torch.randperm(len(X))
        for i in range(0, len(X), 64):
            idx = perm[i:i + 64]; x = X[idx]
            x = torch.roll(x, tuple(int(v) for v in torch.randint(-2, 3, (2,))), (2, 3))
            loss = F.cross_entropy(net(x), Y[idx]); opt.zero_grad(); loss.backward(); opt.step()
        sched.step()
    net.eval(); torch.save(net.state_dict(), path); return net

judges = {'shipped': T.load_shipped_classifier(), 'cnn': train(cnn, 17, 10), 'mlp': train(mlp, 29, 15)}
with torch.no_grad():
    for name, j in judges.items():
        p = F.softmax(j(T.images(xte)), 1)
        print(f'{name}: accuracy {(p.argmax(1).numpy() == yte).mean():.3f}, held-out legible {(p.max(1).values >= 0.9).float().mean():.3f}')

def generator(spec):
    parts = spec.split(':'); tag, tau, which = parts[0], (parts[1:2] or ['0.1'])[0], (parts[2:3] or ['ema'])[0]
    gen = T.Generator(64, 64, 'deep', 10, float(tau))
    if tag == 'shipped':
        T.load_shipped_dcgan(gen, T.Discriminator(64, 'deep', False, 10, True)); gen.eval(); return gen
    state = torch.load(T.RUNS / f'dcgan{tag}.pt')
    if which == 'best':
        gen.load_state_dict(state['best']['gen']); gen.eval(); print(f'{spec}: best epoch {state["best"]["epoch"]}'); return gen
    gen.load_state_dict(state[which]); T.recompute_batch_norm(gen, 64) if which == 'ema' else gen.train(); print(f'{spec}: epoch {state["epoch"]}'); return gen

for tag in sys.argv[1:]:
    gen = generator(tag)
    torch.manual_seed(3)
    with torch.no_grad():
        z = torch.randn(2000, 64); x = (gen(z) + 1) / 2; cat = z[:, :10].argmax(1).numpy()
        out = []
        for name, j in judges.items():
            p = F.softmax(j(x), 1)
            leg = (p.max(1).values >= 0.9).numpy()
            agree = (p.argmax(1).numpy() == cat).mean()
            worst = sorted(((leg[cat == k].mean(), k) for k in range(10)))[:3]
            out.append(f'{name} legible {leg.mean():.3f} agree {agree:.3f} worst {[(k, round(float(v), 2)) for v, k in worst]}')
        print(f'{tag}:', ' | '.join(out))
