import { describe, expect, it } from 'vitest';
import { GuardError, guardStatement } from '../../../../procedures/parser/index.js';

const STAGE = "CREATE STAGE s URL='s3://b/' STORAGE_INTEGRATION = i";

function refusal(sql: string): GuardError {
  try {
    guardStatement(sql);
  } catch (e) {
    if (e instanceof GuardError) return e;
    throw e;
  }
  throw new Error(`guard accepted ${JSON.stringify(sql)}`);
}

describe('guardStatement', () => {
  it('returns the AST of one allowed statement, with or without a trailing ;', () => {
    expect(guardStatement(STAGE).kind).toBe('STAGE');
    expect(guardStatement(`  -- a note\n${STAGE} ; -- done\n`).kind).toBe('STAGE');
    expect(guardStatement(`/* header ; */ ${STAGE}`).name.parts).toEqual(['S']);
    expect(guardStatement("CREATE STAGE s URL='s3://b/;DROP TABLE t' STORAGE_INTEGRATION = i").kind).toBe(
      'STAGE',
    );
  });

  it('says in plain words what ran into the guard, with the position', () => {
    const e = refusal('DROP TABLE t');
    expect(e.message).toBe(
      'Only CREATE STORAGE INTEGRATION, FILE FORMAT, STAGE or EXTERNAL TABLE may run; found DROP at 1:1',
    );
    expect(e).toMatchObject({ line: 1, column: 1 });
    expect(
      refusal('CREATE OR REPLACE PROCEDURE p() RETURNS INT LANGUAGE SQL AS $$ select 1 $$').message,
    ).toMatch(/found CREATE PROCEDURE at 1:19$/);
    expect(refusal(`${STAGE};\nDROP TABLE t`).message).toBe(
      "Only one statement may run; found a second statement after ';' at 1:53",
    );
  });

  const attacks: [string, string, RegExp][] = [
    ['second statement after ;', `${STAGE}; DROP TABLE t`, /Only one statement/],
    [
      'second statement after ; and newline',
      `${STAGE};\nGRANT OWNERSHIP ON DATABASE d TO ROLE public`,
      /Only one statement/,
    ],
    [
      '; hidden after a line comment',
      `${STAGE} -- x\n; GRANT ROLE accountadmin TO USER eve`,
      /Only one statement/,
    ],
    ['// comment then statement', `${STAGE} // x\n; DROP DATABASE d`, /Only one statement/],
    ['statement after a closed block comment', `${STAGE} /* ; */ ; DROP TABLE t`, /Only one statement/],
    [
      'string closed by doubled quote then ;',
      `CREATE STAGE s URL='s3://b/'';DROP TABLE t;--' STORAGE_INTEGRATION=i; DROP TABLE t`,
      /Only one statement/,
    ],
    [
      'backslash-escaped quote then ;',
      `CREATE STAGE s URL='s3://b/\\';DROP TABLE t;--' ; DROP TABLE t`,
      /Only one statement/,
    ],
    [
      'unterminated string swallowing the rest',
      `CREATE STAGE s URL='s3://b/; DROP TABLE t`,
      /Unterminated string/,
    ],
    ['unterminated block comment', `${STAGE} /* DROP TABLE t;`, /Unterminated \/\* comment/],
    ['unterminated quoted identifier', `CREATE STAGE "s; DROP TABLE t`, /Unterminated quoted identifier/],
    ['$$ body where it does not belong', `CREATE STAGE s URL=$$s3://b/$$`, /\$\$ string is not allowed/],
    ['$$;$$ as a value', `CREATE FILE FORMAT f TYPE=CSV FIELD_DELIMITER=$$;$$`, /\$\$ string is not allowed/],
    ['unterminated $$', `${STAGE} COMMENT=$$; DROP TABLE t`, /Unterminated \$\$ string/],
    ['empty input', '', /No statement found/],
    ['only whitespace', '  \n\t ', /No statement found/],
    ['only comments', '-- nothing\n/* here */ // either', /No statement found/],
    ['only a semicolon', ';', /No statement found/],
    ['two semicolons', ';;', /found ';'/],
    ['DROP', 'DROP STAGE s', /found DROP at 1:1/],
    ['GRANT', 'GRANT USAGE ON INTEGRATION i TO ROLE public', /found GRANT/],
    ['ALTER', 'ALTER STORAGE INTEGRATION i SET ENABLED = FALSE', /found ALTER/],
    ['USE', 'USE ROLE ACCOUNTADMIN', /found USE/],
    ['SELECT', 'SELECT * FROM t', /found SELECT/],
    ['CALL', 'CALL EXECUTE_DDL_AND_TRACK(1)', /found CALL/],
    ['INSERT', "INSERT INTO t VALUES ('x')", /found INSERT/],
    ['EXECUTE IMMEDIATE', "EXECUTE IMMEDIATE 'DROP TABLE t'", /found EXECUTE/],
    ['EXECUTE IMMEDIATE $$', 'EXECUTE IMMEDIATE $$ DROP TABLE t $$', /found EXECUTE/],
    ['CREATE TABLE', 'CREATE TABLE t (a int)', /found CREATE TABLE/],
    ['CREATE USER', "CREATE USER eve PASSWORD='x'", /found CREATE USER/],
    ['CREATE OR REPLACE DATABASE', 'CREATE OR REPLACE DATABASE prod', /found CREATE DATABASE/],
    [
      'CREATE NETWORK RULE',
      "CREATE NETWORK RULE r MODE=EGRESS TYPE=HOST_PORT VALUE_LIST=('evil.com')",
      /found CREATE NETWORK RULE at/,
    ],
    ['CREATE EXTERNAL ACCESS INTEGRATION', 'CREATE EXTERNAL ACCESS INTEGRATION x', /found CREATE EXTERNAL/],
    ['CREATE STORAGE LIFECYCLE', 'CREATE STORAGE LIFECYCLE POLICY p', /found CREATE STORAGE/],
    ['comment before DROP', '/* CREATE STAGE s */ DROP TABLE t', /found DROP/],
    ['fullwidth semicolon', `${STAGE}\uff1b DROP TABLE t`, /Unexpected character/],
    ['Greek question mark', `${STAGE}\u037e DROP TABLE t`, /Unexpected character/],
    ['no-break space between words', `CREATE\u00a0STAGE s`, /Unexpected character/],
    ['zero-width space', `CREATE STAGE s\u200b; DROP TABLE t`, /Unexpected character/],
    ['NUL byte', `${STAGE}\u0000; DROP TABLE t`, /control character/],
    ['right-to-left override', `CREATE STAGE s URL='s3://b/' \u202e`, /Unexpected character/],
    ['Cyrillic look-alike CREATE', 'CRЕATE STAGE s', /Unexpected character/],
    ['a stage reference as a value', 'CREATE STAGE s URL=@other', /stage reference/],
    ['statement continues after the options', `${STAGE} DROP TABLE t`, /Expected '=' after DROP/],
    ['BEGIN block', 'BEGIN DROP TABLE t; END', /found BEGIN/],
    ['parenthesised select', '(SELECT 1)', /found '\('/],
  ];

  it('has at least 25 attack strings', () => {
    expect(attacks.length).toBeGreaterThanOrEqual(25);
  });

  it.each(attacks)('refuses: %s', (_label, sql, reason) => {
    const e = refusal(sql);
    expect(e.message).toMatch(reason);
    expect(e.message).toMatch(/ at \d+:\d+$/);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
  });
});
