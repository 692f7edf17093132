/**
 * Convolution gradients for tfjs-backend-wasm, the backend a page without a real GPU trains on.
 *
 * - Conv2DBackpropFilter (the gradient of a convolution by its weights; wasm has none, so no conv or transposed conv
 *   could train there): one dilated convolution of the input with the output gradient as its kernel (below), which
 *   wasm runs in XNNPACK's Conv2D like any forward convolution.
 * - Conv2DBackpropInput (the gradient by the input, which is also the transposed convolution of G's forward pass):
 *   wasm's own kernel is a scalar loop. Split by output phase (Shi et al. 2016, "sub-pixel convolution"): the rows
 *   h = s·m + p of dx receive only the kernel rows a ≡ p + pad (mod s), so each of the s² phases is an ordinary
 *   stride-1 convolution of dy with a (kh/s)×(kw/s) slice of the flipped kernel, and the phases interleave back.
 *   No multiplication by an inserted zero, and every product runs in wasm's fast Conv2D.
 * Both follow from differentiating the convolution's definition; tests/runtime/wasm-kernels.test.ts checks them
 * against it.
 */
import type * as TF from '@tensorflow/tfjs';

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
type ConvGradAttrs = {
  strides: [number, number] | number;
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape?: [number, number, number, number];
  inputShape?: [number, number, number, number];
};
type KernelArgs = Parameters<TF.KernelFunc>[0];

export function registerWasmConvGradients(tf: typeof TF): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return; // registered already (one tfjs, imported twice)

  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x, dy } = args.inputs as { x: TF.Tensor4D; dy: TF.Tensor4D };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as ConvGradAttrs;
      if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
      const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape!, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
      return runComposed(tf, args, () => conv2dFilterGradient(tf, wrap(tf, args, x), wrap(tf, args, dy), info));
    },
  });

  registerTile(tf);
  registerMatMul(tf);
  registerGather(tf);

  replaceKernel(tf, 'Conv2DBackpropInput', (args, native) => {
    const { dy, filter } = args.inputs as { dy: TF.Tensor4D; filter: TF.Tensor4D };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as ConvGradAttrs;
    if (dataFormat === 'NCHW') return native(args);
    const info = tf.backend_util.computeConv2DInfo(inputShape!, filter.shape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    // every phase has as many kernel taps as every other when the stride divides the kernel's size (DCGAN's 4×4
    // kernels of stride 2, and any kernel of stride 1)
    if (info.filterHeight % info.strideHeight || info.filterWidth % info.strideWidth) return native(args);
    return runComposed(tf, args, () => conv2dInputGradient(tf, wrap(tf, args, dy), wrap(tf, args, filter), info));
  });
}

/**
 * Puts `kernelFunc` in place of wasm's own kernel `name`; it gets that kernel as `native`, to hand it the cases it
 * does not cover (the native kernel's setup still runs when the backend starts).
 */
function replaceKernel(tf: typeof TF, name: string, kernelFunc: (args: KernelArgs, native: TF.KernelFunc) => TF.TensorInfo | TF.TensorInfo[]): void {
  const native = tf.getKernel(name, 'wasm');
  if (!native) return;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ kernelName: name, backendName: 'wasm', setupFunc: native.setupFunc, kernelFunc: (args) => kernelFunc(args, native.kernelFunc) });
}

/** The wasm backend's own view of its heap (what its kernels use to fill outputs from JavaScript). */
type WasmBackend = { makeOutput(shape: number[], dtype: TF.DataType): TF.TensorInfo; typedArrayFromHeap(t: TF.TensorInfo): TF.TypedArray };

/**
 * Tile that only repeats the whole input (every tiled axis is preceded by axes of size 1, as when batch-norm's
 * gradient tiles a [1, 1, 1, C] vector over [N, H, W, C]) is a run of block copies; wasm's Tile kernel computes an
 * index per element, 10× slower there. Other tilings go to wasm's kernel.
 */
function registerTile(tf: typeof TF): void {
  replaceKernel(tf, 'Tile', (args, native) => {
    const { x } = args.inputs as { x: TF.TensorInfo };
    const reps = (args.attrs as unknown as { reps: number[] }).reps;
    const last = reps.reduce((j, r, i) => (r > 1 ? i : j), -1);
    if (!['float32', 'int32', 'bool'].includes(x.dtype) || x.shape.slice(0, last).some((d) => d !== 1)) return native(args);
    const backend = args.backend as unknown as WasmBackend;
    const out = backend.makeOutput(x.shape.map((d, i) => d * reps[i]), x.dtype);
    const target = backend.typedArrayFromHeap(out);
    const block = backend.typedArrayFromHeap(x);
    if (block.length === 0) return out;
    target.set(block);
    for (let filled = block.length; filled < target.length; filled *= 2) target.copyWithin(filled, 0, Math.min(filled, target.length - filled));
    return out;
  });
}

/**
 * Gather of whole rows (axis 0, as the transposed convolution above gathers its kernel taps) is a run of block copies;
 * wasm's Gather copies element by element, 30 ms for 16 rows of a [16, 128, 256] kernel. Other gathers, and indices
 * out of range (wasm's kernel reports those), go to wasm's kernel.
 */
function registerGather(tf: typeof TF): void {
  replaceKernel(tf, 'GatherV2', (args, native) => {
    const { x, indices } = args.inputs as { x: TF.TensorInfo; indices: TF.TensorInfo };
    const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
    if (axis !== 0 || batchDims || indices.dtype !== 'int32' || !['float32', 'int32'].includes(x.dtype)) return native(args);
    const backend = args.backend as unknown as WasmBackend;
    const rows = x.shape[0];
    const index = backend.typedArrayFromHeap(indices).slice(); // a copy: making the output may grow (and detach) the heap
    if (index.some((i) => i < 0 || i >= rows)) return native(args);
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    const row = x.shape.slice(1).reduce((p, d) => p * d, 1);
    const source = backend.typedArrayFromHeap(x);
    const target = backend.typedArrayFromHeap(out);
    index.forEach((i, k) => target.set(source.subarray(i * row, (i + 1) * row), k * row));
    return out;
  });
}

/**
 * A single (unbatched) matrix product as a 1×1 convolution, [1, 1, M, K] * [1, 1, K, N]: wasm's Conv2D runs in
 * XNNPACK's GEMM, its BatchMatMul in a slower loop (25× slower on a dense layer's [64, 64] · [64, 6272]). Batched
 * products go to wasm's kernel.
 */
function registerMatMul(tf: typeof TF): void {
  replaceKernel(tf, 'BatchMatMul', (args, native) => {
    const { a, b } = args.inputs as { a: TF.TensorInfo; b: TF.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const single = (t: TF.TensorInfo) => t.shape.slice(0, -2).every((d) => d === 1);
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || !single(a) || !single(b)) return native(args);
    const rank = Math.max(a.shape.length, b.shape.length);
    return runComposed(tf, args, () => {
      const matrix = (t: TF.TensorInfo, transpose: boolean) => {
        const m = wrap<TF.Tensor>(tf, args, t).reshape(t.shape.slice(-2)) as TF.Tensor2D;
        return transpose ? m.transpose() : m;
      };
      const left = matrix(a, transposeA);
      const right = matrix(b, transposeB);
      const [m, k] = left.shape as [number, number];
      const n = right.shape[1] as number;
      const product = tf.conv2d(left.reshape([1, 1, m, k]) as TF.Tensor4D, right.reshape([1, 1, k, n]) as TF.Tensor4D, 1, 'valid');
      return product.reshape([...new Array(rank - 2).fill(1), m, n]);
    });
  });
}

/**
 * Runs a kernel composed of tfjs ops. Data is reference-counted by the backend: wrapping an input as a Tensor takes
 * a reference (released when the tidy disposes the wrapper), and the returned TensorInfo keeps one on the result.
 */
function runComposed(tf: typeof TF, { backend }: KernelArgs, compute: () => TF.Tensor): TF.TensorInfo {
  const result = tf.tidy(compute);
  (backend as unknown as { incRef(dataId: object): void }).incRef(result.dataId);
  const out = { dataId: result.dataId, shape: result.shape, dtype: result.dtype };
  result.dispose();
  return out;
}

function wrap<T extends TF.Tensor>(tf: typeof TF, { backend }: KernelArgs, t: TF.TensorInfo): T {
  (backend as unknown as { incRef(dataId: object): void }).incRef(t.dataId);
  return tf.engine().makeTensorFromTensorInfo(t) as T;
}

/**
 * dW (shape [kh, kw, C, O]) of y = conv2d(x, W), as one convolution: in
 *   dW[a, b, c, o] = Σ_{n,i,j} x_pad[n, i·s + a, j·t + b, c] · dy[n, i, j, o]
 * read c as the batch, n as the input channel, (i, j) as the taps of a kernel dilated by the stride and (a, b) as the
 * output pixel: dW = conv2d(x_pad as [C, Hp, Wp, N], dy as [OH, OW, N, O], dilation (s, t)).
 */
export function conv2dFilterGradient(tf: typeof TF, x: TF.Tensor4D, dy: TF.Tensor4D, info: TF.backend_util.Conv2DInfo): TF.Tensor4D {
  const { top, bottom, left, right } = info.padInfo;
  const { strideHeight: s, strideWidth: t, filterHeight: kh, filterWidth: kw } = info;
  const images = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]).transpose([3, 1, 2, 0]) as TF.Tensor4D;
  const kernel = dy.transpose([1, 2, 0, 3]) as TF.Tensor4D;
  const grad = tf.conv2d(images, kernel, 1, 'valid', 'NHWC', [s, t]); // [C, ≥kh, ≥kw, O]
  // padding the forward conv never reached (its last rows or columns) gives extra output pixels: drop them
  const trimmed = grad.shape[1] === kh && grad.shape[2] === kw ? grad : grad.slice([0, 0, 0, 0], [-1, kh, kw, -1]);
  return trimmed.transpose([1, 2, 0, 3]) as TF.Tensor4D;
}

/** dx (shape info.inShape) of y = conv2d(x, W) given dy: s_h·s_w stride-1 convolutions of dy, interleaved. */
export function conv2dInputGradient(tf: typeof TF, dy: TF.Tensor4D, filter: TF.Tensor4D, info: TF.backend_util.Conv2DInfo): TF.Tensor4D {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const o = filter.shape[3];
  const phase = (p: number, stride: number, k: number, pad: number, size: number, dySize: number) => {
    const r = (p + pad) % stride; // kernel rows a ≡ r (mod stride) reach output rows ≡ p: r, r + stride, …
    const q = Math.floor((p + pad) / stride);
    const taps = k / stride; // how many such rows
    const out = size / stride;
    const before = taps - 1 - q; // dy padded (or cropped, if negative) so that a 'valid' conv gives `out` rows
    const after = out + taps - 1 - dySize - before;
    // tap t of the stride-1 conv is kernel row r + stride·(taps − 1 − t): the rows reversed, as a correlation needs
    const rows = Array.from({ length: taps }, (_, t) => r + stride * (taps - 1 - t));
    return { taps, before, after, rows };
  };
  // phases interleave into whole rows and columns: an input size the stride does not divide (7 rows, stride 2) is
  // computed one row longer, and the extra row cropped
  const [hp, wp] = [Math.ceil(h / sh) * sh, Math.ceil(w / sw) * sw];
  const vertical = Array.from({ length: sh }, (_, p) => phase(p, sh, kh, info.padInfo.top, hp, info.outHeight));
  const horizontal = Array.from({ length: sw }, (_, p) => phase(p, sw, kw, info.padInfo.left, wp, info.outWidth));
  // every phase's taps in one gather of whole [C, O] slices of W, then [O, C] as conv2d wants them (dy → dx)
  const index: number[] = [];
  for (const ph of vertical) for (const pw of horizontal) for (const a of ph.rows) for (const b of pw.rows) index.push(a * kw + b);
  const taps = tf.gather(filter.reshape([kh * kw, c, o]), tf.tensor1d(index, 'int32')).transpose([0, 2, 1]);
  const per = vertical[0].taps * horizontal[0].taps;
  const grid = vertical.map((ph, p) => horizontal.map((pw, q) => {
    const kernel = taps.slice([(p * sw + q) * per, 0, 0], [per, o, c]).reshape([ph.taps, pw.taps, o, c]) as TF.Tensor4D;
    return tf.conv2d(padOrCrop(tf, dy, ph.before, ph.after, pw.before, pw.after), kernel, 1, 'valid');
  }));
  // [n, h/sh, w/sw, c] phases → [n, h/sh, sh, w/sw, sw, c] → [n, h, w, c]
  const rows = grid.map((row) => tf.stack(row, 3)); // [n, h/sh, w/sw, sw, c]
  const dx = tf.stack(rows, 2).reshape([n, hp, wp, c]) as TF.Tensor4D;
  return hp === h && wp === w ? dx : dx.slice([0, 0, 0, 0], [n, h, w, c]);
}

/** Pads with zeros (positive amounts) or crops (negative amounts) the two spatial axes. */
function padOrCrop(tf: typeof TF, x: TF.Tensor4D, top: number, bottom: number, left: number, right: number): TF.Tensor4D {
  const [, h, w] = x.shape;
  let out = x;
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    const t0 = Math.max(0, -top), l0 = Math.max(0, -left);
    out = out.slice([0, t0, l0, 0], [-1, h - t0 - Math.max(0, -bottom), w - l0 - Math.max(0, -right), -1]);
  }
  if (top > 0 || bottom > 0 || left > 0 || right > 0) {
    out = tf.pad(out, [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]]);
  }
  return out;
}
