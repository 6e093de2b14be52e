/**
 * The person a CLI command acts as. Approvers are configured as `local:<name>`, so both `alice` and
 * `local:alice` name local user alice; the prefix is never added twice (`local:local:alice` matches no one).
 * Other channels' ids are refused: the terminal cannot speak for a Slack or Teams user.
 */
import type { UserRef } from '../core/contracts.js';

const NAME = /^[A-Za-z0-9._@-]{1,64}$/;

export function localUserOf(raw: string): { ok: true; user: UserRef } | { ok: false; error: string } {
  const text = raw.trim();
  const name = text.toLowerCase().startsWith('local:') ? text.slice('local:'.length) : text;
  const channel = /^(slack|slack-group|teams):/i.exec(name)?.[1];
  if (channel)
    return {
      ok: false,
      error: `--user ${text}: the command line acts as a local user (a name, or local:<name>), not as a ${channel} user`,
    };
  if (!NAME.test(name))
    return {
      ok: false,
      error: `--user ${JSON.stringify(text)}: use a name of 1–64 letters, digits, dot, dash, underscore or @, e.g. alice or local:alice`,
    };
  return { ok: true, user: { channel: 'local', id: name, name } };
}
