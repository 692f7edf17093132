/**
 * Input from script to the methods of <gan-interpolator>: checks of the vectors handed in, with messages that say
 * what is wrong, and the message of a bad call, which the next good call clears.
 */
import type { Group, Member } from './types.js';

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** A z from script: d finite numbers, else a message naming `what` and the problem. */
export function checkLatent(v: unknown, d: number, what: string): Float32Array | string {
  if (!isArrayLike(v)) return `${what} is not an array of numbers`;
  if (v.length !== d) return `${what} has ${v.length} numbers, but this generator's z has ${d}`;
  const z = Float32Array.from(v as ArrayLike<number>);
  if (!z.every(Number.isFinite)) return `${what} holds something that is not a finite number`;
  return z;
}

/** A non-empty array of z from script, else a message. */
export function checkGroup(v: unknown, d: number, what: string): Float32Array[] | string {
  if (!Array.isArray(v) || v.length === 0) return `${what} must be a non-empty array of z vectors`;
  const out: Float32Array[] = [];
  for (const [i, x] of v.entries()) {
    const z = checkLatent(x, d, `${what}[${i}]`);
    if (typeof z === 'string') return z;
    out.push(z);
  }
  return out;
}

/** the message for a call made before there is a generator to size z by */
const NO_GENERATOR = 'no generator has loaded yet';

/** z_a and z_b from script for a generator with `d`-D z (undefined: none yet), else a message. */
export function checkEndpoints(za: unknown, zb: unknown, d: number | undefined): [Float32Array, Float32Array] | string {
  const [a, b] = d ? [checkLatent(za, d, 'za'), checkLatent(zb, d, 'zb')] : [NO_GENERATOR, ''];
  if (typeof a === 'string') return a;
  return typeof b === 'string' ? b : [a, b];
}

/** Groups A, B and C of the arithmetic from script for a generator with `d`-D z (undefined: none yet), else a message. */
export function checkGroups(a: unknown, b: unknown, c: unknown, d: number | undefined): [Float32Array[], Float32Array[], Float32Array[]] | string {
  const groups = d ? [checkGroup(a, d, 'a'), checkGroup(b, d, 'b'), checkGroup(c, d, 'c')] : [NO_GENERATOR];
  const bad = groups.find((g): g is string => typeof g === 'string');
  return bad ?? (groups as [Float32Array[], Float32Array[], Float32Array[]]);
}

/** z_a and z_b from script, as endpoints labelled "set from script". */
export function scriptEndpoints([a, b]: [Float32Array, Float32Array]): [Member, Member] {
  return [{ z: a, label: 'set from script' }, { z: b, label: 'set from script' }];
}

/** The z of groups A, B and C from script, as members of the arithmetic labelled "script 1", "script 2", … */
export function scriptGroups([a, b, c]: [Float32Array[], Float32Array[], Float32Array[]]): Record<Group, Member[]> {
  const asMembers = (g: Float32Array[]) => g.map((z, i) => ({ z, label: `script ${i + 1}` }));
  return { A: asMembers(a), B: asMembers(b), C: asMembers(c) };
}

/** What the input checks ask of their element. */
export interface InputHost {
  /** shows a readable message (status line and model-error) */
  fail: (text: string) => void;
  /** clears the error shown if it is `text` (and not, say, a load error that came after it) */
  clear: (text: string) => void;
}

/** The message of the last bad call from script, until a good call clears it. */
export class ScriptInput {
  private error?: string;

  constructor(private readonly host: InputHost) {}

  /** Says what is wrong with input (a call, or the `arithmetic` attribute): status line and model-error; a good call clears it. */
  fail(text: string): void {
    this.error = text;
    this.host.fail(text);
  }

  /**
   * The checked input of `call`, or undefined when a check turned it into a message (then said, naming the call). A
   * good call clears the message of an earlier bad one (not a load error).
   */
  check<T>(call: string, input: T | string): T | undefined {
    if (typeof input === 'string') {
      this.fail(`${call}: ${input}`);
      return undefined;
    }
    if (this.error !== undefined) this.host.clear(this.error);
    this.error = undefined;
    return input;
  }
}
