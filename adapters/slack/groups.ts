/** Members of a Slack user group (`slack-group:S123` approvers), cached: usergroups.users.list is Tier 2. */
import type { webApi } from '@slack/bolt';

const TTL_MS = 5 * 60_000;

export class GroupMembers {
  private readonly cache = new Map<string, { at: number; members: string[] }>();

  constructor(private readonly web: webApi.WebClient) {}

  /** `slack-group:S123` → `['slack:U1', …]`; any other principal has no Slack members. */
  async membersOf(groupPrincipal: string): Promise<string[]> {
    const m = /^slack-group:([A-Z0-9]+)$/.exec(groupPrincipal);
    if (!m?.[1]) return [];
    const group = m[1];
    const hit = this.cache.get(group);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.members;
    const res = await this.web.usergroups.users.list({ usergroup: group });
    const members = (res.users ?? []).map((u) => `slack:${u}`);
    this.cache.set(group, { at: Date.now(), members });
    return members;
  }
}
