/**
 * generative-elements: drop-in custom elements for deep generative models.
 * Importing this module registers every element; TensorFlow.js loads lazily when the first one starts.
 */
export { VaeLatentGrid, type VaeTrainOptions } from './elements/vae-latent-grid/vae-latent-grid.js';
export { GanTrainer, type GanTrainOptions } from './elements/gan-trainer/gan-trainer.js';
export { GanInterpolator, type GeneratorSource } from './elements/gan-interpolator/gan-interpolator.js';
export { PixelCnnAutocomplete, type PixelCnnTrainOptions } from './elements/pixelcnn-autocomplete/pixelcnn-autocomplete.js';
export { configure, memory, type RuntimeOptions } from './runtime/runtime.js';
export type { BackendName, BackendPreference } from './runtime/backend.js';
export * from './elements/base/events.js';
export * as latent from './latent/index.js';
