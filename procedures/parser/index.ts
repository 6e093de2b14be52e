/**
 * The Snowflake DDL parser and guard: public entry point. Pure TypeScript with no Node APIs, so it can be bundled
 * into Snowflake JavaScript procedures.
 */
export * from './ast.js';
export { GuardError, guardStatement } from './guard.js';
export { positionAt, SqlError, type StageRefParts, type Token, type TokenKind, tokenize } from './lexer.js';
export { ALLOWED_MESSAGE, kindLabel, parseStatement } from './parser.js';
export { type StatementSlice, splitStatements, toInputPosition } from './split.js';
