// Bundle-size budgets (`npx size-limit`, a step of `npm test`), brotli-compressed as a CDN serves them, each file apart, on dist/ after `npm run build`. Each
// element entry is measured with the chunks it imports statically (tools/dist-closure.mjs): what a page downloads
// before an element starts. TensorFlow.js and the models are dynamic imports; were one of them pulled into an
// entry's static graph, that entry would grow by hundreds of KB and fail its budget — the budgets keep tfjs lazy.
import { readdirSync } from 'node:fs';
import { closure } from './tools/dist-closure.mjs';

const withChunks = (entry) => [...closure(entry)].map((f) => `dist/${f}`);
const chunk = (pattern) => readdirSync(new URL('./dist/', import.meta.url)).filter((f) => pattern.test(f)).map((f) => `dist/${f}`);
const tfChunk = chunk(/^chunks-tf-bundle-.*\.js$/);

export default [
  { name: 'generative-elements.js (all four elements) with its static chunks', path: withChunks('generative-elements.js'), limit: '66 kB' },
  { name: 'vae-latent-grid.js with its static chunks', path: withChunks('vae-latent-grid.js'), limit: '36 kB' },
  { name: 'gan-trainer.js with its static chunks', path: withChunks('gan-trainer.js'), limit: '36 kB' },
  { name: 'gan-interpolator.js with its static chunks', path: withChunks('gan-interpolator.js'), limit: '36 kB' },
  { name: 'pixelcnn-autocomplete.js with its static chunks', path: withChunks('pixelcnn-autocomplete.js'), limit: '36 kB' },
  // the worker's own code (it imports tfjs dynamically, as the page does)
  { name: 'training-worker.js with its static chunks (loaded when a reader trains)', path: withChunks('training-worker.js'), limit: '12 kB' },
  { name: 'TensorFlow.js chunk (lazy: loaded when the first element starts)', path: tfChunk, limit: '120 kB' },
  { name: 'the Chinese catalogue (lazy: loaded when the first element under a zh lang renders)', path: chunk(/^chunks-zh-CN-.*\.js$/), limit: '10 kB' },
];
