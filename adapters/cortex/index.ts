export type { AgentSqlOptions, CortexSchema } from './agentSpec.js';
export { AGENT_DEFAULTS, agentSpecification, renderAgentSpecYaml, renderAgentSql } from './agentSpec.js';
export type { AgentRef, CortexAgentOptions, CortexLogger } from './client.js';
export { CortexAgent } from './client.js';
export { authHeaders } from './http.js';
