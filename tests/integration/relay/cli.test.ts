import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('dea relay command', () => {
  it('stops at start with exit 1 and names each missing variable', () => {
    const r = spawnSync(process.execPath, ['bin/dea.js', 'relay'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(r.status).toBe(1);
    for (const v of ['MICROSOFT_APP_ID', 'DEA_RELAY_TARGET', 'SNOWFLAKE_ACCOUNT'])
      expect(r.stderr).toContain(v);
  });
});
