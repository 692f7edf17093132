/**
 * The bound and its gap, computed: with a 2-D latent the "intractable" evidence of a VAE can be integrated.
 *
 *   log p(x) = log ∫ p(x|z) p(z) dz ≈ logsumexp_g [log p(x|z_g) + log p(z_g) + log area_g]   (midpoint rule)
 *   ELBO     = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z))       (E_q by a Gauss–Hermite rule on q, KL in closed form)
 *   gap      = log p(x) − ELBO = KL(q(z|x) ‖ p(z|x)) ≥ 0  (how far the encoder's Gaussian is from the true posterior)
 *   p(z|x)   = p(x|z) p(z) / p(x), the true posterior, on a window of the latent plane
 *
 * The grid is two-level. A coarse midpoint grid (step 0.1 over [−5, 5]², 10,000 points) covers the plane; its cells
 * where the log joint is within `threshold` nats (16) of its peak, where the posterior's mass is, are each refined into
 * a k × k midpoint grid of the fine step (0.0125). log p(x|z) = x·logits(z) − Σ softplus(logits(z)) for Bernoulli
 * pixels, so the coarse pass serves a whole batch: each chunk of points is decoded once and scored against every
 * digit on the device. tools/vae_evidence.py computes the same figures (meta.json's `evidence`). DOM-free.
 */
import type * as TF from '@tensorflow/tfjs';
import type { Vae } from './vae.js';
import { readAllAndDispose } from '../runtime/read.js';

export interface QuadratureOptions {
  /** the grid spans z from −extent to +extent in both dims (default 5: the prior's mass beyond is < 10⁻⁵) */
  extent?: number;
  /** the coarse grid's step (default 0.1); must divide 2·extent */
  coarseStep?: number;
  /** the fine step inside the refined cells (default 0.0125, a coarse step / 8: halving it changes log p(x) by < 0.01 nats, see meta.json) */
  step?: number;
  /** coarse cells whose log joint is within this many nats of the peak are refined (default 16: the others hold < e⁻¹⁶ of it each) */
  threshold?: number;
  /** grid points decoded per pass (default 1024); the caller's `between` runs after each */
  chunk?: number;
  /** awaited between chunks: where a page yields to the browser (math stays DOM-free) */
  between?: () => Promise<void>;
  /** stops the computation between chunks (rejects with the signal's reason) */
  signal?: AbortSignal;
}

/** Per-digit figures in nats (one value per digit) and q(z|x) (two values per digit). */
export interface Evidence {
  logPx: Float64Array;
  elbo: Float64Array;
  /** E_q[log p(x|z)] (≤ 0) */
  reconstruction: Float64Array;
  /** KL(q(z|x) ‖ N(0, I)) */
  kl: Float64Array;
  /** log p(x) − ELBO = KL(q(z|x) ‖ p(z|x)) */
  gap: Float64Array;
  mu: Float32Array;
  sigma: Float32Array;
}

/** p(z|x) on a size × size window of the latent plane (row 0 at the top, where z₂ is largest). */
export interface PosteriorMap {
  /** the window: z₁ from x0 to x1, z₂ from y0 to y1 */
  window: { x0: number; x1: number; y0: number; y1: number };
  size: number;
  /** the posterior density at each cell's centre, row-major from the top */
  density: Float32Array;
}

const GH_NODES = 20;
export const QUADRATURE_DEFAULTS = { extent: 5, coarseStep: 0.1, step: 0.0125, threshold: 16, chunk: 1024 } as const;

/** The midpoint grid's axis: n = 2·extent/step points, −extent + (i + ½)·step. */
export function gridAxis(extent: number, step: number): Float64Array {
  const n = Math.round((2 * extent) / step);
  return Float64Array.from({ length: n }, (_, i) => -extent + (i + 0.5) * step);
}

/**
 * Gauss–Hermite nodes and weights for ∫ e^(−t²) f(t) dt (Newton on the Hermite recurrence, as in Numerical Recipes'
 * gauher); with t → √2·t and weights / √π it integrates against N(0, 1).
 */
export function gaussHermite(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n), weights = new Float64Array(n);
  const pim4 = Math.pow(Math.PI, -0.25);
  let z = 0;
  for (let i = 0; i < (n + 1) >> 1; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -1 / 6);
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * nodes[0];
    else if (i === 3) z = 1.91 * z - 0.91 * nodes[1];
    else z = 2 * z - nodes[i - 2];
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = pim4, p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-14) break;
    }
    nodes[i] = z;
    nodes[n - 1 - i] = -z;
    weights[i] = weights[n - 1 - i] = 2 / (pp * pp);
  }
  return { nodes, weights };
}

/** log p(x|z) + log p(z) for every digit and latent point: [digits, points] (x: [B, 784] in {0, 1}, z: [P, 2]). */
function logJoint(tf: typeof TF, vae: Vae, x: TF.Tensor2D, z: TF.Tensor2D): TF.Tensor2D {
  return tf.tidy(() => {
    const logits = vae.decodeLogits(z);
    const logPrior = z.square().sum(1).mul(-0.5).sub(Math.log(2 * Math.PI));
    return tf.matMul(x, logits, false, true).sub(tf.softplus(logits).sum(1).add(logPrior.neg()).expandDims(0));
  });
}

/** The coarse grid's centres, row-major with z₂ slowest: 2 values per point. */
function coarsePoints(extent: number, step: number): Float32Array {
  const axis = gridAxis(extent, step), n = axis.length, z = new Float32Array(2 * n * n);
  for (let g = 0; g < n * n; g++) {
    z[2 * g] = axis[g % n];
    z[2 * g + 1] = axis[Math.floor(g / n)];
  }
  return z;
}

/**
 * log p(x|z) + log p(z) of every digit at the points z (2 values each), decoded `chunk` points at a time with the
 * caller's `between` after each: a [digits, points] tensor the caller owns. With `reduce`, only its logsumexp per digit.
 */
async function jointOver(tf: typeof TF, vae: Vae, x: TF.Tensor2D, z: Float32Array, options: QuadratureOptions, reduce: boolean): Promise<TF.Tensor> {
  const { chunk } = { ...QUADRATURE_DEFAULTS, ...options };
  const points = z.length / 2, parts: TF.Tensor[] = [];
  try {
    for (let from = 0; from < points; from += chunk) {
      options.signal?.throwIfAborted();
      const to = Math.min(points, from + chunk);
      parts.push(tf.tidy(() => {
        const joint = logJoint(tf, vae, x, tf.tensor2d(z.subarray(2 * from, 2 * to), [to - from, 2]));
        return reduce ? tf.logSumExp(joint, 1, true) : joint;
      }));
      if (options.between) await options.between();
    }
    options.signal?.throwIfAborted();
    return tf.tidy(() => (reduce ? tf.logSumExp(tf.concat(parts, 1), 1) : tf.concat(parts, 1)));
  } finally {
    tf.dispose(parts);
  }
}

/** The refined cells of one digit: the coarse cells within `threshold` of the coarse peak, each split into k × k points. */
function refinedPoints(joint: Float32Array, coarse: Float32Array, coarseStep: number, step: number, threshold: number): { z: Float32Array; refined: Uint8Array } {
  let peak = -Infinity;
  for (const v of joint) peak = Math.max(peak, v);
  const k = Math.round(coarseStep / step), refined = new Uint8Array(joint.length);
  let cells = 0;
  joint.forEach((v, g) => { if (v >= peak - threshold) { refined[g] = 1; cells++; } });
  const z = new Float32Array(2 * cells * k * k);
  let o = 0;
  joint.forEach((_, g) => {
    if (!refined[g]) return;
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        z[o++] = coarse[2 * g] + ((b + 0.5) / k - 0.5) * coarseStep;
        z[o++] = coarse[2 * g + 1] + ((a + 0.5) / k - 0.5) * coarseStep;
      }
    }
  });
  return { z, refined };
}

const logAddExp = (a: number, b: number) => (a === -Infinity ? b : b === -Infinity ? a : Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b))));

/**
 * log p(x) of each digit by quadrature over the latent plane, with the ELBO and their gap. `pixels`: count × 784
 * values in {0, 1}. One coarse pass for the whole batch (read once, with the ELBO), then one refined pass per digit.
 * Needs a 2-D latent. With `keepCoarse`, also returns each digit's coarse log joint (for the posterior's window).
 */
export async function vaeEvidence(tf: typeof TF, vae: Vae, pixels: Float32Array, count: number, options: QuadratureOptions = {}): Promise<Evidence & { coarse: Float32Array; coarsePoints: Float32Array }> {
  if (vae.config.latentDim !== 2) throw new Error(`log p(x) by quadrature needs a 2-D latent; this VAE's is ${vae.config.latentDim}-D`);
  const { extent, coarseStep, step, threshold } = { ...QUADRATURE_DEFAULTS, ...options };
  const x = tf.tensor2d(pixels, [count, 784]);
  try {
    const points = coarsePoints(extent, coarseStep);
    const joint = await jointOver(tf, vae, x, points, options, false);
    const [coarse, rec, kl, mu, sigma] = await readAllAndDispose([joint, ...figureTensors(tf, vae, x)]);
    const g = points.length / 2, logPx = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const own = coarse.subarray(g * i, g * (i + 1));
      const { z, refined } = refinedPoints(own, points, coarseStep, step, threshold);
      const xi = tf.tidy(() => x.slice([i, 0], [1, 784]));
      const [fine] = await readAllAndDispose([await jointOver(tf, vae, xi as TF.Tensor2D, z, options, true).finally(() => xi.dispose())]);
      // the refined cells by the fine rule, the others by the coarse one (each holds < e^−threshold of the peak)
      let rest = -Infinity;
      own.forEach((v, c) => { if (!refined[c]) rest = logAddExp(rest, v); });
      logPx[i] = logAddExp(fine[0] + 2 * Math.log(step), rest + 2 * Math.log(coarseStep));
    }
    const elbo = Float64Array.from(rec, (r, i) => r - kl[i]);
    return {
      logPx, elbo, reconstruction: Float64Array.from(rec), kl: Float64Array.from(kl), gap: Float64Array.from(logPx, (v, i) => v - elbo[i]),
      mu, sigma, coarse, coarsePoints: points,
    };
  } finally {
    x.dispose();
  }
}

/** The tensors of the ELBO's terms (E_q, KL) and q's μ, σ for the digits x. */
function figureTensors(tf: typeof TF, vae: Vae, x: TF.Tensor2D): TF.Tensor[] {
  return tf.tidy(() => {
    const bound = elboTerms(tf, vae, x);
    return [bound.reconstruction, bound.kl, bound.mu, bound.sigma];
  });
}

/**
 * One digit's figures (as vaeEvidence) and its true posterior p(z|x) on a size × size window that holds the posterior's
 * mass and q(z|x)'s 3σ box (square in z, so q's ellipses keep their shape): then one more small pass for the map.
 */
export async function digitEvidence(tf: typeof TF, vae: Vae, pixels: Float32Array, options: QuadratureOptions & { size?: number } = {}): Promise<{ evidence: Evidence; posterior: PosteriorMap }> {
  const { coarseStep, size } = { ...QUADRATURE_DEFAULTS, size: 64, ...options };
  const { coarse, coarsePoints: points, ...evidence } = await vaeEvidence(tf, vae, pixels, 1, options);
  const window = posteriorWindow(coarse, points, coarseStep, evidence.mu, evidence.sigma);
  const cell = (window.x1 - window.x0) / size, z = new Float32Array(2 * size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      z[2 * (r * size + c)] = window.x0 + (c + 0.5) * cell;
      z[2 * (r * size + c) + 1] = window.y1 - (r + 0.5) * cell;
    }
  }
  const x = tf.tensor2d(pixels, [1, 784]);
  const joint = await jointOver(tf, vae, x, z, options, false).finally(() => x.dispose());
  const [map] = await readAllAndDispose([tf.tidy(() => joint.sub(evidence.logPx[0]).exp().reshape([size * size]))]).finally(() => joint.dispose());
  return { evidence, posterior: { window, size, density: map } };
}

/**
 * A square window of the latent plane around the posterior: the coarse cells within e⁻¹² of the joint's peak, and q's
 * μ ± 3σ, padded by a fifth on each side.
 */
export function posteriorWindow(joint: Float32Array, points: Float32Array, step: number, mu: ArrayLike<number>, sigma: ArrayLike<number>): PosteriorMap['window'] {
  let peak = -Infinity;
  for (const v of joint) peak = Math.max(peak, v);
  let x0 = mu[0] - 3 * sigma[0], x1 = mu[0] + 3 * sigma[0], y0 = mu[1] - 3 * sigma[1], y1 = mu[1] + 3 * sigma[1];
  for (let g = 0; g < joint.length; g++) {
    if (joint[g] < peak - 12) continue;
    const zx = points[2 * g], zy = points[2 * g + 1];
    x0 = Math.min(x0, zx - step / 2); x1 = Math.max(x1, zx + step / 2);
    y0 = Math.min(y0, zy - step / 2); y1 = Math.max(y1, zy + step / 2);
  }
  const half = 0.7 * Math.max(x1 - x0, y1 - y0), cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  return { x0: cx - half, x1: cx + half, y0: cy - half, y1: cy + half };
}

/** The ELBO's terms per digit without sampling: E_q[log p(x|z)] by a Gauss–Hermite product rule, KL in closed form. */
function elboTerms(tf: typeof TF, vae: Vae, x: TF.Tensor2D): { reconstruction: TF.Tensor1D; kl: TF.Tensor1D; mu: TF.Tensor2D; sigma: TF.Tensor2D } {
  return tf.tidy(() => {
    const { mu, logvar } = vae.encode(x);
    const sigma = logvar.mul(0.5).exp() as TF.Tensor2D;
    const { nodes, weights } = gaussHermite(GH_NODES);
    const xi: number[] = [], w: number[] = [];
    for (let i = 0; i < GH_NODES; i++) {
      for (let j = 0; j < GH_NODES; j++) {
        xi.push(Math.SQRT2 * nodes[i], Math.SQRT2 * nodes[j]);
        w.push((weights[i] * weights[j]) / Math.PI);
      }
    }
    const k = GH_NODES * GH_NODES, b = x.shape[0];
    // every digit's k points z = μ + σ ⊙ ξ, decoded together: [b·k, 2]
    const z = mu.expandDims(1).add(sigma.expandDims(1).mul(tf.tensor2d(xi, [k, 2]).expandDims(0))).reshape([b * k, 2]) as TF.Tensor2D;
    const logits = vae.decodeLogits(z).reshape([b, k, 784]);
    const ll = x.expandDims(1).mul(logits).sum(2).sub(tf.softplus(logits).sum(2)); // [b, k]
    const reconstruction = ll.mul(tf.tensor1d(w).expandDims(0)).sum(1) as TF.Tensor1D;
    const kl = mu.square().add(logvar.exp()).sub(1).sub(logvar).sum(1).mul(0.5) as TF.Tensor1D;
    return { reconstruction, kl, mu, sigma };
  });
}
