/** How people and times appear in Slack text. */
import { escapeMrkdwn } from './limits.js';

const SLACK_USER = /^slack:([UW][A-Z0-9]+)$/;

/** `slack:U123` becomes a real mention; anyone else (Teams, local, CLI) is shown by name. */
export function who(principal: string | undefined | null): string {
  if (!principal) return 'someone';
  const m = SLACK_USER.exec(principal);
  return m ? `<@${m[1]}>` : escapeMrkdwn(principal);
}

/** Slack renders `<!date^…>` in the reader's own time zone; the fallback is the ISO text. */
export function when(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeMrkdwn(iso);
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${escapeMrkdwn(iso)}>`;
}
