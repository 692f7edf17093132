import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/index.js';
import { commonArgTypes, eventListeners } from './support.js';

/** The element's attributes, as Storybook args (the keys are the attribute names). */
interface GanTrainerArgs {
  dataset: string;
  'tile-size': number;
  'batch-size': number;
  'lr-g': number;
  'lr-d': number;
  'd-steps': number;
  loss: 'non-saturating' | 'minimax';
  'z-dim': number;
  init: 'pretrained' | 'scratch';
  'checkpoint-every': number;
  'training-thread': 'worker' | 'main';
  src: string;
  loading: 'lazy' | 'eager';
  backend: 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
  seed: number;
  alt: string;
  [handler: `on${string}`]: unknown;
}

const EVENTS = ['model-load', 'model-progress', 'model-error', 'train-step', 'train-end', 'generator-change'] as const;

function trainer(args: Partial<GanTrainerArgs>) {
  const on = eventListeners(args, EVENTS);
  return html`<gan-trainer
    dataset=${args.dataset || nothing}
    tile-size=${ifDefined(args['tile-size'])}
    batch-size=${ifDefined(args['batch-size'])}
    lr-g=${ifDefined(args['lr-g'])}
    lr-d=${ifDefined(args['lr-d'])}
    d-steps=${ifDefined(args['d-steps'])}
    loss=${ifDefined(args.loss)}
    z-dim=${ifDefined(args['z-dim'])}
    init=${ifDefined(args.init)}
    checkpoint-every=${ifDefined(args['checkpoint-every'])}
    training-thread=${ifDefined(args['training-thread'])}
    src=${args.src || nothing}
    loading=${ifDefined(args.loading)}
    backend=${ifDefined(args.backend)}
    seed=${ifDefined(args.seed)}
    alt=${args.alt || nothing}
    @model-load=${on['model-load']}
    @model-progress=${on['model-progress']}
    @model-error=${on['model-error']}
    @train-step=${on['train-step']}
    @train-end=${on['train-end']}
    @generator-change=${on['generator-change']}
  ></gan-trainer>`;
}

const meta: Meta<GanTrainerArgs> = {
  title: 'Elements/gan-trainer',
  component: 'gan-trainer',
  tags: ['autodocs'],
  render: (args) => trainer(args),
  args: {
    dataset: 'mnist', 'tile-size': 28, 'batch-size': 64, 'lr-g': 0.0002, 'lr-d': 0.0002, 'd-steps': 1,
    loss: 'non-saturating', 'z-dim': 64, init: 'pretrained', 'checkpoint-every': 200, 'training-thread': 'worker', src: '', loading: 'eager',
    backend: 'auto', seed: 0, alt: '',
  },
  argTypes: {
    dataset: { control: 'text', description: "'mnist' (the shipped 9,000 training digits) or the URL of an image sprite; or drop images onto the element" },
    'tile-size': { control: { type: 'number', min: 4, max: 512, step: 1 }, description: 'side of one image in the sprite, in pixels' },
    'batch-size': { control: { type: 'number', min: 1, max: 512, step: 1 }, description: 'images per batch' },
    'lr-g': { control: { type: 'number', min: 0.000001, max: 0.1, step: 0.0001 }, description: 'Adam learning rate of the generator' },
    'lr-d': { control: { type: 'number', min: 0.000001, max: 0.1, step: 0.0001 }, description: 'Adam learning rate of the discriminator' },
    'd-steps': { control: { type: 'number', min: 1, max: 10, step: 1 }, description: 'k: discriminator steps per generator step' },
    loss: { control: 'inline-radio', options: ['non-saturating', 'minimax'], description: 'generator loss: −log D(G(z)) or log(1 − D(G(z)))' },
    'z-dim': { control: { type: 'number', min: 2, max: 256, step: 1 }, description: 'size of z when starting from scratch' },
    init: { control: 'inline-radio', options: ['pretrained', 'scratch'], description: 'start from the shipped weights (or src) or from scratch' },
    'checkpoint-every': { control: { type: 'number', min: 0, step: 50 }, description: 'IndexedDB checkpoint every this many steps (0: never)' },
    'training-thread': { control: 'inline-radio', options: ['worker', 'main'], description: 'worker: train in a Web Worker, the page stays responsive; main: on the page\'s own thread' },
    src: { control: 'text', description: 'URL of a model.json (empty: the shipped pretrained DCGAN)' },
    loading: commonArgTypes.loading,
    backend: commonArgTypes.backend,
    seed: { control: { type: 'number', min: 0, step: 1 }, description: 'fixes the fresh weights, the fixed z of the sample grid and the batches' },
    alt: { control: 'text', description: 'accessible label of the sample grid' },
  },
};
export default meta;

type Story = StoryObj<GanTrainerArgs>;

/** The shipped pretrained DCGAN: press Play to keep training it and watch the losses, D(x) and D(G(z)). */
export const Default: Story = {};

/** A fresh DCGAN: press Play and watch digits emerge from noise (fast on a real GPU). */
export const FromScratch: Story = { name: 'From scratch', args: { init: 'scratch' } };

/** The lecture's original minimax generator loss, with k = 2: from scratch it stalls early, as the lecture warns. */
export const Minimax: Story = { name: 'Minimax loss, k = 2', args: { init: 'scratch', loss: 'minimax', 'd-steps': 2 } };

/** `src` points to a file that does not exist: a readable message in the status line, and model-error. */
export const BadSrc: Story = { name: 'Bad src', tags: ['expect-404'], args: { src: './weights/does-not-exist/model.json' } };
