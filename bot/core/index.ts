/** The bot core's public face: how it is built, and the contract channels call (api.ts). */
export { createBotCore } from './core.js';
export type { CoreSettings } from './services.js';
