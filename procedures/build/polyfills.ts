/**
 * Built-ins newer than ES2017 that the bundled code (zod/mini, the generators) calls. Snowflake does not document
 * its JavaScript engine's level, so each one is defined only when missing, non-enumerable like the native one.
 * Written as plain ES2015 text because it is prepended to the bundle as is.
 */
export const POLYFILLS = `(function () {
  function define(owner, name, value) {
    if (typeof owner[name] !== 'function') {
      Object.defineProperty(owner, name, { value: value, writable: true, configurable: true, enumerable: false });
    }
  }
  define(Object, 'fromEntries', function (entries) {
    var out = {};
    for (var entry of entries) out[entry[0]] = entry[1];
    return out;
  });
  function flatInto(target, source, depth) {
    for (var i = 0; i < source.length; i++) {
      if (!(i in source)) continue;
      var v = source[i];
      if (depth > 0 && Array.isArray(v)) flatInto(target, v, depth - 1);
      else target.push(v);
    }
    return target;
  }
  define(Array.prototype, 'flat', function (depth) {
    return flatInto([], this, depth === undefined ? 1 : Number(depth) || 0);
  });
  define(Array.prototype, 'flatMap', function (fn, thisArg) {
    var mapped = [];
    for (var i = 0; i < this.length; i++) if (i in this) mapped.push(fn.call(thisArg, this[i], i, this));
    return flatInto([], mapped, 1);
  });
})();`;
