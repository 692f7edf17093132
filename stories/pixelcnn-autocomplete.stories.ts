import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/index.js';
import { commonArgTypes, eventListeners } from './support.js';

/** The element's attributes, as Storybook args (the keys are the attribute names). */
interface PixelCnnAutocompleteArgs {
  model: 'pixelcnn' | 'pixelrnn';
  compare: boolean;
  mask: 'bottom' | 'right' | 'random' | 'none';
  input: 'digit' | 'draw';
  digit: number;
  samples: number;
  temperature: number;
  sampler: 'cached' | 'naive';
  speed: number;
  instant: boolean;
  autostart: boolean;
  src: string;
  loading: 'lazy' | 'eager';
  backend: 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
  'training-thread': 'worker' | 'main';
  seed: number;
  alt: string;
  [handler: `on${string}`]: unknown;
}

/** Read-only properties: in the docs table, without controls. */
interface ReadOnlyProperties { backendName?: string; loaded?: boolean; training?: boolean; inputNll?: number; knownPixels?: Uint8Array; inputPixels?: Float32Array }

const EVENTS = ['model-load', 'model-progress', 'model-error', 'completion-step', 'completion-end', 'train-step', 'train-end'] as const;

/** The element with every attribute bound to its arg (an empty text arg leaves its attribute out). */
function autocomplete(args: Partial<PixelCnnAutocompleteArgs>, className?: string) {
  const on = eventListeners(args, EVENTS);
  return html`<pixelcnn-autocomplete
    class=${className || nothing}
    model=${ifDefined(args.model)}
    ?compare=${args.compare}
    mask=${ifDefined(args.mask)}
    input=${ifDefined(args.input)}
    digit=${ifDefined(args.digit)}
    samples=${ifDefined(args.samples)}
    temperature=${ifDefined(args.temperature)}
    sampler=${ifDefined(args.sampler)}
    speed=${ifDefined(args.speed)}
    ?instant=${args.instant}
    ?autostart=${args.autostart}
    src=${args.src || nothing}
    loading=${ifDefined(args.loading)}
    backend=${ifDefined(args.backend)}
    training-thread=${ifDefined(args['training-thread'])}
    seed=${ifDefined(args.seed)}
    alt=${args.alt || nothing}
    @model-load=${on['model-load']}
    @model-progress=${on['model-progress']}
    @model-error=${on['model-error']}
    @completion-step=${on['completion-step']}
    @completion-end=${on['completion-end']}
    @train-step=${on['train-step']}
    @train-end=${on['train-end']}
  ></pixelcnn-autocomplete>`;
}

const meta: Meta<PixelCnnAutocompleteArgs & ReadOnlyProperties> = {
  title: 'Elements/pixelcnn-autocomplete',
  component: 'pixelcnn-autocomplete',
  tags: ['autodocs'],
  render: (args) => autocomplete(args),
  args: {
    model: 'pixelcnn',
    compare: false,
    mask: 'bottom',
    input: 'digit',
    digit: 0,
    samples: 4,
    temperature: 1,
    sampler: 'cached',
    speed: 300,
    instant: false,
    autostart: false,
    src: '',
    loading: 'eager',
    backend: 'auto',
    'training-thread': 'worker',
    seed: 0,
    alt: '',
  },
  argTypes: {
    model: { control: 'inline-radio', options: ['pixelcnn', 'pixelrnn'], description: "which model: the shipped PixelCNN or the shipped PixelRNN (Row LSTM), and what Train builds from scratch (a src loads whichever kind its file holds)" },
    compare: { control: 'boolean', description: 'both models side by side: the other one completes the same hidden part (time, passes, NLL), and "Race: train both" trains a small PixelCNN and a small PixelRNN on the same batches' },
    mask: { control: 'inline-radio', options: ['bottom', 'right', 'random', 'none'], description: 'which part is hidden: bottom | right | random | none' },
    input: { control: 'inline-radio', options: ['digit', 'draw'], description: "what is completed: a held-out test digit, or the reader's drawing" },
    digit: { control: { type: 'number', min: 0, max: 999, step: 1 }, description: 'index of the held-out digit (0–999)' },
    samples: { control: { type: 'number', min: 1, max: 16, step: 1 }, description: 'completions side by side, 1–16' },
    temperature: { control: { type: 'range', min: 0, max: 2, step: 0.05 }, description: 'divides the logits before sampling (0–3); 0 takes the most likely value' },
    sampler: { control: 'inline-radio', options: ['cached', 'naive'], description: 'cached (fast) or naive (recompute the whole image for every pixel)' },
    speed: { control: { type: 'number', min: 10, max: 100000, step: 10 }, description: 'pixels revealed per second (10–100000)' },
    instant: { control: 'boolean', description: 'show each row as soon as it is sampled, without the pixel-by-pixel animation' },
    autostart: { control: 'boolean', description: 'complete as soon as the model is loaded' },
    src: { control: 'text', description: 'URL of a model.json (empty: the shipped pretrained PixelCNN)' },
    loading: commonArgTypes.loading,
    backend: commonArgTypes.backend,
    'training-thread': commonArgTypes['training-thread'],
    seed: { control: { type: 'number', min: 0, step: 1 }, description: 'same seed, same pictures' },
    alt: { control: 'text', description: 'accessible label of the input image' },
    backendName: { control: false },
    loaded: { control: false },
    training: { control: false },
    inputNll: { control: false },
    knownPixels: { control: false },
    inputPixels: { control: false },
  },
};
export default meta;

type Story = StoryObj<PixelCnnAutocompleteArgs & ReadOnlyProperties>;

/** A held-out digit with its lower half hidden; press Complete to watch four completions appear pixel by pixel. */
export const Default: Story = {};

/** Starts at once: the completion animates in raster order while the reader watches. */
export const Autostart: Story = { args: { autostart: true, samples: 3, digit: 7 } };

/** Draw the top half yourself: the model completes it, and scores your drawing in nats. */
export const Draw: Story = { args: { input: 'draw' } };

/** The right half hidden: the model sees only the left half of each row it has reached. */
export const RightHalf: Story = { name: 'Right half hidden', args: { mask: 'right', digit: 12 } };

/** Half the pixels hidden at random: a PixelCNN can only use the given pixels above and to the left of each one. */
export const RandomPixels: Story = { name: 'Random pixels hidden', args: { mask: 'random', digit: 5 } };

/** Temperature 0: every completion takes the most likely pixel, so all are the same. */
export const Greedy: Story = { name: 'Temperature 0', args: { temperature: 0, samples: 2, autostart: true, instant: true } };

/** The naive sampler recomputes the whole image for every pixel: the slowness the lecture warns about. */
/** The lecture's other fully visible belief network: a PixelRNN (Row LSTM) completes the digit, carrying its LSTM state row to row. */
export const PixelRnn: Story = { name: 'PixelRNN (Row LSTM)', args: { model: 'pixelrnn', samples: 3, digit: 7 } };

/** Both models side by side on the same hidden half, each with its time, passes and NLL; "Race: train both" measures which trains faster. */
export const Compare: Story = { name: 'Compare PixelCNN and PixelRNN', args: { compare: true, samples: 2, digit: 7 } };

export const Naive: Story = { name: 'Naive sampler', args: { sampler: 'naive', samples: 1 } };

/**
 * `src` points to a file that does not exist: the element shows a readable message in its status line
 * (`::part(status)`) and fires `model-error`; nothing is thrown. (The browser logs the 404.)
 */
export const BadSrc: Story = { name: 'Bad src', tags: ['expect-404'], args: { src: './weights/does-not-exist/model.json' } };

/** Colours through the CSS custom properties: given pixels in ink, the model's pixels in the accent. */
export const Themed: Story = {
  render: (args) => html`
    <style>
      pixelcnn-autocomplete.themed {
        --ge-ink: #f5d76e; --ge-paper: #14213d; --ge-accent: #fca311; --ge-on-accent: #14213d; --ge-text: #e5e5e5; --ge-rule: #33415c; --ge-muted: #9aa5b8;
        background: #0b132b; padding: 12px; border-radius: 8px;
      }
    </style>
    ${autocomplete(args, 'themed')}
  `,
};
