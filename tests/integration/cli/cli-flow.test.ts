import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'dea-cli-'));
const replDir = mkdtempSync(path.join(tmpdir(), 'dea-cli-repl-'));
const env = {
  PATH: process.env.PATH ?? '',
  HOME: dataDir,
  DEA_DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  NO_PROXY: '127.0.0.1',
};

function dea(args: string[], input?: string, dir = dataDir) {
  const r = spawnSync(process.execPath, ['bin/dea.js', ...args], {
    cwd: root,
    env: { ...env, DEA_DATA_DIR: dir },
    encoding: 'utf8',
    timeout: 240_000,
    input,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TYPED =
  "SELECT DATE '2026-11-01' AS D, TIMESTAMP '2026-11-01 10:00:00' AS T, CAST(250 AS NUMBER(10,2)) AS A";
const TYPED_TABLE = [
  'D          | T                       | A     ',
  '-----------+-------------------------+-------',
  '2026-11-01 | 2026-11-01 10:00:00.000 | 250.00',
  '(1 row)',
  '',
].join('\n');

const REQUEST =
  'I have CSV files with a header row in s3://acme-sample/orders/ with columns order_id, customer, amount, order_date. Role arn:aws:iam::123456789012:role/snowflake';

let server: ChildProcess | undefined;
afterAll(() => {
  server?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(replDir, { recursive: true, force: true });
});

describe('dea chat / approve / tracker / sql exec on the embedded warehouse', () => {
  let pipelineId = '';

  it('chat --json prints one object per bot message, with the plan', () => {
    const r = dea(['chat', '--thread', 'cli-1', '--user', 'alice', '--json', REQUEST]);
    expect(r.code).toBe(0);
    const messages = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string; plan?: Record<string, unknown> });
    const plan = messages.find((m) => m.plan)?.plan as {
      id: string;
      hash: string;
      status: string;
      statements: { kind: string; change: string }[];
      assumptions?: string[];
    };
    expect(plan.status).toBe('PROPOSED');
    // The header was said; the delimiter and the types were not, so the plan states them as assumed.
    expect(plan.assumptions).toEqual([
      'Assumed comma-separated fields — say e.g. "pipe-delimited" or "use ; as delimiter" to change.',
      'Assumed column types from their names: order_id NUMBER, customer VARCHAR, amount NUMBER(38,2), order_date DATE — say e.g. "make order_id varchar" to change.',
    ]);
    expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.statements.map((s) => s.kind)).toEqual([
      'STORAGE_INTEGRATION',
      'FILE_FORMAT',
      'STAGE',
      'EXTERNAL_TABLE',
    ]);
    pipelineId = plan.id;
  });

  it('chat without a message is a REPL: each line is a turn of the same thread, an empty line ends it', () => {
    const r = dea(
      ['chat', '--thread', 'repl-1', '--user', 'ann'],
      'I have parquet files in gcs://lake/sales/\nthe columns are id, amount\n\n',
      replDir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout, r.stdout + r.stderr).toContain('Chatting in thread repl-1 as ann');
    // The first line gives no columns (the inference plan); the second adds them: the revised plan has the table.
    expect(r.stdout, r.stdout).toMatch(/AMOUNT NUMBER\(38,2\) AS \(VALUE:"amount"/);
    expect(r.stdout.match(/you> /g)?.length).toBe(3);
  });

  it('refuses self-approval with exit 1 and approves as another user', () => {
    const self = dea(['approve', pipelineId, '--user', 'alice']);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('another approver');
    const ok = dea(['approve', pipelineId, '--user', 'bob']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('SUCCESS');
    expect(dea(['approve', pipelineId, '--user', 'bob']).code).toBe(1);
  });

  it('reads the tracker and queries the new table', () => {
    const list = dea(['tracker', 'list', '--json']);
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as { PIPELINE_ID: string; STATUS: string; APPROVED_BY: string }[];
    expect(rows[0]).toMatchObject({ PIPELINE_ID: pipelineId, STATUS: 'SUCCESS', APPROVED_BY: 'local:bob' });
    const show = dea(['tracker', 'show', pipelineId, '--json']);
    expect(JSON.parse(show.stdout)).toMatchObject({ PIPELINE_ID: pipelineId, REQUESTED_BY: 'local:alice' });
    const q = dea([
      'sql',
      'exec',
      '--json',
      'SELECT COUNT(*) AS N FROM LEILA_APP.PUBLIC.ACME_SAMPLE_ORDERS_EXT',
    ]);
    expect(q.code).toBe(0);
    const out = JSON.parse(q.stdout) as { columns: string[]; rows: { N: number }[] };
    expect(out.columns).toEqual(['N']);
    expect(out.rows[0]!.N).toBeGreaterThan(0);
    // A DATE as a date, TIMESTAMP_NTZ without a zone, a NUMBER with its scale.
    expect(dea(['sql', 'exec', TYPED]).stdout).toBe(TYPED_TABLE);
    const bad = dea(['sql', 'exec', 'SELECT * FROM NO_SUCH_TABLE']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^002003/);
    expect(dea(['tracker', 'list', '--status', 'WAITING']).code).toBe(1);
    expect(dea(['tracker', 'show', 'P-nope']).code).toBe(1);
  });

  it('works through the running bot while `dea start` holds the DuckDB file, and shuts down cleanly', async () => {
    server = spawn(process.execPath, ['bin/dea.js', 'start'], {
      cwd: root,
      env: { ...env, PORT: '0' },
      stdio: 'ignore',
    });
    const serverFile = path.join(dataDir, 'server.json');
    // Wait for the condition, not a clock: under load `dea start` can take far longer than on an idle machine.
    const deadline = Date.now() + 240_000;
    while (!existsSync(serverFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(existsSync(serverFile)).toBe(true);
    const base = (JSON.parse(readFileSync(serverFile, 'utf8')) as { url: string }).url.replace(
      /\/api\/local-warehouse$/,
      '',
    );
    // server.json is written while the bot mounts its routes; readiness follows once every route is in place.
    let ready = 0;
    for (let i = 0; i < 240 && ready !== 200; i++) {
      ready = (await fetch(`${base}/readyz`)).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(ready).toBe(200);

    const list = dea(['tracker', 'list', '--json']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as unknown[]).length).toBe(1);
    // Through the running bot the column types travel with the rows: the same table as from the file.
    expect(dea(['sql', 'exec', TYPED]).stdout).toBe(TYPED_TABLE);
    const chat = dea(['chat', '--thread', 'cli-2', '--user', 'carol', REQUEST.replace('orders', 'orders')]);
    expect(chat.code).toBe(0);

    const exited = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    // A clean exit (code 0, server file removed) within the test's timeout; how fast is the bench's job.
    expect(await exited).toBe(0);
    expect(existsSync(serverFile)).toBe(false);
    server = undefined;
  }, 600_000);
});
