"""What tools/train_pixelcnn.py and tools/train_pixelrnn.py share: the binarised digits, the exact NLL, and shipping
(weights rounded to float16 as tfjs dequantises them, that network measured, tensors + parity fixture + meta written
to tools/.cache/<model>/ for the converter)."""
import json
import math

import torch
import torch.nn.functional as F

from mnist_data import binarise, load_split
from tensor_export import write_tensors


def binarised_digits():
    """(train [9000, 1, 28, 28], test [1000, 1, 28, 28]) in {0, 1}: the project's fixed binarisation."""
    xtr, _ = load_split('train')
    xte, _ = load_split('test')
    return (torch.from_numpy(binarise(xtr)).reshape(-1, 1, 28, 28), torch.from_numpy(binarise(xte)).reshape(-1, 1, 28, 28))


def nll(model, x):
    """Per-image -log p(x) in nats: the sum over the 784 pixels of the Bernoulli cross-entropy."""
    return F.binary_cross_entropy_with_logits(model(x), x, reduction='none').sum((1, 2, 3))


def evaluate(model, x, batch=250):
    with torch.no_grad():
        return float(torch.cat([nll(model, x[i:i + batch]) for i in range(0, len(x), batch)]).mean())


def ship(model, xtr, xte, cache, meta):
    """Rounds the weights to float16, measures that network (test NLL on the 1,000 held-out digits, train NLL on the
    first 1,000 training digits), and writes the tensors, a parity fixture (4 held-out digits, their logits and NLLs)
    and `meta` with its quality figures to `cache`."""
    with torch.no_grad():
        for prm in model.parameters():
            prm.copy_(prm.half().float())
    model.eval()
    test = evaluate(model, xte)
    train = evaluate(model, xtr[:1000])
    tensors = write_tensors(model.named_tensors(), cache)
    x_fix = xte[:4]
    with torch.no_grad():
        logits = model(x_fix)
        per_image = nll(model, x_fix)
    parity = {'x': x_fix.reshape(4, 784).numpy().round().astype(int).tolist(),
              'logits': logits.reshape(4, 784).tolist(), 'nll': per_image.tolist(), 'tolerance': 1e-3}
    meta = {**meta, 'quality': {
        'testNll': round(test, 2), 'testBitsPerDim': round(test / (784 * math.log(2)), 4), 'trainNll': round(train, 2),
        'units': 'nats per image (-log p(x), exact), mean over the 1,000 held-out digits, float16 weights',
    }, 'weights': 'float16 (tfjs quantisation)'}
    (cache / 'tensors.json').write_text(json.dumps({'tensors': tensors, 'parity': parity, 'meta': meta}))
    print(json.dumps(meta['quality'], indent=1))
