/**
 * The Snowflake DDL parser and guard: public entry point. Pure TypeScript with no Node APIs, so it can be bundled
 * into Snowflake JavaScript procedures.
 */
export * from './ast.js';
export { GuardError, guardStatement } from './guard.js';
export { SqlError, tokenize } from './lexer.js';
export { parseStatement } from './parser.js';
export { splitStatements, toInputPosition } from './split.js';
