import { describe, expect, it } from 'vitest';
import { isSessionLost, isTransient, toWarehouseError } from '../../../../adapters/snowflake/errors.js';
import { WarehouseError } from '../../../../bot/core/contracts.js';

const driverError = (name: string, code: string | number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error('boom'), { name, code, ...extra });

describe('isTransient', () => {
  it('retries network failures, 5xx/408/429 and lost sessions', () => {
    expect(isTransient(driverError('NetworkError', 401001))).toBe(true);
    expect(isTransient(driverError('RequestFailedError', 401002, { response: { statusCode: 503 } }))).toBe(
      true,
    );
    expect(isTransient(driverError('RequestFailedError', 401002, { response: { statusCode: 429 } }))).toBe(
      true,
    );
    expect(isTransient(driverError('OperationFailedError', '390112'))).toBe(true);
    expect(isTransient(driverError('OperationFailedError', '390114'))).toBe(true);
    expect(isTransient(driverError('ClientError', 407002))).toBe(true);
  });

  it('never retries SQL errors, bad credentials or client 4xx', () => {
    expect(isTransient(driverError('OperationFailedError', '002003', { sqlState: '42S02' }))).toBe(false);
    expect(isTransient(driverError('OperationFailedError', '001003'))).toBe(false);
    expect(isTransient(driverError('OperationFailedError', '000630'))).toBe(false);
    expect(isTransient(driverError('OperationFailedError', '390100'))).toBe(false);
    expect(isTransient(driverError('RequestFailedError', 401002, { response: { statusCode: 403 } }))).toBe(
      false,
    );
    expect(isTransient(new Error('plain'))).toBe(false);
    expect(isTransient(new WarehouseError('002003', 'x'))).toBe(false);
  });

  it('knows which codes mean the session is gone', () => {
    expect(isSessionLost(driverError('OperationFailedError', '390111'))).toBe(true);
    expect(isSessionLost(driverError('OperationFailedError', '002003'))).toBe(false);
  });
});

describe('toWarehouseError', () => {
  it('keeps code, SQL state and query id, and drops the HTTP exchange', () => {
    const we = toWarehouseError(
      driverError('OperationFailedError', '002003', {
        sqlState: '42S02',
        data: { queryId: 'q-1' },
        response: { headers: { authorization: 'Snowflake Token="secret"' } },
      }),
    );
    expect(we).toBeInstanceOf(WarehouseError);
    expect([we.code, we.sqlState, we.queryId, we.message]).toEqual(['002003', '42S02', 'q-1', 'boom']);
    expect(we.cause).toBeUndefined();
    expect(JSON.stringify(we)).not.toContain('secret');
  });

  it('stringifies numeric driver codes and passes WarehouseErrors through', () => {
    expect(toWarehouseError(driverError('NetworkError', 401001)).code).toBe('401001');
    const original = new WarehouseError('X', 'y');
    expect(toWarehouseError(original)).toBe(original);
  });
});
