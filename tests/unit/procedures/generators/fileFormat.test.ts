import { describe, expect, it } from 'vitest';
import { generateFileFormat } from '../../../../procedures/generators/fileFormat.js';
import { decodeCharSpec } from '../../../../procedures/schemas/charSpec.js';
import { OPTIONS_BY_TYPE } from '../../../../procedures/schemas/formatOptions.js';
import { expectIssue } from './helpers.js';

const csv = (format_options: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  format_type: 'CSV',
  name: 'fmt',
  format_options,
  ...extra,
});

describe('GENERATE_FILE_FORMAT_DDL', () => {
  it('writes a CSV format, options in documented order, one per line', () => {
    const out = generateFileFormat({
      format_type: 'CSV',
      location: 's3://acme-data/raw/orders/',
      database_name: 'raw',
      schema_name: 'landing',
      comment: 'orders',
      format_options: {
        skip_header: 1,
        field_delimiter: '|',
        null_if: ['\\N', 'NULL', ''],
        field_optionally_enclosed_by: '"',
        compression: 'GZIP',
        empty_field_as_null: true,
        date_format: 'YYYY-MM-DD',
        encoding: 'WINDOWS1252',
      },
    });
    expect(out.name).toBe('RAW.LANDING.ACME_DATA_RAW_ORDERS_CSV_FORMAT');
    expect(out.ddl).toBe(
      [
        'CREATE FILE FORMAT RAW.LANDING.ACME_DATA_RAW_ORDERS_CSV_FORMAT',
        '  TYPE = CSV',
        '  COMPRESSION = GZIP',
        "  FIELD_DELIMITER = '|'",
        '  SKIP_HEADER = 1',
        "  DATE_FORMAT = 'YYYY-MM-DD'",
        `  FIELD_OPTIONALLY_ENCLOSED_BY = '"'`,
        "  NULL_IF = ('\\\\N', 'NULL', '')",
        '  EMPTY_FIELD_AS_NULL = TRUE',
        "  ENCODING = 'WINDOWS1252'",
        "  COMMENT = 'orders'",
      ].join('\n'),
    );
    expect(out.warnings).toEqual([]);
  });

  it('writes delimiters as characters, escapes, octal, hex or NONE', () => {
    const ddl = (opts: Record<string, unknown>) => generateFileFormat(csv(opts)).ddl;
    expect(ddl({ field_delimiter: '\t' })).toContain("FIELD_DELIMITER = '\\t'");
    expect(ddl({ field_delimiter: '\\t' })).toContain("FIELD_DELIMITER = '\\\\t'");
    expect(ddl({ field_delimiter: '\\001' })).toContain("FIELD_DELIMITER = '\\\\001'");
    expect(ddl({ field_delimiter: '0x7C' })).toContain("FIELD_DELIMITER = '0x7C'");
    expect(ddl({ field_delimiter: '\\xC2\\xA2' })).toContain("FIELD_DELIMITER = '\\\\xC2\\\\xA2'");
    expect(ddl({ field_delimiter: 'NONE', record_delimiter: 'NONE' })).toContain('FIELD_DELIMITER = NONE');
    expect(ddl({ record_delimiter: '\r\n', field_delimiter: ';;' })).toContain("RECORD_DELIMITER = '\\r\\n'");
    expect(ddl({ escape: '\\\\', escape_unenclosed_field: 'NONE' })).toMatch(
      /ESCAPE = '\\\\\\\\'\n {2}ESCAPE_UNENCLOSED_FIELD = NONE/,
    );
    expect(ddl({ field_optionally_enclosed_by: "'" })).toContain("FIELD_OPTIONALLY_ENCLOSED_BY = ''''");
    expect(ddl({ field_optionally_enclosed_by: 'NONE' })).toContain('FIELD_OPTIONALLY_ENCLOSED_BY = NONE');
  });

  it('keeps AUTO and NONE as keywords and quotes other text', () => {
    const ddl = generateFileFormat(
      csv({
        date_format: 'auto',
        time_format: 'HH24:MI:SS',
        timestamp_format: 'AUTO',
        file_extension: 'NONE',
        binary_format: 'BASE64',
      }),
    ).ddl;
    expect(ddl).toContain('DATE_FORMAT = AUTO');
    expect(ddl).toContain("TIME_FORMAT = 'HH24:MI:SS'");
    expect(ddl).toContain('TIMESTAMP_FORMAT = AUTO');
    expect(ddl).toContain('FILE_EXTENSION = NONE');
    expect(ddl).toContain('BINARY_FORMAT = BASE64');
  });

  it('writes the options of every other type', () => {
    const json = generateFileFormat({
      format_type: 'JSON',
      name: 'j',
      format_options: {
        strip_outer_array: true,
        strip_null_values: true,
        allow_duplicate: false,
        enable_octal: true,
        ignore_utf8_errors: true,
        compression: 'BROTLI',
      },
    }).ddl;
    expect(json).toBe(
      'CREATE FILE FORMAT J\n  TYPE = JSON\n  COMPRESSION = BROTLI\n  ENABLE_OCTAL = TRUE\n  ALLOW_DUPLICATE = FALSE\n  STRIP_OUTER_ARRAY = TRUE\n  STRIP_NULL_VALUES = TRUE\n  IGNORE_UTF8_ERRORS = TRUE',
    );
    const parquet = generateFileFormat({
      format_type: 'PARQUET',
      name: 'p',
      format_options: {
        binary_as_text: false,
        use_logical_type: true,
        use_vectorized_scanner: true,
        compression: 'SNAPPY',
        null_if: [],
      },
    }).ddl;
    expect(parquet).toContain('BINARY_AS_TEXT = FALSE');
    expect(parquet).toContain('NULL_IF = ()');
    expect(
      generateFileFormat({ format_type: 'PARQUET', name: 'p', format_options: { snappy_compression: true } })
        .ddl,
    ).toContain('SNAPPY_COMPRESSION = TRUE');
    const xml = generateFileFormat({
      format_type: 'XML',
      name: 'x',
      format_options: {
        preserve_space: true,
        strip_outer_element: true,
        disable_snowflake_data: true,
        disable_auto_convert: true,
        skip_byte_order_mark: false,
      },
    }).ddl;
    expect(xml).toContain('DISABLE_SNOWFLAKE_DATA = TRUE');
    expect(
      generateFileFormat({
        format_type: 'AVRO',
        name: 'a',
        format_options: { compression: 'ZSTD', trim_space: true },
      }).ddl,
    ).toContain('COMPRESSION = ZSTD');
    expect(
      generateFileFormat({
        format_type: 'ORC',
        name: 'o',
        format_options: { replace_invalid_characters: true },
      }).ddl,
    ).toBe('CREATE FILE FORMAT O\n  TYPE = ORC\n  REPLACE_INVALID_CHARACTERS = TRUE');
  });

  it('accepts every documented option of every type', () => {
    for (const [type, keys] of Object.entries(OPTIONS_BY_TYPE)) {
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        const value =
          key === 'compression'
            ? 'AUTO'
            : key === 'skip_header'
              ? 2
              : key === 'null_if'
                ? ['x']
                : key === 'binary_format'
                  ? 'HEX'
                  : key === 'encoding'
                    ? 'UTF8'
                    : [
                          'record_delimiter',
                          'field_delimiter',
                          'escape',
                          'escape_unenclosed_field',
                          'field_optionally_enclosed_by',
                        ].includes(key)
                      ? 'NONE'
                      : ['date_format', 'time_format', 'timestamp_format', 'file_extension'].includes(key)
                        ? 'AUTO'
                        : true;
        const out = generateFileFormat({ format_type: type, name: 'f', format_options: { [key]: value } });
        expect(out.ddl).toContain(`${key.toUpperCase()} = `);
      }
    }
  });

  it('warns that OR REPLACE breaks external tables', () => {
    const out = generateFileFormat({ format_type: 'CSV', name: 'f', or_replace: true });
    expect(out.ddl).toBe('CREATE OR REPLACE FILE FORMAT F\n  TYPE = CSV');
    expect(out.warnings[0]).toMatch(/external tables/);
  });

  describe('errors', () => {
    it('an option that does not belong to the type names the option and the type', () => {
      expectIssue(
        generateFileFormat,
        { format_type: 'JSON', name: 'f', format_options: { field_delimiter: ',' } },
        'format_options.field_delimiter',
        /FIELD_DELIMITER is not an option of TYPE = JSON/,
      );
      expectIssue(
        generateFileFormat,
        { format_type: 'PARQUET', name: 'f', format_options: { skip_header: 1 } },
        'format_options.skip_header',
        /SKIP_HEADER is not an option of TYPE = PARQUET/,
      );
      expectIssue(
        generateFileFormat,
        { format_type: 'ORC', name: 'f', format_options: { compression: 'GZIP' } },
        'format_options.compression',
        /COMPRESSION is not an option of TYPE = ORC/,
      );
      expectIssue(
        generateFileFormat,
        { format_type: 'CSV', name: 'f', format_options: { strip_outer_array: true } },
        'format_options.strip_outer_array',
        /not an option of TYPE = CSV; CSV accepts: compression/,
      );
    });
    it('compression values depend on the type', () => {
      expectIssue(
        generateFileFormat,
        { format_type: 'AVRO', name: 'f', format_options: { compression: 'BZ2' } },
        'format_options.compression',
        /BZ2 is not valid for TYPE = AVRO/,
      );
      expectIssue(
        generateFileFormat,
        { format_type: 'PARQUET', name: 'f', format_options: { compression: 'GZIP' } },
        'format_options.compression',
        /AUTO, LZO, SNAPPY, NONE/,
      );
      expectIssue(
        generateFileFormat,
        { format_type: 'CSV', name: 'f', format_options: { compression: 'ZIP' } },
        'format_options.compression',
        /must be one of AUTO/,
      );
    });
    it('exclusive options', () => {
      expectIssue(
        generateFileFormat,
        csv({ parse_header: true, skip_header: 1 }),
        'format_options.skip_header',
        /cannot be used with parse_header/,
      );
      expectIssue(
        generateFileFormat,
        {
          format_type: 'JSON',
          name: 'f',
          format_options: { ignore_utf8_errors: true, replace_invalid_characters: true },
        },
        'format_options.ignore_utf8_errors',
        /set only one/,
      );
      expectIssue(
        generateFileFormat,
        {
          format_type: 'PARQUET',
          name: 'f',
          format_options: { snappy_compression: true, compression: 'SNAPPY' },
        },
        'format_options.snappy_compression',
        /cannot be combined with compression/,
      );
    });
    it('delimiters and escapes', () => {
      expectIssue(
        generateFileFormat,
        csv({ field_delimiter: '' }),
        'format_options.field_delimiter',
        /must not be empty/,
      );
      expectIssue(
        generateFileFormat,
        csv({ field_delimiter: 'x'.repeat(21) }),
        'format_options.field_delimiter',
        /21 characters; at most 20/,
      );
      expectIssue(
        generateFileFormat,
        csv({ field_delimiter: '\\q' }),
        'format_options.field_delimiter',
        /unknown escape \\q/,
      );
      expectIssue(
        generateFileFormat,
        csv({ field_delimiter: 'a\\' }),
        'format_options.field_delimiter',
        /lone backslash/,
      );
      expectIssue(
        generateFileFormat,
        csv({ field_delimiter: '\\000' }),
        'format_options.field_delimiter',
        /NUL/,
      );
      expectIssue(
        generateFileFormat,
        csv({ field_delimiter: ',', record_delimiter: ',\n' }),
        'format_options.record_delimiter',
        /neither may contain the other/,
      );
      expectIssue(
        generateFileFormat,
        csv({ escape: 'ab' }),
        'format_options.escape',
        /one single-byte character/,
      );
      expectIssue(
        generateFileFormat,
        csv({ escape_unenclosed_field: 'é' }),
        'format_options.escape_unenclosed_field',
        /single-byte/,
      );
      expectIssue(
        generateFileFormat,
        csv({ field_optionally_enclosed_by: '`' }),
        'format_options.field_optionally_enclosed_by',
        /double quote.*single quote.*NONE/,
      );
      expectIssue(
        generateFileFormat,
        csv({ field_delimiter: 5 }),
        'format_options.field_delimiter',
        /must be text/,
      );
    });
    it('values of the wrong kind', () => {
      expectIssue(generateFileFormat, csv({ skip_header: -1 }), 'format_options.skip_header', /0 or more/);
      expectIssue(
        generateFileFormat,
        csv({ skip_header: 1.5 }),
        'format_options.skip_header',
        /whole number/,
      );
      expectIssue(
        generateFileFormat,
        csv({ trim_space: 'yes' }),
        'format_options.trim_space',
        /true or false/,
      );
      expectIssue(generateFileFormat, csv({ null_if: 'NULL' }), 'format_options.null_if', /list of strings/);
      expectIssue(
        generateFileFormat,
        csv({ encoding: 'LATIN1' }),
        'format_options.encoding',
        /must be one of BIG5/,
      );
      expectIssue(
        generateFileFormat,
        csv({ binary_format: 'B64' }),
        'format_options.binary_format',
        /HEX, BASE64, UTF8/,
      );
      expectIssue(
        generateFileFormat,
        csv({ date_format: ' ' }),
        'format_options.date_format',
        /must not be empty/,
      );
      expectIssue(
        generateFileFormat,
        csv({ delimiter: ',' }),
        'format_options.delimiter',
        /unknown field "delimiter" in format_options/,
      );
      expectIssue(
        generateFileFormat,
        csv([] as unknown as Record<string, unknown>),
        'format_options',
        /object|not valid/,
      );
    });
    it('type, name and location', () => {
      expectIssue(
        generateFileFormat,
        { name: 'f', format_type: 'TSV' },
        'format_type',
        /one of CSV, JSON, AVRO, ORC, PARQUET, XML/,
      );
      expectIssue(generateFileFormat, { format_type: 'CSV' }, 'name', /give name .* or location/);
      expectIssue(generateFileFormat, { format_type: 'CSV', location: 'ftp://x/' }, 'location', /scheme ftp/);
      expectIssue(
        generateFileFormat,
        { format_type: 'CSV', name: 'a.b', schema_name: 's' },
        'name',
        /already qualified/,
      );
      expectIssue(
        generateFileFormat,
        { format_type: 'CSV', name: 'a', database_name: 'd' },
        'schema_name',
        /schema_name is required when database_name is given/,
      );
      expectIssue(generateFileFormat, { format_type: 'CSV', name: 'a.b.c.d' }, 'name', /at most 3/);
      expectIssue(
        generateFileFormat,
        { format_type: 'CSV', name: 'a', if_not_exists: true, or_replace: true },
        'if_not_exists',
        /cannot both be true/,
      );
    });
  });
});

describe('decodeCharSpec', () => {
  it('decodes the documented forms', () => {
    expect(decodeCharSpec('|')).toEqual({ ok: true, chars: '|' });
    expect(decodeCharSpec('\\t')).toEqual({ ok: true, chars: '\t' });
    expect(decodeCharSpec('\\136')).toEqual({ ok: true, chars: '^' });
    expect(decodeCharSpec('0x5e')).toEqual({ ok: true, chars: '^' });
    expect(decodeCharSpec('\\x5E')).toEqual({ ok: true, chars: '^' });
    expect(decodeCharSpec("\\'")).toEqual({ ok: true, chars: "'" });
  });
});

describe('quote character spellings', () => {
  it('writes hex/octal spellings of the enclosing quote as the character itself', () => {
    const ddl = (v: string) => generateFileFormat(csv({ field_optionally_enclosed_by: v })).ddl;
    expect(ddl('0x27')).toContain("FIELD_OPTIONALLY_ENCLOSED_BY = ''''");
    expect(ddl('\\047')).toContain("FIELD_OPTIONALLY_ENCLOSED_BY = ''''");
    expect(ddl('0x22')).toContain(`FIELD_OPTIONALLY_ENCLOSED_BY = '"'`);
  });
});
