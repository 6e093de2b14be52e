/**
 * Members of a Slack user group (`slack-group:S123` approvers), read live at each click: a user removed from the
 * group loses approval at once. usergroups.users.list is Tier 2 (20+ per minute), far above the rate of clicks;
 * concurrent look-ups of one group share a single request.
 */
import type { webApi } from '@slack/bolt';

export class GroupMembers {
  private readonly inFlight = new Map<string, Promise<string[]>>();

  constructor(private readonly web: webApi.WebClient) {}

  /** `slack-group:S123` → `['slack:U1', …]`; any other principal has no Slack members. */
  async membersOf(groupPrincipal: string): Promise<string[]> {
    const m = /^slack-group:([A-Z0-9]+)$/.exec(groupPrincipal);
    if (!m?.[1]) return [];
    const group = m[1];
    const pending = this.inFlight.get(group);
    if (pending) return pending;
    const request = this.web.usergroups.users
      .list({ usergroup: group })
      .then((res) => (res.users ?? []).map((u) => `slack:${u}`))
      .finally(() => this.inFlight.delete(group));
    this.inFlight.set(group, request);
    return request;
  }
}
