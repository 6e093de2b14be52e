/**
 * The script of a procedure worker thread, kept as plain JavaScript text and started with `eval: true` so it
 * runs the same from TypeScript sources (tests, tsx) and from the compiled package, with no loader involved.
 *
 * Snowflake's JavaScript procedure API is synchronous while DuckDB is asynchronous, so the worker hosts the vm and
 * blocks in `Atomics.wait` for each statement; the main thread runs the statement on the warehouse and answers on
 * a MessagePort that the worker drains with `receiveMessageOnPort` (the synckit technique).
 */
export const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const vm = require('node:vm');
const flag = new Int32Array(workerData.sab);
const answers = workerData.port;
const STATEMENT_TIMEOUT_MS = workerData.statementTimeoutMs;

function sfError(code, state, message) {
  const e = new Error(message);
  e.code = code;
  e.state = state;
  e.stackTraceTxt = 'At Snowflake.execute, line 1 position 0';
  return e;
}

function runSql(sqlText, binds) {
  Atomics.store(flag, 0, 0);
  parentPort.postMessage({ type: 'sql', sqlText, binds });
  const waited = Atomics.wait(flag, 0, 0, STATEMENT_TIMEOUT_MS);
  if (waited === 'timed-out') throw sfError(604, '57014', 'Statement reached its statement or warehouse timeout and was canceled.');
  const msg = receiveMessageOnPort(answers);
  if (!msg) throw sfError(100000, 'XX000', 'Local warehouse did not answer the statement.');
  const answer = msg.message;
  if (answer.error) throw sfError(answer.error.code, answer.error.state, answer.error.message);
  return answer;
}

function checkOptions(options) {
  if (!options || typeof options.sqlText !== 'string' || options.sqlText.trim() === '') {
    throw sfError(100176, 'P0000', 'Missing sqlText argument.');
  }
  const binds = options.binds === undefined ? [] : options.binds;
  if (!Array.isArray(binds)) throw sfError(100183, 'P0000', 'Invalid binds argument: binds must be an array.');
  binds.forEach(function (b, i) {
    const ok = b === null || b === undefined || typeof b === 'string' || typeof b === 'number' || typeof b === 'boolean' || b instanceof Date;
    if (!ok) throw sfError(100183, 'P0000', 'Invalid binds argument: bind variable ' + (i + 1) + ' has an unsupported type (' + (Array.isArray(b) ? 'array' : typeof b) + ').');
  });
  return { sqlText: options.sqlText, binds: binds.map(function (b) { return b === undefined ? null : b; }) };
}

function makeResultSet(answer) {
  let index = -1;
  const names = answer.columns;
  function columnIndex(c) {
    if (typeof c === 'number') {
      if (c < 1 || c > names.length || !Number.isInteger(c)) throw sfError(100185, 'P0000', 'Given column index ' + c + ' does not exist.');
      return c - 1;
    }
    let i = names.indexOf(c);
    if (i < 0 && typeof c === 'string') i = names.findIndex(function (n) { return n.toUpperCase() === c.toUpperCase(); });
    if (i < 0) throw sfError(100185, 'P0000', 'Given column name ' + c + ' does not exist.');
    return i;
  }
  function current() {
    const row = answer.rows[index];
    if (!row) throw sfError(100185, 'P0000', 'ResultSet is not positioned on a row; call next() first.');
    return row;
  }
  const rs = {
    next: function () { index++; return index < answer.rows.length; },
    getColumnValue: function (c) { return current()[columnIndex(c)]; },
    getColumnValueAsString: function (c) {
      const v = current()[columnIndex(c)];
      if (v === null || v === undefined) return null;
      if (v instanceof Date) return v.toISOString();
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    },
    getColumnCount: function () { return names.length; },
    getColumnName: function (i) { return names[columnIndex(i)]; },
    getRowCount: function () { return answer.rows.length; },
    getNumRowsAffected: function () { return answer.rowsAffected; },
    getQueryId: function () { return answer.queryId; },
  };
  names.forEach(function (n, i) {
    if (!(n in rs)) Object.defineProperty(rs, n, { get: function () { return current()[i]; }, enumerable: true });
  });
  return rs;
}

function makeStatement(options) {
  const o = checkOptions(options);
  let answer = null;
  function executed() {
    if (!answer) throw sfError(100184, 'P0000', 'Statement has not been executed yet.');
    return answer;
  }
  return {
    execute: function () { answer = runSql(o.sqlText, o.binds); return makeResultSet(answer); },
    getNumRowsAffected: function () { return executed().rowsAffected; },
    getNumRowsInserted: function () { return executed().rowsAffected; },
    getNumRowsUpdated: function () { return executed().rowsAffected; },
    getNumRowsDeleted: function () { return executed().rowsAffected; },
    getRowCount: function () { return executed().rows.length; },
    getColumnCount: function () { return executed().columns.length; },
    getColumnName: function (i) { return executed().columns[i - 1]; },
    getQueryId: function () { return executed().queryId; },
    getSqlText: function () { return o.sqlText; },
  };
}

const snowflake = Object.freeze({
  createStatement: function (options) { return makeStatement(options); },
  execute: function (options) { return makeStatement(options).execute(); },
  log: function () {},
  addEvent: function () {},
  setSpanAttribute: function () {},
});

const scripts = new Map();

parentPort.on('message', function (msg) {
  if (msg.type !== 'call') return;
  try {
    const key = msg.name + '\n' + msg.body;
    let script = scripts.get(key);
    if (!script) {
      script = new vm.Script('(function () {\n' + msg.body + '\n})()', { filename: msg.name + '.js' });
      scripts.set(key, script);
    }
    // A fresh context per call: procedures cannot leak state into the next call, as in Snowflake.
    const sandbox = Object.assign({}, msg.args, { snowflake: snowflake });
    const context = vm.createContext(sandbox, { codeGeneration: { strings: false, wasm: false } });
    const result = script.runInContext(context, { timeout: msg.timeoutMs });
    const json = result === undefined ? null : JSON.parse(JSON.stringify(result));
    parentPort.postMessage({ type: 'done', id: msg.id, ok: true, result: json === undefined ? null : json });
  } catch (err) {
    const isObj = err !== null && typeof err === 'object';
    parentPort.postMessage({
      type: 'done',
      id: msg.id,
      ok: false,
      error: {
        message: isObj && typeof err.message === 'string' ? err.message : String(err),
        stack: isObj && typeof err.stack === 'string' ? err.stack : '',
      },
    });
  }
});
`;
