import { describe, expect, it } from 'vitest';
import { formatCell } from '../../../../bot/commands/sqlExec.js';

describe('dea sql exec prints values as Snowflake shows them', () => {
  const midnight = new Date('2026-11-01T00:00:00.000Z');
  const morning = new Date('2026-11-01T10:04:05.067Z');

  it('a DATE as a date, whatever the time part of the instant the driver hands over', () => {
    expect(formatCell(midnight, { name: 'D', type: 'DATE' })).toBe('2026-11-01');
    expect(formatCell(morning, { name: 'D', type: 'DATE' })).toBe('2026-11-01');
  });

  it('a TIMESTAMP_NTZ without a zone, a TIMESTAMP_LTZ/TZ with its offset', () => {
    expect(formatCell(morning, { name: 'T', type: 'TIMESTAMP_NTZ' })).toBe('2026-11-01 10:04:05.067');
    expect(formatCell(morning, { name: 'T', type: 'TIMESTAMP_LTZ' })).toBe('2026-11-01 10:04:05.067 +0000');
    expect(formatCell(morning, { name: 'T', type: 'TIMESTAMP_TZ' })).toBe('2026-11-01 10:04:05.067 +0000');
  });

  it('a NUMBER with its scale; integers, floats and text unchanged', () => {
    expect(formatCell(250, { name: 'A', type: 'NUMBER', scale: 2 })).toBe('250.00');
    expect(formatCell(-0.5, { name: 'A', type: 'NUMBER', scale: 3 })).toBe('-0.500');
    expect(formatCell(7, { name: 'N', type: 'NUMBER', scale: 0 })).toBe('7');
    expect(formatCell(7, { name: 'N', type: 'NUMBER' })).toBe('7');
    expect(formatCell(1.5, { name: 'F', type: 'FLOAT' })).toBe('1.5');
    expect(formatCell('250', { name: 'S', type: 'TEXT' })).toBe('250');
  });

  it('NULL, objects as JSON, and an invalid date as the driver gave it', () => {
    expect(formatCell(null, { name: 'A', type: 'NUMBER', scale: 2 })).toBe('NULL');
    expect(formatCell({ a: [1] }, { name: 'V', type: 'VARIANT' })).toBe('{"a":[1]}');
    expect(formatCell(new Date(Number.NaN), { name: 'D', type: 'DATE' })).toBe('null');
  });

  it('without column types (a warehouse that cannot say) an instant prints with its offset, a number as is', () => {
    expect(formatCell(midnight)).toBe('2026-11-01 00:00:00.000 +0000');
    expect(formatCell(250)).toBe('250');
  });
});
