/**
 * A training run's checkpoints in IndexedDB: a reactive controller that saves the element's model under its key,
 * looks for a saved run when a model loads (the element shows the offer), and resumes or discards it. The key says
 * which element on which page the checkpoint belongs to (see the element's checkpointKey()).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type * as TF from '@tensorflow/tfjs';
import { checkpointUrl, deleteCheckpoint, findCheckpoint, saveCheckpoint, type CheckpointInfo } from '../../runtime/checkpoint.js';

export interface CheckpointHost extends ReactiveControllerHost {
  readonly isConnected: boolean;
}

export class CheckpointController implements ReactiveController {
  /** a saved run found for this element, offered to the reader */
  offer?: CheckpointInfo;
  /** the checkpoint the reader chose to resume: the element loads it as its src */
  resumeFrom?: string;

  constructor(private readonly host: CheckpointHost, private readonly tag: string, private readonly key: () => string) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.offer = undefined;
    this.resumeFrom = undefined;
  }

  /** Saves `network` (with the step it reached) now; a failure is a console warning, never an error of the run. */
  async save(network: TF.LayersModel, step: number): Promise<void> {
    try {
      await saveCheckpoint(network, checkpointUrl(this.tag, this.key()), step);
    } catch (e) {
      console.warn(`<${this.tag}> could not save a checkpoint to IndexedDB: ${e instanceof Error ? e.message : e}`);
    }
  }

  /** Looks for a saved run of this element (once a model is shown, unless it is that checkpoint). */
  async look(tf: typeof TF): Promise<void> {
    if (this.offer) return;
    const found = await findCheckpoint(tf, checkpointUrl(this.tag, this.key()));
    if (found && found.step > 0 && this.host.isConnected) {
      this.offer = found;
      this.host.requestUpdate();
    }
  }

  /** The reader resumes the offered run: returns whether there was one (the element then loads resumeFrom). */
  resume(): boolean {
    if (!this.offer) return false;
    this.resumeFrom = this.offer.url;
    this.offer = undefined;
    this.host.requestUpdate();
    return true;
  }

  /** The reader discards the offered run: it is deleted from IndexedDB. */
  async discard(tf: typeof TF | undefined): Promise<void> {
    if (tf) await deleteCheckpoint(tf, checkpointUrl(this.tag, this.key()));
    this.offer = undefined;
    this.host.requestUpdate();
  }
}
