import { WarehouseError } from '../../../bot/core/contracts.js';

/**
 * Snowflake-shaped errors raised by the embedded warehouse. Codes and wording follow what Snowflake answers for
 * the same mistake (code, SQL state, `SQL compilation error:\n…`), so code written against the local warehouse
 * handles real Snowflake errors the same way. Codes marked "local" have no exact Snowflake counterpart that we
 * could confirm; they are documented in docs/local-warehouse.md.
 */
type ObjectKindLabel = 'Integration' | 'File format' | 'Stage' | 'Table' | 'Object' | 'Procedure' | 'Schema';

const COMPILATION = 'SQL compilation error:\n';

export function alreadyExists(name: string): WarehouseError {
  return new WarehouseError('002002', `${COMPILATION}Object '${name}' already exists.`, {
    sqlState: '42710',
  });
}

export function doesNotExist(kind: ObjectKindLabel, name: string): WarehouseError {
  return new WarehouseError('002003', `${COMPILATION}${kind} '${name}' does not exist or not authorized.`, {
    sqlState: '02000',
  });
}

/** Snowflake counts the position from 0 within the line. */
export function syntaxError(line: number, position: number, unexpected: string): WarehouseError {
  return new WarehouseError(
    '001003',
    `${COMPILATION}syntax error line ${line} at position ${position} unexpected '${unexpected}'.`,
    { sqlState: '42000' },
  );
}

export function compilationError(message: string, code = '002140'): WarehouseError {
  return new WarehouseError(code, `${COMPILATION}${message}`, { sqlState: '42601' });
}

/** The stage URL is outside the integration's allowed locations or inside a blocked one. */
export function locationNotAllowed(url: string, integration: string): WarehouseError {
  return new WarehouseError(
    '003120',
    `SQL execution error: Location '${url}' is not allowed by integration '${integration}'. Please use DESC INTEGRATION to check out allowed and blocked locations.`,
    { sqlState: '22023' },
  );
}

export function providerMismatch(url: string, integration: string, provider: string): WarehouseError {
  return new WarehouseError(
    '003121',
    `SQL execution error: Location '${url}' does not match the storage provider ${provider} of integration '${integration}'.`,
    { sqlState: '22023' },
  );
}

export function integrationDisabled(integration: string): WarehouseError {
  return new WarehouseError('003122', `SQL execution error: Integration '${integration}' is disabled.`, {
    sqlState: '22023',
  });
}

export function unsupportedLocally(what: string): WarehouseError {
  return new WarehouseError('LOCAL001', `Not supported by the local warehouse (DuckDB emulation): ${what}`, {
    sqlState: '0A000',
  });
}

export function executionError(message: string, cause?: unknown): WarehouseError {
  return new WarehouseError('100038', `SQL execution error: ${message}`, { sqlState: '22000', cause });
}

/**
 * Maps a DuckDB error onto the closest Snowflake error, keeping DuckDB's own wording so the cause stays visible.
 */
export function fromDuckDb(err: unknown): WarehouseError {
  if (err instanceof WarehouseError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const first = message.split('\n')[0] ?? message;
  if (/^Parser Error/.test(first)) {
    return new WarehouseError(
      '001003',
      `${COMPILATION}syntax error: ${first.replace(/^Parser Error: /, '')}`,
      {
        sqlState: '42000',
        cause: err,
      },
    );
  }
  const missingTable = /^Catalog Error: Table with name (\S+) does not exist/.exec(first);
  if (missingTable) return doesNotExist('Object', (missingTable[1] ?? '').toUpperCase());
  if (/^Catalog Error/.test(first) || /^Binder Error/.test(first)) {
    return new WarehouseError('000904', `${COMPILATION}${first.replace(/^(Catalog|Binder) Error: /, '')}`, {
      sqlState: '42000',
      cause: err,
    });
  }
  if (/^Conversion Error|^Invalid Input Error/.test(first)) {
    return new WarehouseError('100038', first.replace(/^(Conversion|Invalid Input) Error: /, ''), {
      sqlState: '22018',
      cause: err,
    });
  }
  if (/^Constraint Error/.test(first)) {
    return new WarehouseError('100072', first.replace(/^Constraint Error: /, ''), {
      sqlState: '22000',
      cause: err,
    });
  }
  return new WarehouseError('100000', first, { sqlState: 'XX000', cause: err });
}
