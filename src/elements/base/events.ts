/** The typed events every generative element fires (bubbling and composed, so a page can listen anywhere). */

export interface ModelLoadDetail { backend: string; url: string }
export interface ModelProgressDetail { fraction: number }
export interface ModelErrorDetail { message: string; cause?: unknown }
export interface TrainStepDetail { step: number; losses: Record<string, number> }
export interface TrainEndDetail { step: number; reason: 'done' | 'stopped' | 'error' }
export interface LatentSelectDetail { z: number[]; row: number; column: number }
export interface GeneratorChangeDetail { step: number }

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
export class LatentSelectEvent extends GenerativeEvent<LatentSelectDetail> {
  constructor(detail: LatentSelectDetail) { super('latent-select', detail); }
}

/** A live generator's weights changed (loaded, reset, or trained further): followers should redraw. */
export class GeneratorChangeEvent extends GenerativeEvent<GeneratorChangeDetail> {
  constructor(detail: GeneratorChangeDetail) { super('generator-change', detail); }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'model-load': ModelLoadEvent;
    'model-progress': ModelProgressEvent;
    'model-error': ModelErrorEvent;
    'train-step': TrainStepEvent;
    'train-end': TrainEndEvent;
    'latent-select': LatentSelectEvent;
    'generator-change': GeneratorChangeEvent;
  }
}
