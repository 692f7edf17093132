/**
 * Training checkpoints in the browser's IndexedDB (tfjs's `indexeddb://` store), so a reader never loses a long
 * run: a model is saved with its step count and can be offered for resuming after a reload.
 */
import type * as TF from '@tensorflow/tfjs';

export interface CheckpointInfo {
  url: string;
  step: number;
  savedAt: Date;
}

/** The indexeddb:// URL for one element on one page; `key` tells the elements of one kind on the page apart. */
export function checkpointUrl(kind: string, key: string): string {
  return `indexeddb://generative-elements/${kind}${location.pathname}#${key || 'default'}`;
}

/** Saves `network` under `url`, recording the step count in its metadata. */
export async function saveCheckpoint(network: TF.LayersModel, url: string, step: number): Promise<void> {
  network.setUserDefinedMetadata({ step, savedAt: new Date().toISOString() });
  await network.save(url);
}

/** The checkpoint stored under `url`, if any (never throws: storage may be unavailable). */
export async function findCheckpoint(tf: typeof TF, url: string): Promise<CheckpointInfo | undefined> {
  try {
    const models = await tf.io.listModels();
    const entry = models[url];
    if (!entry) return undefined;
    const stored = await tf.io.getLoadHandlers(url)[0]?.load?.();
    const meta = stored?.userDefinedMetadata as { step?: number; savedAt?: string } | undefined;
    return { url, step: Number(meta?.step ?? 0), savedAt: new Date(meta?.savedAt ?? entry.dateSaved) };
  } catch {
    return undefined;
  }
}

export async function deleteCheckpoint(tf: typeof TF, url: string): Promise<void> {
  try {
    await tf.io.removeModel(url);
  } catch {
    // nothing stored, or storage unavailable
  }
}
