export type { AgentSqlOptions, CortexSchema } from './agentSpec.js';
export { AGENT_DEFAULTS, agentSpecification, renderAgentSpecYaml, renderAgentSql } from './agentSpec.js';
export type { AuthToken, KeyPairJwtOptions, TokenProvider, TokenSettings, TokenType } from './auth.js';
export {
  AuthError,
  authHeaders,
  jwtAccount,
  KeyPairJwtProvider,
  OAuthTokenFileProvider,
  PatTokenProvider,
  publicKeyFingerprint,
  tokenProviderFromSettings,
} from './auth.js';
export type { AgentRef, CortexAgentOptions, CortexLogger } from './client.js';
export { CortexAgent } from './client.js';
