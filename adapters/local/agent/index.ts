export type { Cloud, ColumnFact, Facts, FormatType, Slot, ThreadState } from './facts.js';
export { type CallTool, LocalAgent, type LocalAgentOptions } from './local-agent.js';
export { InMemoryThreadStateStore, type ThreadStateStore, threadKey } from './state-store.js';
export { buildToolCalls, type ToolCall } from './tool-inputs.js';
