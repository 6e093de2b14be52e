import { describe, expect, it } from 'vitest';
import {
  fieldErrors,
  parseQuickSetup,
  quickSetupView,
} from '../../../../adapters/slack/blocks/quickSetup.js';
import { parseThreadRef, stripMention, threadRef } from '../../../../adapters/slack/refs.js';
import { UpdateThrottle } from '../../../../adapters/slack/throttle.js';

describe('UpdateThrottle', () => {
  it('writes at most once per interval per message and always writes the last state', async () => {
    const writes: { key: string; v: number; at: number }[] = [];
    const t0 = Date.now();
    const throttle = new UpdateThrottle<number>(200, async (key, v) => {
      writes.push({ key, v, at: Date.now() - t0 });
    });
    const done: Promise<void>[] = [];
    for (let i = 1; i <= 30; i++) {
      done.push(throttle.submit('m1', i));
      await new Promise((r) => setTimeout(r, 15));
    }
    done.push(throttle.submit('m2', 99));
    await Promise.all(done);
    const m1 = writes.filter((w) => w.key === 'm1');
    expect(m1.at(-1)?.v).toBe(30);
    expect(m1.length).toBeLessThan(8); // ~450 ms of submissions at 200 ms spacing
    for (let i = 1; i < m1.length; i++) expect(m1[i]!.at - m1[i - 1]!.at).toBeGreaterThanOrEqual(195);
    expect(writes.find((w) => w.key === 'm2')?.v).toBe(99);
  });

  it('rejects the waiting callers when the write fails', async () => {
    const throttle = new UpdateThrottle<number>(10, async () => {
      throw new Error('ratelimited');
    });
    await expect(throttle.submit('k', 1)).rejects.toThrow('ratelimited');
  });
});

describe('Quick Setup form', () => {
  it('reads the submitted values into a QuickSetupInput', () => {
    const values = {
      location: { value: { type: 'plain_text_input', value: ' s3://bucket/sales/ ' } },
      format: { value: { type: 'static_select', selected_option: { value: 'CSV' } } },
      columns: { value: { type: 'plain_text_input', value: 'id NUMBER, name VARCHAR' } },
      'csv.delimiter': { value: { type: 'plain_text_input', value: '|' } },
      'csv.header': { value: { type: 'checkboxes', selected_options: [{ value: 'header' }] } },
      'csv.nullIf': { value: { type: 'plain_text_input', value: "NULL, ''" } },
      compression: { value: { type: 'static_select', selected_option: { value: 'GZIP' } } },
      awsRoleArn: { value: { type: 'plain_text_input', value: 'arn:aws:iam::123456789012:role/r' } },
      azureTenantId: { value: { type: 'plain_text_input', value: null } },
      'names.table': { value: { type: 'plain_text_input', value: 'SALES' } },
    };
    expect(parseQuickSetup(values)).toEqual({
      location: 's3://bucket/sales/',
      format: 'CSV',
      columns: 'id NUMBER, name VARCHAR',
      awsRoleArn: 'arn:aws:iam::123456789012:role/r',
      compression: 'GZIP',
      csv: { delimiter: '|', header: true, nullIf: ['NULL', ''] },
      names: { table: 'SALES' },
    });
  });

  it('puts core field errors under the matching input, and others under the closest one', () => {
    expect(
      fieldErrors([
        { field: 'location', message: 'not a cloud URL' },
        { field: 'names.table', message: 'bad name' },
        { field: 'csv.delimiter.length', message: 'one character' },
        { field: 'plan', message: 'see the thread' },
      ]),
    ).toEqual({
      location: 'not a cloud URL; plan: see the thread',
      'names.table': 'bad name',
      'csv.delimiter': 'csv.delimiter.length: one character',
    });
  });

  it('builds a modal within the view limits that remembers where to post', () => {
    const view = quickSetupView({ team: 'T1', channel: 'C1' });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({ team: 'T1', channel: 'C1' });
    const ids = view.blocks.map((b) => b.block_id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('Slack references', () => {
  it('round-trips thread refs and strips only the bot mention', () => {
    const ref = threadRef({ team: 'T1', channel: 'C1', ts: '1700000000.000100' });
    expect(ref).toEqual({ channel: 'slack', id: 'T1:C1:1700000000.000100' });
    expect(parseThreadRef(ref)).toEqual({ team: 'T1', channel: 'C1', ts: '1700000000.000100' });
    expect(stripMention('<@U0BOT> load <@U0BOB|bob> files  ', 'U0BOT')).toBe('load <@U0BOB|bob> files');
    expect(stripMention('<@U0BOT|dea>', 'U0BOT')).toBe('');
  });
});
