/**
 * The options DESC FILE FORMAT lists for each format type, in the order Snowflake shows them, with Snowflake's
 * defaults. How each value is typed (String, Integer, Boolean, List) comes from the one file-format option table,
 * procedures/fileFormatOptions.ts, which also holds the names.
 */
import {
  describedPropertyType,
  type FormatOptionName,
  type FormatType,
} from '../../../procedures/fileFormatOptions.js';

const DESCRIBED: Record<FormatType, [FormatOptionName, string][]> = {
  CSV: [
    ['RECORD_DELIMITER', '\\n'],
    ['FIELD_DELIMITER', ','],
    ['FILE_EXTENSION', ''],
    ['SKIP_HEADER', '0'],
    ['PARSE_HEADER', 'false'],
    ['DATE_FORMAT', 'AUTO'],
    ['TIME_FORMAT', 'AUTO'],
    ['TIMESTAMP_FORMAT', 'AUTO'],
    ['ESCAPE', 'NONE'],
    ['ESCAPE_UNENCLOSED_FIELD', '\\\\'],
    ['TRIM_SPACE', 'false'],
    ['FIELD_OPTIONALLY_ENCLOSED_BY', 'NONE'],
    ['NULL_IF', '[\\\\N]'],
    ['COMPRESSION', 'AUTO'],
    ['ERROR_ON_COLUMN_COUNT_MISMATCH', 'true'],
    ['SKIP_BLANK_LINES', 'false'],
    ['EMPTY_FIELD_AS_NULL', 'true'],
    ['ENCODING', 'UTF8'],
  ],
  JSON: [
    ['FILE_EXTENSION', ''],
    ['DATE_FORMAT', 'AUTO'],
    ['TIME_FORMAT', 'AUTO'],
    ['TIMESTAMP_FORMAT', 'AUTO'],
    ['TRIM_SPACE', 'false'],
    ['NULL_IF', '[]'],
    ['COMPRESSION', 'AUTO'],
    ['ENABLE_OCTAL', 'false'],
    ['ALLOW_DUPLICATE', 'false'],
    ['STRIP_OUTER_ARRAY', 'false'],
    ['STRIP_NULL_VALUES', 'false'],
    ['IGNORE_UTF8_ERRORS', 'false'],
    ['REPLACE_INVALID_CHARACTERS', 'false'],
  ],
  PARQUET: [
    ['COMPRESSION', 'AUTO'],
    ['BINARY_AS_TEXT', 'true'],
    ['TRIM_SPACE', 'false'],
    ['NULL_IF', '[]'],
    ['REPLACE_INVALID_CHARACTERS', 'false'],
  ],
  AVRO: [
    ['COMPRESSION', 'AUTO'],
    ['TRIM_SPACE', 'false'],
    ['NULL_IF', '[]'],
  ],
  ORC: [
    ['TRIM_SPACE', 'false'],
    ['NULL_IF', '[]'],
  ],
  XML: [['COMPRESSION', 'AUTO']],
};

export const FORMAT_DEFAULTS: Record<string, [string, string, string][]> = Object.fromEntries(
  Object.entries(DESCRIBED).map(([type, rows]) => [
    type,
    rows.map(([name, dflt]): [string, string, string] => [name, describedPropertyType(name), dflt]),
  ]),
);
