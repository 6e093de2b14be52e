/**
 * DEA_SETTINGS in the embedded warehouse: INTERRUPTED_AFTER_SECONDS is set at every open from the option (0 by
 * default: one process holds the file), one row whatever the history of the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function settingsAfterOpen(path: string, storageDir: string, seconds?: number) {
  const wh = await LocalWarehouse.open({
    path,
    storageDir,
    ...(seconds === undefined ? {} : { interruptedAfterSeconds: seconds }),
  });
  try {
    return await wh.query('SELECT NAME, VALUE FROM DEA_SETTINGS ORDER BY NAME');
  } finally {
    await wh.close();
  }
}

describe('DEA_SETTINGS in the embedded warehouse', () => {
  it('follows the open option across reopenings of one file, always one row', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dea-settings-'));
    const file = join(dir, 'warehouse.duckdb');
    const storage = join(dir, 'storage');
    const row = (value: string) => [{ NAME: 'INTERRUPTED_AFTER_SECONDS', VALUE: value }];
    expect(await settingsAfterOpen(file, storage)).toEqual(row('0'));
    expect(await settingsAfterOpen(file, storage)).toEqual(row('0'));
    expect(await settingsAfterOpen(file, storage, 900)).toEqual(row('900'));
    expect(await settingsAfterOpen(file, storage, 900)).toEqual(row('900'));
    expect(await settingsAfterOpen(file, storage)).toEqual(row('0'));
  });
});
