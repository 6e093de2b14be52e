import { describe, expect, it } from 'vitest';
import { FORMAT_DEFAULTS } from '../../../adapters/local/warehouse/fileFormatDefaults.js';
import {
  EXTERNAL_TABLE_OPTIONS_OF_TYPE,
  FORMAT_OPTIONS,
  FORMAT_TYPES,
  type FormatOptionName,
  OPTIONS_OF_TYPE,
} from '../../../procedures/fileFormatOptions.js';
import { parseStatement } from '../../../procedures/parser/index.js';
import { formatOptionsSchema, OPTIONS_BY_TYPE } from '../../../procedures/schemas/formatOptions.js';

const names = Object.keys(FORMAT_OPTIONS) as FormatOptionName[];

describe('the one file-format option table', () => {
  it('lists every option under at least one TYPE, and each TYPE names an option once', () => {
    const accepted = new Set(FORMAT_TYPES.flatMap((t) => OPTIONS_OF_TYPE[t]));
    expect(names.filter((n) => !accepted.has(n))).toEqual([]);
    for (const t of FORMAT_TYPES) expect(new Set(OPTIONS_OF_TYPE[t]).size).toBe(OPTIONS_OF_TYPE[t].length);
  });

  it("gives external tables a subset of each TYPE's options", () => {
    for (const [t, list] of Object.entries(EXTERNAL_TABLE_OPTIONS_OF_TYPE)) {
      const all = OPTIONS_OF_TYPE[t as keyof typeof EXTERNAL_TABLE_OPTIONS_OF_TYPE];
      expect(list.filter((n) => !all.includes(n))).toEqual([]);
    }
  });

  it("shows in the embedded warehouse's DESC FILE FORMAT only options the TYPE accepts", () => {
    for (const t of FORMAT_TYPES) {
      const shown = (FORMAT_DEFAULTS[t] ?? []).map(([name]) => name);
      expect(shown.filter((n) => !(OPTIONS_OF_TYPE[t] as readonly string[]).includes(n))).toEqual([]);
    }
  });

  it('is what the generator schema offers and what the parser accepts, TYPE by TYPE', () => {
    const shape = (formatOptionsSchema as unknown as { _zod: { def: { shape: Record<string, unknown> } } })
      ._zod.def.shape;
    const written = names.filter((n) => 'description' in FORMAT_OPTIONS[n]);
    expect(Object.keys(shape)).toEqual(written.map((n) => n.toLowerCase()));
    for (const t of FORMAT_TYPES) {
      expect(OPTIONS_BY_TYPE[t]).toEqual(
        OPTIONS_OF_TYPE[t].filter((n) => written.includes(n)).map((n) => n.toLowerCase()),
      );
      for (const other of FORMAT_TYPES) {
        for (const n of OPTIONS_OF_TYPE[other]) {
          const r = parseStatement(`CREATE FILE FORMAT f TYPE = ${t} ${n} = 'x'`);
          const refusedAsForeign = !r.ok && /is not valid for an? \w+ file format/.test(r.error.message);
          expect(refusedAsForeign, `${n} under TYPE = ${t}`).toBe(!OPTIONS_OF_TYPE[t].includes(n));
        }
      }
    }
  });
});
