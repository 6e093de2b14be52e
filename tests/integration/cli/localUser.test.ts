/**
 * Issue 16 point 8: `--user local:u2` names local user u2 (the form DEA_APPROVERS uses), never `local:local:u2`.
 * Before the fix the approver configured as local:u2 could not approve with that spelling, and a requester typing
 * local:u1 was recorded as local:local:u1 and could then approve their own plan as u1.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { localUserOf } from '../../../bot/commands/localUser.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'dea-cli-user-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function dea(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/dea.js', ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dataDir,
      DEA_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DEA_APPROVERS: 'local:u1,local:u2',
    },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const REQUEST =
  'I have CSV files with a header row in s3://acme-sample/orders/ with columns order_id, customer. Role arn:aws:iam::123456789012:role/snowflake';

describe('dea --user local:<name>', () => {
  it('reads name and local:name alike and refuses other channels', () => {
    expect(localUserOf('local:u2')).toEqual({ ok: true, user: { channel: 'local', id: 'u2', name: 'u2' } });
    expect(localUserOf('u2')).toEqual({ ok: true, user: { channel: 'local', id: 'u2', name: 'u2' } });
    expect(localUserOf('LOCAL:u2')).toMatchObject({ ok: true, user: { id: 'u2' } });
    expect(localUserOf('slack:U0BOB')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not as a slack user/),
    });
    expect(localUserOf('local:local:u2')).toMatchObject({ ok: false });
    expect(localUserOf('a b')).toMatchObject({ ok: false, error: expect.stringMatching(/1–64 letters/) });
  });

  it('records the requester as local:u1, refuses u1 approving it, and lets local:u2 approve', () => {
    const chat = dea(['chat', '--thread', 'lu-1', '--user', 'local:u1', '--json', REQUEST]);
    expect(chat.code, chat.stderr).toBe(0);
    const plan = chat.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { plan?: { id: string; requestedBy?: string } })
      .find((m) => m.plan)?.plan;
    if (!plan) throw new Error(`no plan: ${chat.stdout}`);
    const show = dea(['tracker', 'show', plan.id, '--json']);
    expect(show.stdout).toContain('"local:u1"');
    expect(show.stdout).not.toContain('local:local:');
    const self = dea(['approve', plan.id, '--user', 'local:u1']);
    expect(self.code).toBe(1);
    expect(self.stderr).toMatch(/another approver|own plan/);
    const other = dea(['approve', plan.id, '--user', 'slack:U0BOB']);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/acts as a local user/);
    const ok = dea(['approve', plan.id, '--user', 'local:u2']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(dea(['tracker', 'show', plan.id, '--json']).stdout).toContain('"local:u2"');
  });
});
