"""Writing trained tensors for the converters (tools/convert-*.mjs): one float32 blob and its index."""


def write_tensors(named, cache):
    """named: {layer: {kind: torch tensor already in tfjs layout}} -> cache/weights.bin; returns the index
    ([{layer, kind, shape, offset}], offsets in floats) for tensors.json."""
    cache.mkdir(parents=True, exist_ok=True)
    tensors, blobs, offset = [], [], 0
    for layer, t in named.items():
        for kind, v in t.items():
            arr = v.detach().contiguous().numpy().astype('<f4')
            tensors.append({'layer': layer, 'kind': kind, 'shape': list(arr.shape), 'offset': offset})
            blobs.append(arr.tobytes())
            offset += arr.size
    (cache / 'weights.bin').write_bytes(b''.join(blobs))
    return tensors
