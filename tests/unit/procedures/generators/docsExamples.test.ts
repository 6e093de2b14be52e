import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type GenerateKind, runGenerate } from '../../../../bot/commands/generate.js';

const doc = readFileSync(new URL('../../../../docs/generators.md', import.meta.url), 'utf8');
const KIND_OF_SECTION: Record<string, GenerateKind> = {
  GENERATE_STORAGE_INTEGRATION_DDL: 'integration',
  GENERATE_FILE_FORMAT_DDL: 'format',
  GENERATE_EXTERNAL_STAGE_DDL: 'stage',
  GENERATE_EXTERNAL_TABLE_DDL: 'table',
};

/** Every ```json block followed by a ```sql block, with the generator of the section it is in. */
function examples(): { kind: GenerateKind; json: string; sql: string }[] {
  const out: { kind: GenerateKind; json: string; sql: string }[] = [];
  const sections = doc.split(/^## /m).slice(1);
  for (const section of sections) {
    const kind = KIND_OF_SECTION[section.split(' ')[0] ?? ''];
    if (!kind) continue;
    for (const m of section.matchAll(/```json\n([\s\S]*?)```\s*```sql\n([\s\S]*?)```/g)) {
      out.push({ kind, json: m[1] as string, sql: m[2] as string });
    }
  }
  return out;
}

describe('docs/generators.md', () => {
  const all = examples();
  it('has an example for every generator', () => {
    expect(new Set(all.map((e) => e.kind))).toEqual(new Set(['integration', 'format', 'stage', 'table']));
  });
  it.each(all.map((e, i) => [i, e] as const))('example %i shows what the generator prints', (_, e) => {
    const r = runGenerate(e.kind, e.json);
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe(e.sql);
  });
});
