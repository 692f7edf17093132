/**
 * tfjs-backend-wasm has no Conv2DBackpropFilter kernel, so no convolution (or transposed convolution) can be
 * trained on it, and wasm is the backend a page without a real GPU runs on. This registers one composed of ops wasm
 * does have: for each kernel offset (a, b), the filter gradient is a matrix product of the strided slice of the
 * padded input with the output gradient,
 *   dW[a, b] = Σ_{n,i,j} x_pad[n, i·s + a, j·s + b, :]ᵀ dy[n, i, j, :]      (kh·kw matMuls of [N·OH·OW, C] blocks)
 * which is what the convolution's own definition gives when differentiated by its weights.
 */
import type * as TF from '@tensorflow/tfjs';

type Conv2DBackpropFilterAttrs = {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
};

export function registerWasmConvGradients(tf: typeof TF): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: TF.Tensor4D; dy: TF.Tensor4D };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
      if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
      const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
      // Data is reference-counted by the backend: wrapping an input as a Tensor takes a reference (released when
      // the tidy disposes the wrapper), and the output keeps one reference to the result's data.
      const refs = backend as unknown as { incRef(dataId: object): void };
      const wrap = (t: TF.TensorInfo) => {
        refs.incRef(t.dataId);
        return tf.engine().makeTensorFromTensorInfo(t) as TF.Tensor4D;
      };
      const result = tf.tidy(() => conv2dFilterGradient(tf, wrap(x), wrap(dy), info));
      refs.incRef(result.dataId);
      const out = { dataId: result.dataId, shape: result.shape, dtype: result.dtype };
      result.dispose();
      return out;
    },
  });
}

function conv2dFilterGradient(tf: typeof TF, x: TF.Tensor4D, dy: TF.Tensor4D, info: TF.backend_util.Conv2DInfo): TF.Tensor4D {
  const { top, bottom, left, right } = info.padInfo;
  const [n, , , inChannels] = x.shape;
  const { outHeight, outWidth, outChannels, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const padded = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  const rows = n * outHeight * outWidth;
  const grad = dy.reshape([rows, outChannels]);
  const blocks: TF.Tensor[] = [];
  for (let a = 0; a < filterHeight; a++) {
    for (let b = 0; b < filterWidth; b++) {
      const patch = tf.stridedSlice(padded, [0, a, b, 0],
        [n, a + (outHeight - 1) * strideHeight + 1, b + (outWidth - 1) * strideWidth + 1, inChannels], [1, strideHeight, strideWidth, 1]);
      blocks.push(tf.matMul(patch.reshape([rows, inChannels]), grad, true, false).reshape([1, inChannels, outChannels]));
    }
  }
  return tf.concat(blocks, 0).reshape([filterHeight, filterWidth, inChannels, outChannels]);
}
