// Node preload that keeps every TCP server of the process on the loopback interface.
//   NODE_OPTIONS="--require /path/to/scripts/loopback-only.cjs" node some-tool.js
//
// Tools such as the Agents Playground call server.listen(port) with no host, which Node binds to every interface.
// This rewrites each listen call that names no host (or a wildcard host: "", 0.0.0.0, ::) to host 127.0.0.1.
// Calls that name a specific host, IPC paths (listen("/tmp/x.sock")) and handles/fds are passed through unchanged.
'use strict';

const net = require('node:net');

const LOOPBACK = '127.0.0.1';
const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '::0']);
const originalListen = net.Server.prototype.listen;

/** A port as listen accepts it: a number, or a string of digits (any other string is an IPC path). */
function isPort(value) {
  return typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value));
}

function needsLoopback(host) {
  return host === undefined || host === null || WILDCARD_HOSTS.has(host);
}

function withCallback(options, callback) {
  return callback ? [options, callback] : [options];
}

/** The arguments for the original listen: the same call, with loopback as the host where none was named. */
function loopbackArgs(args) {
  const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
  const rest = callback ? args.slice(0, -1) : args.slice();
  const [first, second, third] = rest;

  // listen() and listen(callback): a random port on every interface.
  if (first === undefined || first === null) {
    return withCallback({ port: 0, host: LOOPBACK }, callback);
  }

  // listen(port[, host][, backlog][, callback]); Node reads a non-string second argument as the backlog.
  if (isPort(first)) {
    const host = typeof second === 'string' ? second : undefined;
    if (!needsLoopback(host)) {
      return args;
    }
    const backlog = typeof second === 'number' ? second : typeof third === 'number' ? third : undefined;
    return withCallback({ port: Number(first), host: LOOPBACK, ...(backlog === undefined ? {} : { backlog }) }, callback);
  }

  // listen(options[, callback]) with a port: options.path, fd and handle servers are not TCP ports.
  if (typeof first === 'object' && !('path' in first) && !('fd' in first) && !('handle' in first) && !('_handle' in first)) {
    if (!needsLoopback(first.host)) {
      return args;
    }
    return withCallback({ ...first, host: LOOPBACK }, callback);
  }

  // listen(path), listen(handle), listen({ path }), ...: not a TCP port on an interface.
  return args;
}

net.Server.prototype.listen = function listenOnLoopback(...args) {
  return originalListen.apply(this, loopbackArgs(args));
};

module.exports = { loopbackArgs };
