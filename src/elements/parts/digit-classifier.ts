/**
 * The shipped digit classifier, shared by every element on the page that judges samples (<gan-trainer>'s class
 * shares, <gan-interpolator>'s arithmetic presets): loaded lazily, once per page, disposed by the last user.
 */
import type { DigitClassifier } from '../../models/classifier.js';
import { acquire, type Lease } from '../../runtime/shared.js';
import { shippedUrl } from '../../runtime/assets.js';

/** A lease on the shipped classifier (release it when done). */
export async function leaseDigitClassifier(): Promise<Lease<DigitClassifier>> {
  const url = shippedUrl('classifier-mnist/model.json');
  const { DigitClassifier } = await import('../../models/classifier.js');
  return acquire(`classifier|${url}`, (signal) => DigitClassifier.load(url, { signal }), (m) => m.dispose());
}
