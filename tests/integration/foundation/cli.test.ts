import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function dea(args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, ['bin/dea.js', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'silent', ...env },
    input,
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('dea command', () => {
  it('lists every subcommand of docs/cli.md in --help', () => {
    const r = dea(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of [
      'start',
      'relay',
      'chat',
      'approve',
      'reject',
      'validate',
      'generate',
      'sql',
      'tracker',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    }
  });

  it('has --help for each subcommand', () => {
    for (const cmd of [
      ['start'],
      ['chat'],
      ['approve'],
      ['sql', 'exec'],
      ['tracker', 'list'],
      ['validate'],
    ]) {
      const r = dea([...cmd, '--help']);
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout).toContain(`Usage: dea ${cmd.join(' ')}`);
    }
  });

  it('exits 1 on bad usage and bad configuration, without printing secrets', () => {
    expect(dea(['no-such-command']).code).toBe(1);
    expect(dea(['approve']).code).toBe(1);
    const bad = dea(['start', '--check'], { PORT: 'x', SLACK_BOT_TOKEN: 'bad-zq9sekrit-token' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('PORT');
    expect(bad.stderr).toContain('SLACK_BOT_TOKEN');
    expect(bad.stderr).not.toContain('zq9sekrit');
  });

  it('start --check prints the derived mode and exits 0', () => {
    const r = dea(['start', '--check']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ mode: 'local', agent: 'local', slack: 'off', teams: 'off' });
  });

  it('validates statements from standard input and files, with --json', () => {
    const ok = dea(
      ['validate', '--json', '-'],
      {},
      "CREATE FILE FORMAT f TYPE = CSV SKIP_HEADER = 1;\nCREATE STAGE s URL = 's3://b/p/' STORAGE_INTEGRATION = i;",
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({
      statements: [
        { index: 1, kind: 'FILE_FORMAT', name: 'f', ok: true },
        { index: 2, kind: 'STAGE', name: 's', ok: true },
      ],
    });
    const bad = dea(['validate', '-'], {}, "CREATE STAGE s URL = 's3://b/';\nDROP TABLE t;");
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/DROP/);
    expect(dea(['validate', 'no-such-file.sql']).code).toBe(1);
  });

  it('generates DDL from JSON, and refuses bad input with the field path', () => {
    const ok = dea([
      'generate',
      'format',
      '--json',
      '{"format_type":"CSV","name":"orders_csv","format_options":{"skip_header":1}}',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^CREATE FILE FORMAT ORDERS_CSV/);
    const bad = dea([
      'generate',
      'format',
      '--json',
      '{"format_type":"PARQUET","format_options":{"skip_header":1}}',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/skip_header/);
    expect(dea(['generate', 'format', '--json', '{not json']).code).toBe(1);
    expect(dea(['generate', 'pipe', '--json', '{}']).code).toBe(1);
  });

  it('prints the SQL to install, every part in install order', () => {
    const all = dea(['sql']);
    expect(all.code).toBe(0);
    const at = (text: string) => all.stdout.indexOf(text);
    expect(at('CREATE TABLE IF NOT EXISTS LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER')).toBeGreaterThan(-1);
    expect(at('CREATE OR REPLACE PROCEDURE EXECUTE_DDL_AND_TRACK')).toBeGreaterThan(
      at('DATA_PIPELINE_TRACKER'),
    );
    expect(at('CREATE OR REPLACE AGENT')).toBeGreaterThan(at('EXECUTE_DDL_AND_TRACK'));
    expect(at('CREATE SERVICE IF NOT EXISTS')).toBeGreaterThan(at('CREATE OR REPLACE AGENT'));
  });

  it('renders setup and agent SQL with other names, and refuses a name that could break the script', () => {
    const r = dea(['sql', 'setup', '--database', 'ANALYTICS', '--warehouse', 'WH_X']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('CREATE DATABASE IF NOT EXISTS ANALYTICS;');
    expect(r.stdout).toContain('CREATE WAREHOUSE IF NOT EXISTS WH_X');
    expect(r.stdout).not.toContain('LEILA_APP');
    const agent = dea(['sql', 'agent', '--agent', 'ANALYTICS.BOTS.PIPELINE_AGENT']);
    expect(agent.stdout).toContain('CREATE OR REPLACE AGENT ANALYTICS.BOTS.PIPELINE_AGENT');
    const bad = dea(['sql', 'setup', '--database', 'x\nDROP TABLE y']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/control characters/);
  });

  it('exits 1 for an unknown sql part', () => {
    const r = dea(['sql', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown part');
  });
});
