// adapters/local/agent still imports this path; the default names live in defaultNames.ts (remove once it moves).
export { defaultFileFormatName } from './defaultNames.js';
