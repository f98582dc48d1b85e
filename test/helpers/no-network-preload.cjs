'use strict';
/**
 * Preloaded with NODE_OPTIONS=--require into every Node process and worker thread the
 * no-network test starts: each network API is replaced by a trap that records the call (to the
 * file named by REDLINE_NET_LOG) and throws. REDLINE_NET_MARKER gets one line per process or
 * thread the preload ran in, so the test can show that worker threads were covered too.
 */
const fs = require('node:fs');
const { isMainThread, threadId } = require('node:worker_threads');

const log = process.env.REDLINE_NET_LOG;
const marker = process.env.REDLINE_NET_MARKER;
if (marker) fs.appendFileSync(marker, `${isMainThread ? 'main' : 'worker'} pid=${process.pid} thread=${threadId} ${process.argv[1] ?? ''}\n`);

function trap(api) {
  return function blockedNetworkCall() {
    const err = new Error(`network call blocked by the no-network test: ${api}`);
    if (log) {
      const stack = String(err.stack).split('\n').slice(2, 10).join('\n');
      fs.appendFileSync(log, JSON.stringify({ api, pid: process.pid, thread: threadId, main: isMainThread, stack }) + '\n');
    }
    throw err;
  };
}

function patch(obj, names, label) {
  if (!obj) return;
  for (const name of names) if (typeof obj[name] === 'function') obj[name] = trap(`${label}.${name}`);
}

const net = require('node:net');
patch(net, ['connect', 'createConnection'], 'net');
patch(net.Socket.prototype, ['connect'], 'net.Socket.prototype');
patch(net.Server.prototype, ['listen'], 'net.Server.prototype');
patch(require('node:tls'), ['connect'], 'tls');
patch(require('node:http'), ['request', 'get'], 'http');
patch(require('node:https'), ['request', 'get'], 'https');
patch(require('node:http2'), ['connect'], 'http2');
patch(require('node:dgram'), ['createSocket'], 'dgram');

const DNS = ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCaa', 'resolveCname', 'resolveMx', 'resolveNaptr', 'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv', 'resolveTxt', 'reverse'];
const dns = require('node:dns');
patch(dns, DNS, 'dns');
patch(dns.promises, DNS, 'dns.promises');
patch(dns.Resolver && dns.Resolver.prototype, DNS, 'dns.Resolver.prototype');
patch(dns.promises && dns.promises.Resolver && dns.promises.Resolver.prototype, DNS, 'dns.promises.Resolver.prototype');

for (const name of ['fetch', 'WebSocket', 'EventSource']) {
  if (typeof globalThis[name] === 'function') globalThis[name] = trap(`globalThis.${name}`);
}

// ES modules that import the built-ins get the patched functions too.
require('node:module').syncBuiltinESMExports();
