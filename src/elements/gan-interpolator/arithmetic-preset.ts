/**
 * `<gan-interpolator arithmetic="thickness|slant">`: fills groups A, B and C by themselves (e.g. thick 7s, thin 7s,
 * thin 0s, judged by the shipped digit classifier and measured from the pixels) and reports the measured attribute of
 * each group and of G(mean A − mean B + mean C). Holds a lease on the shared classifier while a preset is shown.
 */
import type { ReactiveControllerHost } from 'lit';
import { msg, str } from '@lit/localize';
import { formatNumber, type Text } from '../base/localize.js';
import type { Dcgan } from '../../models/dcgan.js';
import type { DigitClassifier } from '../../models/classifier.js';
import type { Judged } from '../../models/attribute-arithmetic.js';
import { ATTRIBUTES, type DigitAttribute } from '../../data/attributes.js';
import { latentArithmetic } from '../../latent/interpolate.js';
import type { Lease } from '../../runtime/shared.js';
import { leaseDigitClassifier } from '../parts/digit-classifier.js';
import { ArithmeticPresetEvent, type ArithmeticPresetDetail } from '../base/events.js';
import { seededLatent } from './latents.js';
import type { Groups } from './picks.js';

/** Candidate samples judged to fill the groups. */
export const POOL = 256;

export type PresetReport = ArithmeticPresetDetail;

/** The element of the preset: rendered again when a run ends, and the target of arithmetic-preset once one measured. */
export type PresetElement = ReactiveControllerHost & EventTarget;

/** What the preset asks of its element. */
export interface PresetCallbacks {
  /** puts the groups found into A, B and C and draws the arithmetic; resolves once drawn */
  apply: (groups: Groups) => Promise<void>;
  /** a readable message: the preset could not fill the groups */
  failed: (problem: Text) => void;
}

export class PresetArithmetic {
  report?: PresetReport;
  private classifier?: Lease<DigitClassifier>;
  private token = 0;

  constructor(private readonly element: PresetElement, private readonly callbacks: PresetCallbacks) {}

  /** Fills the groups of the arithmetic preset (if one is set) from the generator shown, else forgets it. */
  show(attribute: '' | DigitAttribute, gan: Dcgan | undefined, seed: number): void {
    if (!attribute || !gan || gan.isDisposed) return this.clear();
    void this.run(gan, attribute, seed, this.callbacks.apply).then((problem) => {
      if (problem) this.callbacks.failed(problem);
      this.element.requestUpdate();
      if (!problem && this.report) this.element.dispatchEvent(new ArithmeticPresetEvent({ ...this.report }));
    });
  }

  /**
   * Fills the groups for `attribute` from a pool of seeded samples of `gan` and measures the result. Resolves with a
   * readable message when it cannot, or undefined; a newer run or clear() makes an older one give up quietly.
   */
  async run(gan: Dcgan, attribute: DigitAttribute, seed: number, apply: (groups: Groups) => Promise<void>): Promise<Text | undefined> {
    const token = ++this.token;
    this.report = undefined;
    try {
      // the model code (and tfjs with it) loads lazily, as for every element
      const { ARITHMETIC_PRESETS, judge, meanValue, presetGroups } = await import('../../models/attribute-arithmetic.js');
      const preset = ARITHMETIC_PRESETS[attribute];
      const classifier = await this.digitClassifier();
      if (token !== this.token || gan.isDisposed) return undefined;
      const pool = Array.from({ length: POOL }, (_, i) => seededLatent((seed + 5000 + i) % (2 ** 31 - 1), gan.config.zDim));
      const groups = await presetGroups(gan, classifier, preset, pool);
      if (token !== this.token || gan.isDisposed) return undefined;
      // (the problem comes in English from the model code)
      if (typeof groups === 'string') return () => msg(str`arithmetic="${attribute}": ${groups}`);
      const member = (j: Judged) => ({ z: j.z, label: () => msg(str`${j.digit}, ${measured(attribute, j.value)}`) });
      await apply({ A: groups.A.map(member), B: groups.B.map(member), C: groups.C.map(member) });
      const z = latentArithmetic(groups.A.map((j) => j.z), groups.B.map((j) => j.z), groups.C.map((j) => j.z), gan.config.code);
      const [result] = await judge(gan, classifier, [z], attribute);
      if (token !== this.token) return undefined;
      this.report = {
        attribute, A: meanValue(groups.A), B: meanValue(groups.B), C: meanValue(groups.C), result: result.value,
        resultDigit: result.digit, resultConfidence: result.confidence, target: preset.target, source: preset.source,
      };
      return undefined;
    } catch (e) {
      if (token !== this.token) return undefined;
      const problem = e instanceof Error ? e.message : String(e);
      return () => msg(str`arithmetic="${attribute}" could not run: ${problem}`);
    }
  }

  /**
   * The caption under the result: what the preset measured, or that it is still looking (none without a preset). In
   * the current locale: call it at render time.
   */
  caption(attribute: '' | DigitAttribute): string | undefined {
    if (this.report) return describeReport(this.report);
    if (!attribute) return undefined;
    return attribute === 'thickness' ? msg('Finding thick and thin digits for the arithmetic…') : msg('Finding slanted digits for the arithmetic…');
  }

  /** Forgets the report and any run in flight; lets go of the classifier. */
  clear(): void {
    this.token++;
    this.report = undefined;
    this.classifier?.release();
    this.classifier = undefined;
  }

  private async digitClassifier(): Promise<DigitClassifier> {
    if (this.classifier) return this.classifier.value;
    const token = this.token;
    const lease = await leaseDigitClassifier();
    if (token !== this.token) {
      lease.release();
      throw new Error('superseded');
    }
    this.classifier = lease;
    return lease.value;
  }
}

/** An attribute's name for the reader, in the current locale. */
export function attributeName(attribute: DigitAttribute): string {
  return attribute === 'thickness' ? msg('stroke thickness') : msg('slant');
}

/** A measured value of an attribute with its unit (if any), in the current locale, e.g. "2.31 px". */
export function measured(attribute: DigitAttribute, value: number): string {
  const { unit } = ATTRIBUTES[attribute];
  const v = formatNumber(value, 2);
  if (!unit) return v;
  return unit === 'px' ? msg(str`${v} px`) : `${v} ${unit}`;
}

/** The caption under the result: each group's measured attribute and the result's, with its class (current locale). */
export function describeReport(r: PresetReport): string {
  const f = (v: number) => measured(r.attribute, v);
  return msg(str`${attributeName(r.attribute)}: A ${f(r.A)} (${r.source}s), B ${f(r.B)} (${r.source}s), C ${f(r.C)} (${r.target}s) → A − B + C ${f(r.result)}, a ${r.resultDigit} (p = ${formatNumber(r.resultConfidence, 2)})`);
}
