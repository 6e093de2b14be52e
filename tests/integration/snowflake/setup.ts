import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type SnowflakeSettings,
  SnowflakeWarehouse,
  type SnowflakeWarehouseOptions,
} from '../../../adapters/snowflake/index.js';
import type { FakeSnowflake } from '../../fakes/fake-snowflake.js';

export function warehouseFor(
  fake: FakeSnowflake,
  auth: SnowflakeSettings['auth'],
  overrides: Partial<SnowflakeSettings> = {},
  options: SnowflakeWarehouseOptions = {},
): SnowflakeWarehouse {
  return new SnowflakeWarehouse(
    {
      account: 'testacct',
      accessUrl: fake.accessUrl,
      user: 'svc_dea',
      role: 'DEA_ROLE',
      warehouse: 'DEA_WH',
      database: 'LEILA_APP',
      schema: 'PUBLIC',
      auth,
      queryTimeoutSeconds: 30,
      retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
      ...overrides,
    },
    options,
  );
}

/** A token file in a fresh temp folder, rewritten by `write` to model SPCS rotating it. */
export function tokenFile(initial: string): { path: string; write(token: string): void } {
  const path = join(mkdtempSync(join(tmpdir(), 'dea-sf-token-')), 'token');
  const write = (token: string) => writeFileSync(path, `${token}\n`, { mode: 0o600 });
  write(initial);
  return { path, write };
}

export function rsaKeyPair(passphrase?: string): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: passphrase
      ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }
      : { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

export const oneRow = () => ({ columns: [{ name: 'X', type: 'fixed' as const }], rows: [[1]] });
