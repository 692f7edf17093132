import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/index.js';
import { commonArgTypes, eventListeners } from './support.js';

/** The element's attributes, as Storybook args (the keys are the attribute names). */
interface VaeLatentGridArgs {
  grid: number;
  spacing: 'quantile' | 'linear';
  extent: number;
  dims: string;
  'show-encodings': boolean;
  src: string;
  loading: 'lazy' | 'eager';
  backend: 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
  'training-thread': 'worker' | 'main';
  beta: number;
  model: 'vae' | 'autoencoder';
  compare: boolean;
  seed: number;
  alt: string;
  /** event handlers: Storybook turns the manifest's events into actions (onModelLoad, onLatentSelect, …) */
  [handler: `on${string}`]: unknown;
}

/** Read-only properties: in the docs table, without controls. */
interface ReadOnlyProperties { backendName?: string; loaded?: boolean; training?: boolean; shownDims?: [number, number] }

const EVENTS = ['model-load', 'model-progress', 'model-error', 'train-step', 'train-end', 'latent-select'] as const;



/** The element with every attribute bound to its arg (an empty text arg leaves its attribute out). */
function grid(args: Partial<VaeLatentGridArgs>, className?: string) {
  const on = eventListeners(args, EVENTS);
  return html`<vae-latent-grid
    class=${className || nothing}
    grid=${ifDefined(args.grid)}
    spacing=${ifDefined(args.spacing)}
    extent=${ifDefined(args.extent)}
    dims=${args.dims || nothing}
    ?show-encodings=${args['show-encodings']}
    src=${args.src || nothing}
    loading=${ifDefined(args.loading)}
    backend=${ifDefined(args.backend)}
    training-thread=${ifDefined(args['training-thread'])}
    beta=${ifDefined(args.beta)}
    model=${ifDefined(args.model)}
    ?compare=${args.compare}
    seed=${ifDefined(args.seed)}
    alt=${args.alt || nothing}
    @model-load=${on['model-load']}
    @model-progress=${on['model-progress']}
    @model-error=${on['model-error']}
    @train-step=${on['train-step']}
    @train-end=${on['train-end']}
    @latent-select=${on['latent-select']}
  ></vae-latent-grid>`;
}

const render = (args: Partial<VaeLatentGridArgs>) => grid(args);

const meta: Meta<VaeLatentGridArgs & ReadOnlyProperties> = {
  title: 'Elements/vae-latent-grid',
  component: 'vae-latent-grid',
  tags: ['autodocs'],
  render,
  args: {
    grid: 15,
    spacing: 'quantile',
    extent: 2,
    dims: '0,1',
    'show-encodings': false,
    src: '',
    loading: 'eager',
    backend: 'auto',
    'training-thread': 'worker',
    beta: 1,
    model: 'vae',
    compare: false,
    seed: 0,
    alt: 'Digits decoded from a 15 × 15 grid of points in the VAE latent space',
  },
  argTypes: {
    grid: { control: { type: 'number', min: 2, max: 40, step: 1 }, description: 'cells per side, 2–40' },
    spacing: { control: 'inline-radio', options: ['quantile', 'linear'],
      description: "quantile: the lecture's lattice through the inverse normal CDF; linear: even steps in z" },
    extent: { control: { type: 'range', min: 0.1, max: 5, step: 0.1 }, description: 'the grid spans z from −extent to +extent (0.1–5)' },
    dims: { control: 'text', description: 'the two latent dims shown when z has more than two, e.g. "0,1"' },
    'show-encodings': { control: 'boolean', description: 'overlay the 1,000 held-out digits at their encoded means, coloured by label' },
    src: { control: 'text', description: 'URL of a model.json (empty: the shipped pretrained VAE)' },
    loading: commonArgTypes.loading,
    backend: commonArgTypes.backend,
    'training-thread': commonArgTypes['training-thread'],
    beta: { control: { type: 'number', min: 0, max: 10, step: 0.1 }, description: "the KL term's weight when training in the page (0–10; 1: the ELBO, above 1: a β-VAE)" },
    model: { control: 'inline-radio', options: ['vae', 'autoencoder'], description: 'vae: the shipped VAE; autoencoder: a plain autoencoder of the same shape (no p(z), codes with gaps)' },
    compare: { control: 'boolean', description: "the other model's grid beside this one, on the same lattice" },
    seed: { control: { type: 'number', min: 0, step: 1 }, description: 'same seed, same pictures' },
    alt: { control: 'text', description: 'accessible label of the canvas' },
    // read-only properties: documented, not controls
    backendName: { control: false },
    loaded: { control: false },
    training: { control: false },
    shownDims: { control: false },
  },
};
export default meta;

type Story = StoryObj<VaeLatentGridArgs & ReadOnlyProperties>;

/** The lecture's figure: a 15 × 15 unit-square lattice mapped through the inverse normal CDF. */
export const Default: Story = {};

/** Even steps in z from −extent to +extent, instead of quantiles of the prior. */
export const LinearSpacing: Story = {
  name: 'Linear spacing',
  args: { spacing: 'linear', extent: 2.5 },
};

/** The 1,000 held-out test digits at their encoded means, coloured by label. */
export const WithEncodings: Story = {
  name: 'With test-digit encodings',
  args: { 'show-encodings': true },
};

/** 30 × 30 = 900 decoded digits in one batched call. */
export const LargeGrid: Story = {
  name: 'Large grid (30)',
  args: { grid: 30, alt: 'Digits decoded from a 30 × 30 grid of points in the VAE latent space' },
};

/**
 * β-VAE: the same VAE trained from scratch for the same steps with β = 0.1, 1 and 4 (the KL term's weight). Small β
 * reconstructs sharply but scatters the codes (holes between the clusters); large β packs the codes against the
 * prior and blurs the digits. Press "Train all three" and watch the grids and the test-digit overlay part ways.
 */
export const BetaSideBySide: Story = {
  name: 'β = 0.1, 1, 4 side by side',
  render: (args) => {
    const steps = 1500;
    const trainAll = (e: Event) => {
      const root = (e.target as HTMLElement).closest('.beta-row')!;
      for (const el of root.querySelectorAll('vae-latent-grid')) void el.train({ from: 'scratch', steps });
    };
    return html`<div class="beta-row">
      <p><button @click=${trainAll}>Train all three from scratch (${steps} steps each)</button></p>
      <div style="display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 12px;">
        ${[0.1, 1, 4].map((beta) => grid({ ...args, beta, grid: 10, 'show-encodings': true, alt: `VAE trained with β = ${beta}` }))}
      </div></div>`;
  },
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
      vae-latent-grid.themed {
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
      vae-latent-grid.themed::part(status) {
        color: #fca311;
        font-style: italic;
        letter-spacing: 0.02em;
      }
    </style>
    ${grid(args, 'themed')}
  `,
};
