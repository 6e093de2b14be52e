export { buildCall, toBind, toBinds } from './binds.js';
export { isSessionLost, isTransient, toWarehouseError } from './errors.js';
export type { SnowflakeAuth, SnowflakeRetrySettings, SnowflakeSettings } from './settings.js';
export { accessUrlOf, resolveSettings } from './settings.js';
export type { AuthToken, KeyPairJwtOptions, TokenProvider, TokenSettings, TokenType } from './tokens.js';
export {
  AuthError,
  jwtAccount,
  KeyPairJwtProvider,
  OAuthTokenFileProvider,
  PatTokenProvider,
  publicKeyFingerprint,
  tokenProviderForAuth,
  tokenProviderFromSettings,
} from './tokens.js';
export { SnowflakeWarehouse, type SnowflakeWarehouseOptions } from './warehouse.js';
