/**
 * Classifies snowflake-sdk errors: which are worth a retry (the network, an overloaded service, a session
 * or token that expired) and which are final (anything Snowflake compiled or ran and refused). Every error
 * leaves the adapter as a WarehouseError carrying Snowflake's code, SQL state and query id.
 */
import { WarehouseError } from '../../bot/core/contracts.js';

/** GS codes that mean "log in again and resend": the statement never ran. */
const SESSION_LOST_CODES = new Set([
  '390104', // session token invalid
  '390111', // session no longer exists
  '390112', // session token expired
  '390114', // master token expired
  '390318', // OAuth access token expired (SPCS token rotated under a long-lived session)
  '407002', // driver: request on a disconnected connection
]);

/** Driver codes for failures between us and Snowflake. */
const NETWORK_CODES = new Set(['401001', '401002', '401003']);

export const STATEMENT_TIMEOUT_CODE = '000630';

interface DriverErrorShape {
  name?: string;
  code?: unknown;
  sqlState?: unknown;
  message?: string;
  data?: { queryId?: unknown } | null;
  response?: { statusCode?: number; status?: number } | null;
  cause?: { code?: unknown } | null;
}

function shape(error: unknown): DriverErrorShape {
  return typeof error === 'object' && error !== null
    ? (error as DriverErrorShape)
    : { message: String(error) };
}

function driverCode(error: unknown): string | undefined {
  const code = shape(error).code;
  return code === undefined || code === null ? undefined : String(code);
}

export function isSessionLost(error: unknown): boolean {
  const code = driverCode(error);
  return code !== undefined && SESSION_LOST_CODES.has(code);
}

/** True only for failures where resending the same request can succeed; SQL errors never qualify. */
export function isTransient(error: unknown): boolean {
  const e = shape(error);
  if (e instanceof WarehouseError)
    return isSessionLost(e) || NETWORK_CODES.has(e.code) || e.code === 'NETWORK';
  if (e.name === 'OperationFailedError') return isSessionLost(e);
  if (e.name === 'NetworkError') return true;
  if (e.name === 'RequestFailedError') {
    const status = e.response?.statusCode ?? e.response?.status;
    return status === undefined || status >= 500 || status === 408 || status === 429;
  }
  if (isSessionLost(e)) return true;
  const code = driverCode(e);
  return code !== undefined && NETWORK_CODES.has(code);
}

/**
 * Wraps any driver error as a WarehouseError. The driver's error is deliberately not kept as `cause`: its
 * `response` holds the HTTP exchange (with the session token header), which an error serializer would log.
 */
export function toWarehouseError(error: unknown): WarehouseError {
  if (error instanceof WarehouseError) return error;
  const e = shape(error);
  const code = driverCode(error) ?? 'UNKNOWN';
  const queryId = typeof e.data?.queryId === 'string' ? e.data.queryId : undefined;
  const sqlState = typeof e.sqlState === 'string' ? e.sqlState : undefined;
  return new WarehouseError(code, e.message ?? 'Snowflake request failed', {
    ...(sqlState ? { sqlState } : {}),
    ...(queryId ? { queryId } : {}),
  });
}
