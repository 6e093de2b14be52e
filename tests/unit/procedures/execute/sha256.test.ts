import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalPlanJson, planHash } from '../../../../procedures/execute/planHash.js';
import { sha256Hex, utf8Bytes } from '../../../../procedures/execute/sha256.js';

const nodeSha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 / NIST test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(sha256Hex('a'.repeat(1_000_000))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });

  it('hashes across the 55/56/64-byte padding boundaries like node:crypto', () => {
    for (let n = 50; n <= 130; n++) expect(sha256Hex('x'.repeat(n))).toBe(nodeSha('x'.repeat(n)));
  });

  it('agrees with node:crypto on arbitrary text, including astral characters and lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(nodeSha(text));
      }),
      { numRuns: 400 },
    );
  });

  it('encodes UTF-8 like Buffer, replacing unpaired surrogates with U+FFFD', () => {
    for (const text of ['é', '€', '😀', '\uD800', 'a\uDC00b', '\uDBFF\uDFFF']) {
      expect(utf8Bytes(text)).toEqual([...Buffer.from(text, 'utf8')]);
    }
  });
});

describe('planHash', () => {
  const statements = [
    { kind: 'FILE_FORMAT', name: 'F', sql: 'CREATE FILE FORMAT F TYPE = CSV', change: 'new', unsafe: false },
    { kind: 'STAGE', name: 'S', sql: "CREATE STAGE S URL = 's3://b/'" },
  ];

  it('hashes the canonical JSON of kind, name, sql in plan order and nothing else', () => {
    const canonical = canonicalPlanJson(statements);
    expect(canonical).toBe(
      '[{"kind":"FILE_FORMAT","name":"F","sql":"CREATE FILE FORMAT F TYPE = CSV"},{"kind":"STAGE","name":"S","sql":"CREATE STAGE S URL = \'s3://b/\'"}]',
    );
    expect(planHash(statements)).toBe(nodeSha(canonical));
  });

  it('changes when order, a name or the SQL changes, not when change/unsafe do', () => {
    const base = planHash(statements);
    expect(planHash([...statements].reverse())).not.toBe(base);
    expect(planHash([{ ...statements[0]!, name: 'G' }, statements[1]!])).not.toBe(base);
    expect(planHash([{ ...statements[0]!, sql: `${statements[0]!.sql} ` }, statements[1]!])).not.toBe(base);
    expect(planHash([{ ...statements[0]!, change: 'replace', unsafe: true }, statements[1]!])).toBe(base);
  });
});
