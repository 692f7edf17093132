/** A VAE's latent space as tensor math: digits' encoded means, a drawing's posterior, a decoded z-lattice (DOM-free, one read each). */
import type * as TF from '@tensorflow/tfjs';
import type { Vae } from './vae.js';
import { tileImages } from '../data/tile-images.js';
import { readAllAndDispose, readAndDispose } from '../runtime/read.js';

/** A drawing's posterior q(z|x) = N(μ, diag σ²) (latentDim values each) and x̂, its 784 intensities decoded from μ. */
export interface DrawingPosterior { mu: Float32Array; sigma: Float32Array; recon: Float32Array }

/** The encoder's means μ(x) of `count` digits (count × 784 intensities in {0, 1}): count × latentDim values. */
export async function encodedMeans(tf: typeof TF, vae: Vae, pixels: Float32Array, count: number): Promise<Float32Array> {
  return readAndDispose(tf.tidy(() => vae.encode(tf.tensor2d(pixels, [count, 784])).mu));
}

/** The posterior of one drawn digit (784 intensities) and its reconstruction from the posterior mean. */
export async function drawingPosterior(tf: typeof TF, vae: Vae, pixels: Float32Array): Promise<DrawingPosterior> {
  const [mu, sigma, recon] = await readAllAndDispose(tf.tidy(() => {
    const q = vae.encode(tf.tensor2d(pixels, [1, 784]));
    return [q.mu, q.logvar.mul(0.5).exp(), vae.decode(q.mu)];
  }));
  return { mu, sigma, recon };
}

/**
 * A lattice of cells² latent points (row-major, cells² × latentDim values) decoded in one batched call and tiled on
 * the device: the [cells·28, cells·28] image's intensities.
 */
export async function decodeLattice(tf: typeof TF, vae: Vae, z: Float32Array, cells: number): Promise<Float32Array> {
  return readAndDispose(tf.tidy(() => tileImages(tf, vae.decode(tf.tensor2d(z, [cells * cells, vae.config.latentDim])), cells)));
}
