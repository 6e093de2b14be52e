/**
 * The default live view of a turn: one progress message, posted once and updated in place (throttled), replaced
 * by the answer at the end. Every adapter without its own `startTurn` gets this, and so does Slack where
 * streaming is not available.
 */
import type { ReplyTarget, TaskUpdate, TurnSurface } from './api.js';
import type { BotMessage } from './messages.js';
import { ProgressMessage } from './progress.js';

const PROGRESS_TITLE = 'Working on it…';
const SHOWN_LINES = 8;

/** The progress line of a task: "Generating the file format…", "✓ file format", "✗ file format". */
function taskLine(t: TaskUpdate): string {
  if (t.state === 'running') return `Generating the ${t.title}…`;
  return `${t.state === 'done' ? '✓' : '✗'} ${t.title}`;
}

export function progressSurface(
  reply: ReplyTarget,
  intervalMs: number,
  onError: (err: unknown) => void,
): TurnSurface {
  const progress = new ProgressMessage(reply, intervalMs, onError);
  const lines: string[] = [];
  const show = () =>
    progress.show({ kind: 'progress', title: PROGRESS_TITLE, lines: lines.slice(-SHOWN_LINES) });
  show();
  return {
    status(text) {
      lines.push(text);
      show();
    },
    task(t) {
      lines.push(taskLine(t));
      show();
    },
    // Prose is not shown while it streams here: the answer replaces the progress message at the end.
    text() {},
    async finish(message: BotMessage) {
      await progress.finish(message);
    },
  };
}
