/**
 * Reading a tensor back and letting go of it, also when the read fails or the GPU is lost mid-read (a WebGL fence
 * on a lost context never signals): a read that cannot finish must not keep its tensor, or its caller, forever.
 */
import type * as TF from '@tensorflow/tfjs';
import { whenBackendLost } from './loss.js';

/** `await t.data()`, then `t.dispose()` whatever happened; rejects if the backend is lost first. */
export async function readAndDispose<D extends TF.DataType = 'float32'>(t: TF.Tensor): Promise<TF.DataTypeMap[D]> {
  const [values] = await readAllAndDispose<D>([t]);
  return values;
}

/** Reads several tensors in parallel, then disposes them all whatever happened. */
export async function readAllAndDispose<D extends TF.DataType = 'float32'>(ts: TF.Tensor[]): Promise<TF.DataTypeMap[D][]> {
  try {
    return await new Promise<TF.DataTypeMap[D][]>((resolve, reject) => {
      const cancel = whenBackendLost((reason) => reject(new Error(`the GPU backend was lost during a read (${reason})`)));
      Promise.all(ts.map((t) => t.data() as Promise<TF.DataTypeMap[D]>)).then(
        (values) => { cancel(); resolve(values); },
        (e: unknown) => { cancel(); reject(e); },
      );
    });
  } finally {
    for (const t of ts) t.dispose();
  }
}
