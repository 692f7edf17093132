/**
 * Finding the <gan-trainer> that a `generator="id"` attribute names, which may not be in the page yet or may not
 * have loaded yet: the follower listens on the document for the trainer's model-load and generator-change (they
 * bubble and are composed) and calls back whenever the element with that id has news.
 */
import type { Dcgan } from '../../models/dcgan.js';
import type { GeneratorChangeEvent, GeneratorRemoveEvent } from '../base/events.js';

/** What a <gan-trainer> offers its followers: its live generator (never disposed by them). */
export interface GeneratorSource { readonly dcgan?: Dcgan }

export type Lookup =
  | { dcgan: Dcgan }
  | { waiting: string }
  | { problem: string };

export class TrainerFollower {
  /** the id followed, if any */
  id?: string;
  /** the trainer's training step, from its last generator-change */
  step?: number;
  /** the trainer followed was removed from the page (and its generator freed) */
  removed = false;
  private readonly onEvent = (e: Event) => this.event(e);

  constructor(private readonly onNews: () => void) {}

  follow(id: string): void {
    this.unfollow();
    this.id = id;
    document.addEventListener('model-load', this.onEvent);
    document.addEventListener('generator-change', this.onEvent);
    document.addEventListener('generator-remove', this.onEvent);
  }

  unfollow(): void {
    document.removeEventListener('model-load', this.onEvent);
    document.removeEventListener('generator-change', this.onEvent);
    document.removeEventListener('generator-remove', this.onEvent);
    this.id = undefined;
    this.step = undefined;
    this.removed = false;
  }

  /** The trainer's live generator, or why there is none (yet). */
  lookup(): Lookup {
    const id = this.id ?? '';
    const source = document.getElementById(id);
    const dcgan = (source as Partial<GeneratorSource> | null)?.dcgan;
    if (dcgan && !dcgan.isDisposed) return { dcgan };
    // an element that is not a custom element will never grow a generator
    if (source && !('dcgan' in source) && !source.localName.includes('-')) {
      return { problem: `generator="${id}" names a <${source.localName}>, not a <gan-trainer>` };
    }
    if (this.removed) return { waiting: `#${id} was removed, and its generator with it: waiting for a <gan-trainer id="${id}">…` };
    return { waiting: `Waiting for the generator of #${id}…` };
  }

  private event(e: Event): void {
    if (e.type === 'generator-remove') {
      if ((e as GeneratorRemoveEvent).detail.id !== this.id) return;
      this.removed = true;
      this.onNews();
      return;
    }
    if (!this.id || !(e.target instanceof Element) || e.target.id !== this.id) return;
    this.removed = false;
    if (e.type === 'generator-change') this.step = (e as GeneratorChangeEvent).detail.step;
    this.onNews();
  }
}
