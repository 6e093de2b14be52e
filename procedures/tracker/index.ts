export * from './approvers.js';
export * from './columns.js';
export * from './transitions.js';
