/**
 * People this replica has seen in Teams: principal (`teams:<aad id>`) → channel account id (the MRI `29:…`
 * that card refresh lists need) and display name. Approvers are configured by AAD object id, but Teams'
 * `refresh.userIds` takes MRIs, so the mapping can only be learned from activities. Bounded, in memory: a
 * missing entry only means that person sees the shared card until their client refreshes it.
 */
import type { Activity } from 'botbuilder';
import { principalOf } from '../../bot/core/contracts.js';
import { userOf } from './activity.js';

interface Person {
  mri: string;
  name?: string;
}

export class People {
  private readonly byPrincipal = new Map<string, Person>();

  constructor(private readonly max = 5_000) {}

  learn(activity: Pick<Activity, 'from'>): void {
    const from = activity.from;
    if (!from?.id) return;
    const principal = principalOf(userOf(activity));
    this.byPrincipal.delete(principal);
    this.byPrincipal.set(principal, { mri: from.id, ...(from.name ? { name: from.name } : {}) });
    if (this.byPrincipal.size > this.max) {
      const oldest = this.byPrincipal.keys().next().value;
      if (oldest !== undefined) this.byPrincipal.delete(oldest);
    }
  }

  mriOf(principal: string): string | undefined {
    return this.byPrincipal.get(principal)?.mri;
  }

  /** `Alice (teams:…)` when the name is known, the principal otherwise. */
  nameOf = (principal: string): string => {
    const name = this.byPrincipal.get(principal)?.name;
    return name ? `${name} (${principal})` : principal;
  };

  /** Every known person as a Teams user ref with their MRI, most recently seen last. */
  all(): { principal: string; mri: string; name?: string }[] {
    return [...this.byPrincipal].map(([principal, p]) => ({ principal, ...p }));
  }
}
