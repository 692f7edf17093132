"""Reads the packed MNIST sprites of weights/mnist/ (written by `npm run pack-mnist`) as numpy arrays."""
import json
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
MNIST = ROOT / 'weights' / 'mnist'
SIDE = 28


def load_split(split):
    """Returns (images float32 [N, 784] in 0..1, labels int64 [N])."""
    labels = np.array(json.loads((MNIST / 'labels.json').read_text())[split], dtype=np.int64)
    sprite = np.asarray(Image.open(MNIST / f'{split}.png').convert('L'), dtype=np.float32) / 255.0
    per_row = sprite.shape[1] // SIDE
    tiles = [sprite[(k // per_row) * SIDE:(k // per_row + 1) * SIDE, (k % per_row) * SIDE:(k % per_row + 1) * SIDE]
             for k in range(len(labels))]
    return np.stack(tiles).reshape(len(labels), SIDE * SIDE), labels


def binarise(x):
    """The project's fixed binarisation (same as src/data/mnist.ts): pixel > 0.5."""
    return (x > 0.5).astype(np.float32)
