import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/index.js';
import { commonArgTypes, eventListeners } from './support.js';
import '../src/elements/gan-interpolator/gan-interpolator.js';
import { DEFAULT_FROM_SEED, DEFAULT_TO_SEED } from '../src/elements/gan-interpolator/settings.js';

/** The element's attributes, as Storybook args (the keys are the attribute names). */
interface GanInterpolatorArgs {
  steps: number;
  method: 'slerp' | 'lerp';
  'from-seed': number;
  'to-seed': number;
  animate: boolean;
  generator: string;
  t: number;
  src: string;
  loading: 'lazy' | 'eager';
  backend: 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
  seed: number;
  alt: string;
  /** event handlers: Storybook turns the manifest's events into actions (onModelLoad, onEndpointsChange, …) */
  [handler: `on${string}`]: unknown;
}

/** Read-only properties: in the docs table, without controls. */
interface ReadOnlyProperties { backendName?: string; loaded?: boolean; training?: boolean; zDim?: number; endpoints?: unknown; groups?: unknown }

const EVENTS = ['model-load', 'model-progress', 'model-error', 'endpoints-change'] as const;



/** The element with every attribute bound to its arg (an empty text arg leaves its attribute out). */
function interpolator(args: Partial<GanInterpolatorArgs>, className?: string) {
  const on = eventListeners(args, EVENTS);
  return html`<gan-interpolator
    class=${className || nothing}
    steps=${ifDefined(args.steps)}
    method=${ifDefined(args.method)}
    from-seed=${ifDefined(args['from-seed'])}
    to-seed=${ifDefined(args['to-seed'])}
    ?animate=${args.animate}
    generator=${args.generator || nothing}
    t=${ifDefined(args.t)}
    src=${args.src || nothing}
    loading=${ifDefined(args.loading)}
    backend=${ifDefined(args.backend)}
    seed=${ifDefined(args.seed)}
    alt=${args.alt || nothing}
    @model-load=${on['model-load']}
    @model-progress=${on['model-progress']}
    @model-error=${on['model-error']}
    @endpoints-change=${on['endpoints-change']}
  ></gan-interpolator>`;
}

const render = (args: Partial<GanInterpolatorArgs>) => interpolator(args);

const meta: Meta<GanInterpolatorArgs & ReadOnlyProperties> = {
  title: 'Elements/gan-interpolator',
  component: 'gan-interpolator',
  tags: ['autodocs'],
  render,
  args: {
    steps: 8,
    method: 'slerp',
    'from-seed': DEFAULT_FROM_SEED,
    'to-seed': DEFAULT_TO_SEED,
    animate: false,
    generator: '',
    t: 0.5,
    src: '',
    loading: 'eager',
    backend: 'auto',
    seed: 0,
    alt: '',
  },
  argTypes: {
    steps: { control: { type: 'number', min: 2, max: 64, step: 1 }, description: 'images in the strip, 2–64' },
    method: { control: 'inline-radio', options: ['slerp', 'lerp'],
      description: 'slerp: along the sphere where Gaussian latents live; lerp: a straight line (through the low-density centre)' },
    'from-seed': { control: { type: 'number', min: 0, step: 1 }, description: 'z_a is the standard normal vector drawn from this seed' },
    'to-seed': { control: { type: 'number', min: 0, step: 1 }, description: 'z_b is the standard normal vector drawn from this seed' },
    animate: { control: 'boolean', description: 'walk back and forth along the path, then on to a new z_b (off under reduced motion); the property is `animated`' },
    generator: { control: 'text', description: 'id of a <gan-trainer> whose live generator to show instead of src' },
    t: { control: { type: 'range', min: 0, max: 1, step: 0.01 }, description: 'the point of the path shown large, in [0, 1]' },
    src: { control: 'text', description: 'URL of a model.json (empty: the shipped DCGAN)' },
    loading: commonArgTypes.loading,
    backend: commonArgTypes.backend,
    seed: { control: { type: 'number', min: 0, step: 1 }, description: 'seeds the candidate samples: same seed, same pictures' },
    alt: { control: 'text', description: 'accessible label of the strip' },
    // read-only properties: documented, not controls
    backendName: { control: false },
    loaded: { control: false },
    training: { control: false },
    zDim: { control: false },
    endpoints: { control: false },
    groups: { control: false },
  },
};
export default meta;

type Story = StoryObj<GanInterpolatorArgs & ReadOnlyProperties>;

/** Eight samples along the great circle from the z of seed 1 to the z of seed 2. */
export const Default: Story = {};

/** The straight line: its middle passes close to the origin, where a Gaussian prior has little mass. */
export const Lerp: Story = {
  name: 'Linear path (lerp)',
  args: { method: 'lerp' },
};

/** A long strip: 24 samples in one batched generator call. */
export const LongStrip: Story = {
  name: 'Long strip (24)',
  args: { steps: 24, 'from-seed': 11, 'to-seed': 42 },
};

/** Walks on its own, back and forth, then on to the z of the next seed (it stays still under reduced motion). */
export const Walk: Story = {
  args: { animate: true },
};

/** The DCGAN paper's vector arithmetic, called from script: mean(a) − mean(b) + mean(c) of candidate z. */
export const Arithmetic: Story = {
  name: 'Vector arithmetic from script',
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('gan-interpolator');
    if (!el) return;
    if (!el.loaded) await new Promise((resolve) => el.addEventListener('model-load', resolve, { once: true }));
    const z = el.candidateLatents();
    await el.arithmetic([z[0], z[1]], [z[2], z[3]], [z[4], z[5]]);
  },
};

/**
 * `generator` names a `<gan-trainer>` on the page: the strip shows its live generator and is redrawn whenever the
 * trainer's weights change (press Play or Step on the trainer).
 */
export const FollowingATrainer: Story = {
  name: 'Following a <gan-trainer>',
  args: { generator: 'story-trainer', steps: 6 },
  render: (args) => html`
    <gan-trainer id="story-trainer" loading="eager" checkpoint-every="0" style="margin-bottom: 16px"></gan-trainer>
    ${interpolator(args)}
  `,
};

/**
 * `src` points to a file that does not exist: the element shows a readable message in its status line
 * (`::part(status)`) and fires `model-error`; nothing is thrown. (The browser logs the 404.)
 */
export const BadSrc: Story = {
  name: 'Bad src',
  // tests/stories/stories-smoke.mjs: this story must show the 404, and may log it
  tags: ['expect-404'],
  args: { src: './weights/does-not-exist/model.json' },
};

/** Colours through the CSS custom properties, and the status line through `::part(status)`. */
export const Themed: Story = {
  render: (args) => html`
    <style>
      gan-interpolator.themed {
        --ge-ink: #f5d76e;
        --ge-paper: #14213d;
        --ge-accent: #fca311; --ge-on-accent: #14213d;
        --ge-text: #e5e5e5;
        --ge-rule: #33415c;
        --ge-muted: #9aa5b8;
        background: #0b132b;
        padding: 12px;
        border-radius: 8px;
      }
      gan-interpolator.themed::part(status) {
        color: #fca311;
        font-style: italic;
      }
    </style>
    ${interpolator(args, 'themed')}
  `,
};
