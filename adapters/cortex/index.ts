export { CortexAgent } from './client.js';
