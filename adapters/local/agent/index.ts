export type { Cloud, FormatType, ThreadState } from './facts.js';
export { type CallTool, LocalAgent, type LocalAgentOptions } from './localAgent.js';
export { InMemoryThreadStateStore } from './stateStore.js';
export type { ToolCall } from './toolInputs.js';
