/**
 * Finding the <gan-trainer> that a `generator="id"` attribute names, which may not be in the page yet or may not
 * have loaded yet: the follower listens on the document for the trainer's model-load and generator-change (they
 * bubble and are composed) and, whenever the element with that id has news, has its element show the trainer's
 * live generator (borrowed, never disposed here) or say why there is none.
 */
import type { ReactiveControllerHost } from 'lit';
import { msg, str } from '@lit/localize';
import type { Text } from '../base/localize.js';
import type { Dcgan } from '../../models/dcgan.js';
import type { GeneratorChangeEvent, GeneratorRemoveEvent } from '../base/events.js';

/** What a <gan-trainer> offers its followers: its live generator (never disposed by them). */
export interface GeneratorSource { readonly dcgan?: Dcgan }

export type Lookup =
  | { dcgan: Dcgan }
  | { waiting: Text }
  | { problem: Text };

/** The runtime and the generator shown of the element that follows (its ModelController). */
export interface FollowerModels {
  /** the page's runtime, once started */
  readonly runtime?: unknown;
  /** the generator shown now */
  readonly model?: Dcgan;
  /** starts the page's runtime; resolves undefined when it cannot (the element was told why) */
  ensureRuntime(): Promise<unknown>;
}

/** The element that follows: rendered again on the trainer's news, and drawn again when its generator changes. */
export type FollowingElement = ReactiveControllerHost & { redraw(): Promise<void> };

/** What following asks of, and tells, the element that shows the trainer's generator. */
export interface FollowerHost {
  /** shows the trainer's generator (borrowed: never disposed here) in place of the one shown; `id` is the trainer's */
  borrow: (dcgan: Dcgan, id: string) => void;
  /** shows no generator: the one shown was freed with its trainer */
  letGo: () => void;
  /** the status line ('' once the trainer's generator is there) */
  status: (text: Text) => void;
  /** a readable message: `generator` names something that will never have a generator */
  fail: (text: Text) => void;
}

export class TrainerFollower {
  /** the id followed, if any */
  id?: string;
  /** the trainer's training step, from its last generator-change */
  step?: number;
  /** the trainer followed was removed from the page (and its generator freed) */
  removed = false;
  /** the start of following `id`: the runtime started and the trainer's generator shown (if it was there) */
  private followed?: Promise<void>;
  private readonly onEvent = (e: Event) => this.event(e);

  constructor(
    private readonly element: FollowingElement,
    private readonly models: FollowerModels,
    private readonly host: FollowerHost,
  ) {}

  /** Follows the trainer `id` (a second call for the same id waits for the first); resolves once started. */
  start(id: string): Promise<void> {
    if (this.id !== id) this.followed = this.follow(id);
    return this.followed ?? Promise.resolve();
  }

  /** Starts the runtime, then shows the trainer's generator once it is there (now, or at its next event). */
  private async follow(id: string): Promise<void> {
    this.listen(id);
    const runtime = await this.models.ensureRuntime();
    if (!runtime || this.id !== id) return;
    this.adopt();
  }

  /** Borrows the trainer's generator (never disposed here), or redraws when it is the one shown already. */
  private adopt(): void {
    const { id, host, models } = this;
    if (!id || !models.runtime) return;
    const found = this.lookup();
    if ('problem' in found) return host.fail(found.problem);
    if ('waiting' in found) {
      // the generator shown belonged to a trainer that is gone: let it go (it is freed) and say why
      if (models.model?.isDisposed || this.removed) host.letGo();
      host.status(found.waiting);
      return;
    }
    host.status('');
    this.element.requestUpdate(); // the trainer's step, in the status line
    if (found.dcgan === models.model) return void this.element.redraw();
    host.borrow(found.dcgan, id);
  }

  private listen(id: string): void {
    this.unfollow();
    this.id = id;
    document.addEventListener('model-load', this.onEvent);
    document.addEventListener('generator-change', this.onEvent);
    document.addEventListener('generator-remove', this.onEvent);
  }

  /** Stops following (the element is torn down, or follows another source). */
  unfollow(): void {
    document.removeEventListener('model-load', this.onEvent);
    document.removeEventListener('generator-change', this.onEvent);
    document.removeEventListener('generator-remove', this.onEvent);
    this.id = undefined;
    this.step = undefined;
    this.removed = false;
    this.followed = undefined;
  }

  /** The trainer's live generator, or why there is none (yet). */
  lookup(): Lookup {
    const id = this.id ?? '';
    const source = document.getElementById(id);
    const dcgan = (source as Partial<GeneratorSource> | null)?.dcgan;
    if (dcgan && !dcgan.isDisposed) return { dcgan };
    // an element that is not a custom element will never grow a generator
    if (source && !('dcgan' in source) && !source.localName.includes('-')) {
      const name = source.localName;
      return { problem: () => msg(str`generator="${id}" names a <${name}>, not a <gan-trainer>`) };
    }
    if (this.removed) return { waiting: () => msg(str`#${id} was removed, and its generator with it: waiting for a <gan-trainer id="${id}">…`) };
    return { waiting: () => msg(str`Waiting for the generator of #${id}…`) };
  }

  private event(e: Event): void {
    if (e.type === 'generator-remove') {
      if ((e as GeneratorRemoveEvent).detail.id !== this.id) return;
      this.removed = true;
      this.adopt();
      return;
    }
    if (!this.id || !(e.target instanceof Element) || e.target.id !== this.id) return;
    this.removed = false;
    if (e.type === 'generator-change') this.step = (e as GeneratorChangeEvent).detail.step;
    this.adopt();
  }
}
