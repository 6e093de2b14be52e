/** Lists of pipelines: `/dea list` (ephemeral), `/dea status`, and the App Home tab. */
import type { types } from '@slack/bolt';
import type { PipelineRow } from '../../../bot/core/api.js';
import { escapeMrkdwn, LIMITS, truncate } from './limits.js';
import { when, who } from './mention.js';

type Block = types.KnownBlock;

const STATUS_ICON: Record<string, string> = {
  PROPOSED: ':large_yellow_circle:',
  EXECUTING: ':gear:',
  SUCCESS: ':white_check_mark:',
  FAILED: ':x:',
  REJECTED: ':no_entry_sign:',
  EXPIRED: ':hourglass:',
};

function pipelineLine(row: PipelineRow): string {
  const icon = STATUS_ICON[row.STATUS] ?? '';
  const table = row.TABLE_NAME ? ` \`${escapeMrkdwn(row.TABLE_NAME)}\`` : '';
  const src = row.DATA_SOURCE_TYPE ? ` (${escapeMrkdwn(row.DATA_SOURCE_TYPE)})` : '';
  return `${icon} *${escapeMrkdwn(row.PIPELINE_ID)}* ${row.STATUS}${table}${src} — by ${who(row.REQUESTED_BY)} ${when(row.CREATED_AT)}`;
}

export function pipelineListBlocks(
  rows: PipelineRow[],
  total: number,
  maxBlocks: number = LIMITS.messageBlocks,
): Block[] {
  if (rows.length === 0)
    return [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'No pipelines yet. Start one with `/dea new` or by mentioning me.' },
      },
    ];
  const blocks: Block[] = [];
  // Ten lines per section keeps each section well inside 3,000 characters.
  for (let i = 0; i < rows.length && blocks.length < maxBlocks - 1; i += 10) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          rows
            .slice(i, i + 10)
            .map(pipelineLine)
            .join('\n'),
          LIMITS.sectionText,
        ),
      },
    });
  }
  if (total > rows.length)
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `${rows.length} of ${total} shown · \`dea tracker list\` shows all` },
      ],
    });
  return blocks;
}

export function homeView(rows: PipelineRow[], total: number): types.HomeView {
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Data pipelines' } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'Mention me in a channel (or DM me) with where your files are, or run `/dea new` for the form. I propose the DDL; an approver runs it.',
        },
      },
      { type: 'divider' },
      ...pipelineListBlocks(rows, total, LIMITS.viewBlocks - 3),
    ],
  };
}

export const HELP_TEXT = [
  '*`/dea new`* — open the Quick Setup form',
  '*`/dea list`* — recent pipelines (only you see the answer)',
  '*`/dea status <id>`* — one pipeline and its plan',
  '*`/dea help`* — this help',
  'Or mention me in a channel with your files’ location, format and columns; reply in the thread to change the plan.',
].join('\n');
