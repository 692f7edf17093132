/** The attributes of <pixelcnn-autocomplete>, with what each does (the element's public settings; the element is in pixelcnn-autocomplete.ts). */
import type { PropertyDeclarations } from 'lit';
import type { PixelArchitecture, PixelModel } from '../../models/pixel-models.js';
import type { SamplerKind } from '../../models/pixelcnn-sampler.js';
import type { HiddenRegion } from '../../data/partial.js';
import { GenerativeElement } from '../base/generative-element.js';
import type { TrainingThread } from '../base/training-controller.js';

export abstract class AutocompleteAttributes extends GenerativeElement<PixelModel> {
  static override properties: PropertyDeclarations = {
    architecture: { type: String, attribute: 'model', reflect: true },
    mask: { type: String, reflect: true },
    input: { type: String, reflect: true },
    digit: { type: Number },
    samples: { type: Number },
    temperature: { type: Number },
    sampler: { type: String },
    speed: { type: Number },
    instant: { type: Boolean },
    autostart: { type: Boolean },
    compare: { type: Boolean, reflect: true },
    trainingThread: { type: String, attribute: 'training-thread' },
  };
  /**
   * which model (attribute `model`): 'pixelcnn' (default) or 'pixelrnn' — the shipped weights loaded without a
   * `src`, and what Train builds from scratch (a `src` loads whichever kind its file holds)
   */
  architecture: PixelArchitecture = 'pixelcnn';
  /** which part is hidden: bottom | right | random | none */
  mask: HiddenRegion = 'bottom';
  /** what is completed: a held-out test digit, or the reader's drawing */
  input: 'digit' | 'draw' = 'digit';
  /** index of the held-out digit (0–999) */
  digit = 0;
  /** completions side by side, 1–16 */
  samples = 4;
  /** divides the logits before sampling (0–3); 0 takes the most likely value */
  temperature = 1;
  /** cached (fast) or naive (recompute the whole image for every pixel) */
  sampler: SamplerKind = 'cached';
  /** pixels revealed per second (10–100000) */
  speed = 300;
  /** show each row as soon as it is sampled, without the pixel-by-pixel animation */
  instant = false;
  /** complete as soon as the model is loaded */
  autostart = false;
  /**
   * the lecture's two models side by side: the other architecture's shipped weights complete the same hidden part
   * (each with its time, passes and NLL), and "Race" trains a small PixelCNN and a small PixelRNN on the same batches
   */
  compare = false;

  /**
   * where Train runs: 'worker' (default) keeps the page responsive while it trains; 'main' trains on the page's own
   * thread (also the fallback where no worker starts)
   */
  trainingThread: TrainingThread = 'worker';
}
