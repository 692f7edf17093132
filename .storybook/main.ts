// Storybook for <vae-latent-grid> (web components + Vite). Stories import the element from the sources.
import type { StorybookConfig } from '@storybook/web-components-vite';
import remarkGfm from 'remark-gfm';

const WASM = '../node_modules/@tensorflow/tfjs-backend-wasm/dist';
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

const config: StorybookConfig = {
  framework: '@storybook/web-components-vite',
  stories: ['../stories/Introduction.mdx', '../stories/Introduction.zh-CN.mdx', '../stories/**/*.stories.ts', '../stories/zh-CN/*.mdx'],
  // autodocs: a Docs page per component, its table read from custom-elements.json (see preview.ts)
  // (GitHub-flavoured Markdown in the MDX pages: their tables)
  addons: [{ name: '@storybook/addon-docs', options: { mdxPluginOptions: { mdxCompileOptions: { remarkPlugins: [remarkGfm] } } } }],
  // The element finds its files next to its own module, which a Storybook bundle moves; preview.ts points it at
  // these copies instead (the weights and dataset, and only the three .wasm binaries of tfjs-backend-wasm).
  staticDirs: [
    { from: '../weights', to: '/weights' },
    ...WASM_FILES.map((f) => ({ from: `${WASM}/${f}`, to: `/tfjs-wasm/${f}` })),
  ],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // TensorFlow.js is one big lazily loaded chunk by nature: no warning for it.
  // <gan-trainer>'s training worker is an ES module worker (as in the rollup bundle).
  viteFinal: (vite) => ({ ...vite, build: { ...vite.build, chunkSizeWarningLimit: 2048 }, worker: { ...vite.worker, format: 'es' } }),
};

export default config;
