import { describe, expect, it } from 'vitest';
import { runValidate } from '../../../../bot/commands/validate.js';

const GOOD = `-- pipeline
CREATE FILE FORMAT db.s.fmt TYPE = CSV SKIP_HEADER = 1;
CREATE STAGE db.s.stg URL = 's3://b/p/' STORAGE_INTEGRATION = i FILE_FORMAT = db.s.fmt;
`;
const BAD = `CREATE STAGE ok1 URL = 's3://b/';

CREATE FILE FORMAT f
  TYPE = PARQUET
  DATE_FORMAT = 'YYYY';
DROP TABLE t;`;

describe('runValidate', () => {
  it('lists each statement and exits 0 when all are accepted', async () => {
    const r = await runValidate([{ name: 'good.sql', text: GOOD }], { json: false });
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe(
      'good.sql:2:1: ok FILE_FORMAT db.s.fmt\ngood.sql:3:1: ok STAGE db.s.stg\n2 statements, 0 refused.\n',
    );
  });

  it('reports refused statements with file:line:column and exits 1', async () => {
    const r = await runValidate([{ name: 'bad.sql', text: BAD }], { json: false });
    expect(r.exitCode).toBe(1);
    expect(r.output.split('\n')).toEqual([
      'bad.sql:1:1: ok STAGE ok1',
      'bad.sql:5:3: error: Option DATE_FORMAT is not valid for a PARQUET file format (FILE_FORMAT f)',
      'bad.sql:6:1: error: Only CREATE STORAGE INTEGRATION, FILE FORMAT, STAGE or EXTERNAL TABLE may run; found DROP',
      '3 statements, 2 refused.',
      '',
    ]);
  });

  it('prints exactly the documented JSON shape, numbering across inputs', async () => {
    const r = await runValidate(
      [
        { name: 'good.sql', text: GOOD },
        { name: '<stdin>', text: BAD },
      ],
      { json: true },
    );
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.output)).toEqual({
      statements: [
        { index: 1, kind: 'FILE_FORMAT', name: 'db.s.fmt', ok: true },
        { index: 2, kind: 'STAGE', name: 'db.s.stg', ok: true },
        { index: 3, kind: 'STAGE', name: 'ok1', ok: true },
        {
          index: 4,
          kind: 'FILE_FORMAT',
          name: 'f',
          ok: false,
          error: { message: 'Option DATE_FORMAT is not valid for a PARQUET file format', line: 5, column: 3 },
        },
        {
          index: 5,
          kind: null,
          name: null,
          ok: false,
          error: {
            message:
              'Only CREATE STORAGE INTEGRATION, FILE FORMAT, STAGE or EXTERNAL TABLE may run; found DROP',
            line: 6,
            column: 1,
          },
        },
      ],
    });
  });

  it('reports a lexical error at its position in the file', async () => {
    const r = await runValidate([{ name: 'x.sql', text: "CREATE STAGE a;\n  CREATE STAGE b URL = 'oops" }], {
      json: true,
    });
    expect(r.exitCode).toBe(1);
    const out = JSON.parse(r.output) as {
      statements: { error?: { line: number; column: number; message: string } }[];
    };
    expect(out.statements[1]!.error).toEqual({ message: 'Unterminated string literal', line: 2, column: 24 });
  });

  it('exits 1 when there is nothing to validate', async () => {
    const r = await runValidate([{ name: 'empty.sql', text: '-- nothing\n' }], { json: false });
    expect(r.exitCode).toBe(1);
    expect(r.output).toBe('empty.sql: no statements found\nNo statements to validate.\n');
    const j = await runValidate([{ name: 'empty.sql', text: '' }], { json: true });
    expect(j).toEqual({ exitCode: 1, output: '{"statements":[]}\n' });
  });
});
