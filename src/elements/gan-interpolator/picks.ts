/**
 * What the reader of <gan-interpolator> picked: z_a and z_b (when not the seeds' z), the groups A, B and C of the
 * vector arithmetic, where the next pick goes, and the tile under the keyboard or pointer cursor. A reactive
 * controller: every change re-renders the host.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { rowKey, tileAt, type TileRowHandlers } from './tile-row.js';
import { msg, str } from '@lit/localize';
import { words, type Text } from '../base/localize.js';
import { type Group, type Member, type Shown, type Target, type View } from './types.js';

export type Endpoints = [Member | undefined, Member | undefined];
export type Groups = Record<Group, Member[]>;

const noGroups = (): Groups => ({ A: [], B: [], C: [] });

export class Picks implements ReactiveController {
  /** z_a and z_b when picked, walked to or set from script (else the z of the seeds) */
  chosen: Endpoints = [undefined, undefined];
  members: Groups = noGroups();
  target: Target = 'from';
  active?: { view: View; index: number };
  /** the last pick, for the live region (words made when shown) */
  announcement: Text = '';

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly shown: (view: View) => Shown | undefined,
    /** an endpoint or a group changed (by the reader) */
    private readonly onChange: (what: 'endpoints' | 'groups') => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Forgets every pick (the generator's z has another size). */
  reset(): void {
    this.chosen = [undefined, undefined];
    this.members = noGroups();
    this.active = undefined;
    this.host.requestUpdate();
  }

  /** Sets z_a and z_b at once. */
  setEndpoints(chosen: Endpoints): void {
    this.chosen = chosen;
    this.host.requestUpdate();
  }

  setEndpoint(which: 0 | 1, member: Member | undefined): void {
    this.chosen = which === 0 ? [member, this.chosen[1]] : [this.chosen[0], member];
    this.host.requestUpdate();
  }

  setGroups(groups: Groups): void {
    this.members = groups;
    this.host.requestUpdate();
  }

  setTarget(target: Target): void {
    this.target = target;
    this.host.requestUpdate();
  }

  unpick(group: Group, index: number): void {
    this.setGroups({ ...this.members, [group]: this.members[group].filter((_, i) => i !== index) });
    this.onChange('groups');
  }

  clearGroups(): void {
    this.setGroups(noGroups());
    this.onChange('groups');
  }

  /** Puts a shown sample's z where the target says: an endpoint, or a group of the arithmetic. */
  pick(view: View, index: number): void {
    const shown = this.shown(view);
    const z = shown?.z[index];
    if (!shown || !z) return;
    const member = { z: Float32Array.from(z), label: shown.labels[index] };
    const target = this.target;
    if (target === 'from' || target === 'to') {
      this.setEndpoint(target === 'from' ? 0 : 1, member);
      this.announcement = target === 'from'
        ? () => msg(str`${words(member.label)} is now the start z_a`)
        : () => msg(str`${words(member.label)} is now the end z_b`);
      this.onChange('endpoints');
    } else {
      this.setGroups({ ...this.members, [target]: [...this.members[target], member] });
      const size = this.members[target].length;
      this.announcement = () => msg(str`${words(member.label)} added to group ${target} (${size})`);
      this.onChange('groups');
    }
  }

  /** Pointer and keyboard handlers of a row of tiles. */
  rowHandlers(view: View): TileRowHandlers {
    const count = () => this.shown(view)?.z.length ?? 0;
    const at = () => (this.active?.view === view ? this.active.index : undefined);
    const setActive = (index: number | undefined) => {
      this.active = index === undefined ? undefined : { view, index };
      this.host.requestUpdate();
    };
    return {
      click: (e) => {
        const i = tileAt(e, count());
        if (i !== undefined) this.pick(view, i);
      },
      move: (e) => setActive(tileAt(e, count())),
      leave: (e) => {
        if (this.host.shadowRoot?.activeElement !== e.currentTarget && at() !== undefined) setActive(undefined);
      },
      key: (e) => {
        const outcome = rowKey(e, at(), count());
        if (!outcome) return;
        setActive(outcome.index);
        if (outcome.pick && outcome.index !== undefined) this.pick(view, outcome.index);
      },
    };
  }
}
