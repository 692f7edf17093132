/** The typed events every generative element fires (bubbling and composed, so a page can listen anywhere). */

export interface ModelLoadDetail { backend: string; url: string }
export interface ModelProgressDetail { fraction: number }
export interface ModelErrorDetail { message: string; cause?: unknown }
export interface TrainStepDetail { step: number; losses: Record<string, number> }
export interface TrainEndDetail { step: number; reason: 'done' | 'stopped' | 'error' }
export interface LatentSelectDetail { z: number[]; row: number; column: number }
export interface BackendLostDetail {
  /** the backend that died */
  lost: string;
  /** e.g. "device lost (…)" or "context lost" */
  reason: string;
}
export interface GeneratorChangeDetail { step: number }
export interface GeneratorRemoveDetail {
  /** the id of the removed <gan-trainer> */
  id: string;
}
export interface EndpointsChangeDetail { from: number[]; to: number[]; cause: 'pick' | 'walk' }
export interface PadChangeDetail {
  /** 784 intensities in [0, 1], row by row */
  pixels: Float32Array;
}
/** What `<gan-interpolator arithmetic="…">` measured: each group's mean attribute and the result's, with its class. */
export interface ArithmeticPresetDetail {
  attribute: 'thickness' | 'slant';
  A: number;
  B: number;
  C: number;
  result: number;
  resultDigit: number;
  resultConfidence: number;
  source: number;
  target: number;
}
export interface CompletionStepDetail {
  /** the row just sampled (0–27); rows are read back from the device once each */
  row: number;
  /** samples × 28 pixel values of that row in {0, 1}, sample-major */
  pixels: Float32Array;
  /** samples × 28: the model's p(x_i = 1 | x_<i) for each sampled pixel (NaN where the pixel was given) */
  probabilities: Float32Array;
  /** pixels sampled so far, per completion */
  sampled: number;
}
export interface CompletionEndDetail {
  /** one 784-value image in {0, 1} per completion (partial when stopped) */
  images: Float32Array[];
  /** −log p(x) of each finished completion in nats (empty when stopped) */
  nll: number[];
  reason: 'done' | 'stopped' | 'error';
  sampler: 'cached' | 'naive';
  /** milliseconds from the start of sampling to the last row sampled */
  ms: number;
  /** network passes run */
  passes: number;
}

class GenerativeEvent<T> extends CustomEvent<T> {
  constructor(type: string, detail: T) {
    super(type, { detail, bubbles: true, composed: true });
  }
}

export class ModelLoadEvent extends GenerativeEvent<ModelLoadDetail> {
  constructor(detail: ModelLoadDetail) { super('model-load', detail); }
}
export class ModelProgressEvent extends GenerativeEvent<ModelProgressDetail> {
  constructor(detail: ModelProgressDetail) { super('model-progress', detail); }
}
export class ModelErrorEvent extends GenerativeEvent<ModelErrorDetail> {
  constructor(detail: ModelErrorDetail) { super('model-error', detail); }
}
export class TrainStepEvent extends GenerativeEvent<TrainStepDetail> {
  constructor(detail: TrainStepDetail) { super('train-step', detail); }
}
export class TrainEndEvent extends GenerativeEvent<TrainEndDetail> {
  constructor(detail: TrainEndDetail) { super('train-end', detail); }
}
/**
 * The page's GPU backend was lost (WebGPU device lost, WebGL context lost): the element lets go of everything on it
 * and starts again on the next backend; model-load follows when it is back.
 */
export class BackendLostEvent extends GenerativeEvent<BackendLostDetail> {
  constructor(detail: BackendLostDetail) { super('backend-lost', detail); }
}
export class LatentSelectEvent extends GenerativeEvent<LatentSelectDetail> {
  constructor(detail: LatentSelectDetail) { super('latent-select', detail); }
}

/** A live generator's weights changed (loaded, reset, or trained further): followers should redraw. */
export class GeneratorChangeEvent extends GenerativeEvent<GeneratorChangeDetail> {
  constructor(detail: GeneratorChangeDetail) { super('generator-change', detail); }
}

/**
 * A <gan-trainer> with an id was removed, and its generator with it. Fired on the document (the element is no longer
 * in it), not bubbling: followers (`<gan-interpolator generator="id">`) listen there.
 */
export class GeneratorRemoveEvent extends CustomEvent<GeneratorRemoveDetail> {
  constructor(detail: GeneratorRemoveDetail) { super('generator-remove', { detail }); }
}

/** z_a or z_b of a <gan-interpolator> changed by the element itself (a picked sample, or the animated walk). */
export class EndpointsChangeEvent extends GenerativeEvent<EndpointsChangeDetail> {
  constructor(detail: EndpointsChangeDetail) { super('endpoints-change', detail); }
}

/** A stroke on a drawing pad ended: the pad's pixels. */
export class PadChangeEvent extends GenerativeEvent<PadChangeDetail> {
  constructor(pixels: Float32Array) { super('pad-change', { pixels }); }
}

/** A drawing pad was cleared. */
export class PadClearEvent extends GenerativeEvent<Record<string, never>> {
  constructor() { super('pad-clear', {}); }
}

/** <gan-interpolator arithmetic="…"> filled its groups and measured the result. */
export class ArithmeticPresetEvent extends GenerativeEvent<ArithmeticPresetDetail> {
  constructor(detail: ArithmeticPresetDetail) { super('arithmetic-preset', detail); }
}

export class CompletionStepEvent extends GenerativeEvent<CompletionStepDetail> {
  constructor(detail: CompletionStepDetail) { super('completion-step', detail); }
}
export class CompletionEndEvent extends GenerativeEvent<CompletionEndDetail> {
  constructor(detail: CompletionEndDetail) { super('completion-end', detail); }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'model-load': ModelLoadEvent;
    'model-progress': ModelProgressEvent;
    'model-error': ModelErrorEvent;
    'train-step': TrainStepEvent;
    'train-end': TrainEndEvent;
    'latent-select': LatentSelectEvent;
    'backend-lost': BackendLostEvent;
    'generator-change': GeneratorChangeEvent;
    'completion-step': CompletionStepEvent;
    'completion-end': CompletionEndEvent;
    'arithmetic-preset': ArithmeticPresetEvent;
    'generator-remove': GeneratorRemoveEvent;
    'endpoints-change': EndpointsChangeEvent;
    'pad-change': PadChangeEvent;
    'pad-clear': PadClearEvent;
  }
}
