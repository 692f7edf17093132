/**
 * Input from script to the methods of <gan-interpolator>: checks of the vectors handed in, with messages that say
 * what is wrong, and the message of a bad call, which the next good call clears.
 */
import { msg, str } from '@lit/localize';
import { words, type Text } from '../base/localize.js';
import type { Group, Member } from './types.js';

/** What is wrong with an input, in the words of the locale current when it is shown. */
export type Problem = () => string;

/** Whether a checked input is a problem rather than the input (inputs are arrays, never functions). */
export function isProblem<T>(input: T | Problem): input is Problem {
  return typeof input === 'function';
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** A z from script: d finite numbers, else a message naming `what` and the problem. */
export function checkLatent(v: unknown, d: number, what: string): Float32Array | Problem {
  if (!isArrayLike(v)) return () => msg(str`${what} is not an array of numbers`);
  const n = v.length;
  if (n !== d) return () => msg(str`${what} has ${n} numbers, but this generator's z has ${d}`);
  const z = Float32Array.from(v as ArrayLike<number>);
  if (!z.every(Number.isFinite)) return () => msg(str`${what} holds something that is not a finite number`);
  return z;
}

/** A non-empty array of z from script, else a message. */
export function checkGroup(v: unknown, d: number, what: string): Float32Array[] | Problem {
  if (!Array.isArray(v) || v.length === 0) return () => msg(str`${what} must be a non-empty array of z vectors`);
  const out: Float32Array[] = [];
  for (const [i, x] of v.entries()) {
    const z = checkLatent(x, d, `${what}[${i}]`);
    if (isProblem(z)) return z;
    out.push(z);
  }
  return out;
}

/** the message for a call made before there is a generator to size z by */
const NO_GENERATOR: Problem = () => msg('no generator has loaded yet');

/** z_a and z_b from script for a generator with `d`-D z (undefined: none yet), else a message. */
export function checkEndpoints(za: unknown, zb: unknown, d: number | undefined): [Float32Array, Float32Array] | Problem {
  if (!d) return NO_GENERATOR;
  const [a, b] = [checkLatent(za, d, 'za'), checkLatent(zb, d, 'zb')];
  if (isProblem(a)) return a;
  return isProblem(b) ? b : [a, b];
}

/** Groups A, B and C of the arithmetic from script for a generator with `d`-D z (undefined: none yet), else a message. */
export function checkGroups(a: unknown, b: unknown, c: unknown, d: number | undefined): [Float32Array[], Float32Array[], Float32Array[]] | Problem {
  const groups = d ? [checkGroup(a, d, 'a'), checkGroup(b, d, 'b'), checkGroup(c, d, 'c')] : [NO_GENERATOR];
  const bad = groups.find(isProblem);
  return bad ?? (groups as [Float32Array[], Float32Array[], Float32Array[]]);
}

/** z_a and z_b from script, as endpoints labelled "set from script". */
export function scriptEndpoints([a, b]: [Float32Array, Float32Array]): [Member, Member] {
  const label = () => msg('set from script');
  return [{ z: a, label }, { z: b, label }];
}

/** The z of groups A, B and C from script, as members of the arithmetic labelled "script 1", "script 2", … */
export function scriptGroups([a, b, c]: [Float32Array[], Float32Array[], Float32Array[]]): Record<Group, Member[]> {
  const asMembers = (g: Float32Array[]) => g.map((z, i) => ({ z, label: () => msg(str`script ${i + 1}`) }));
  return { A: asMembers(a), B: asMembers(b), C: asMembers(c) };
}

/** What the input checks ask of their element. */
export interface InputHost {
  /** shows a readable message (status line and model-error) */
  fail: (text: Text) => void;
  /** clears the error shown if it is `text` (and not, say, a load error that came after it) */
  clear: (text: Text) => void;
}

/** The message of the last bad call from script, until a good call clears it. */
export class ScriptInput {
  private error?: Text;

  constructor(private readonly host: InputHost) {}

  /** Says what is wrong with input (a call, or the `arithmetic` attribute): status line and model-error; a good call clears it. */
  fail(text: Text): void {
    this.error = text;
    this.host.fail(text);
  }

  /**
   * The checked input of `call`, or undefined when a check turned it into a message (then said, naming the call). A
   * good call clears the message of an earlier bad one (not a load error).
   */
  check<T>(call: string, input: T | Problem): T | undefined {
    if (isProblem(input)) {
      this.fail(() => msg(str`${call}: ${words(input)}`));
      return undefined;
    }
    if (this.error !== undefined) this.host.clear(this.error);
    this.error = undefined;
    return input;
  }
}
