/**
 * People this replica has seen in Teams: principal (`teams:<aad id>`) → channel account id (the MRI `29:…`
 * that card refresh lists need) and display name. Approvers are configured by AAD object id, but Teams'
 * `refresh.userIds` takes MRIs, so the mapping can only be learned from activities. Bounded, in memory: a
 * missing entry only means that person sees the shared card until their client refreshes it.
 */
import type { Activity } from 'botbuilder';
import { principalOf } from '../../bot/core/contracts.js';
import { type Identity, type IdentityPolicy, identityOf } from './activity.js';

interface Person {
  mri: string;
  name?: string;
}

export class People {
  private readonly byPrincipal = new Map<string, Person>();

  constructor(
    private readonly policy: IdentityPolicy = { authenticated: false },
    private readonly max = 5_000,
  ) {}

  /** Who sent an activity, when Teams vouches for them (see identityOf). */
  identify(activity: Pick<Activity, 'from' | 'channelId' | 'conversation' | 'channelData'>): Identity {
    return identityOf(activity, this.policy);
  }

  /** Remembers only verified people: a spoofed activity must not redirect someone's card refreshes. */
  learn(activity: Pick<Activity, 'from' | 'channelId' | 'conversation' | 'channelData'>): void {
    const from = activity.from;
    if (!from?.id) return;
    const who = this.identify(activity);
    if (!who.ok) return;
    const principal = principalOf(who.user);
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
