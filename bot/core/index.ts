/** The bot core's public face: how it is built, and the contract channels call (api.ts). */
export type { BotCore } from './api.js';
export { createBotCore } from './core.js';
export type { CoreDeps, CoreSettings } from './services.js';
