export { extractAll, type Findings, hasFacts } from './extractAll.js';
