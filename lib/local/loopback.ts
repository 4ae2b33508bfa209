import { Server } from 'node:net';

/** Where every local emulator and server listens: this machine only. */
export const LOOPBACK_HOST = '127.0.0.1';

/**
 * Hosts that would mean "every interface" in a `listen` call. Nothing listens on them: `onLoopback` rewrites a
 * call naming one of them (or none) to LOOPBACK_HOST.
 */
const ANY_ADDRESS = new Set(['0.0.0.0', '::', '', undefined]);

type Listen = Server['listen'];
let depth = 0;
let original: Listen | undefined;

/** `listen` arguments with an any-address host (or none) bound to loopback; pipes and explicit hosts kept. */
function toLoopback(args: unknown[]): unknown[] {
  const [first, second] = args;
  if (first !== null && typeof first === 'object') {
    const options = first as { host?: string; path?: string };
    if (options.path !== undefined || !ANY_ADDRESS.has(options.host)) return args;
    return [{ ...options, host: LOOPBACK_HOST }, ...args.slice(1)];
  }
  if (typeof first !== 'number' && !(typeof first === 'string' && /^\d+$/.test(first))) return args;
  if (typeof second === 'string')
    return ANY_ADDRESS.has(second) ? [first, LOOPBACK_HOST, ...args.slice(2)] : args;
  return [first, LOOPBACK_HOST, ...args.slice(1)];
}

/**
 * Runs `start` with servers it opens bound to 127.0.0.1 instead of every interface: fauxqs hard-codes
 * `0.0.0.0` and has no option for it, and an emulator without authentication must not be reachable from
 * the network. Only calls that name no host or the any-address are changed, and only while `start` runs.
 */
export async function onLoopback<T>(start: () => Promise<T>): Promise<T> {
  if (depth++ === 0) {
    const listen = Server.prototype.listen;
    original = listen;
    Server.prototype.listen = function (this: Server, ...args: unknown[]) {
      return (listen as (...a: unknown[]) => Server).apply(this, toLoopback(args));
    } as Listen;
  }
  try {
    return await start();
  } finally {
    if (--depth === 0 && original) {
      Server.prototype.listen = original;
      original = undefined;
    }
  }
}
