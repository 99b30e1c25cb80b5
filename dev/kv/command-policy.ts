import { REDIS_ERRORS } from "./errors";

/**
 * Commands that change or depend on connection state. Over REST every request may land on a
 * different connection, so Upstash refuses them; so do we (they would also corrupt the emulator's
 * shared Redis connection).
 */
const UNAVAILABLE = new Set([
  "auth",
  "hello",
  "select",
  "swapdb",
  "quit",
  "reset",
  "client",
  "multi",
  "exec",
  "discard",
  "watch",
  "unwatch",
  "subscribe",
  "psubscribe",
  "ssubscribe",
  "unsubscribe",
  "punsubscribe",
  "sunsubscribe",
  "monitor",
  "sync",
  "psync",
  "replicaof",
  "slaveof",
  "shutdown",
  "debug",
  "failover",
]);

/** Commands that may block their connection; the Redis backend runs them on a connection of their own. */
const BLOCKING = new Set([
  "blpop",
  "brpop",
  "brpoplpush",
  "blmove",
  "blmpop",
  "bzpopmin",
  "bzpopmax",
  "bzmpop",
  "xread",
  "xreadgroup",
  "wait",
  "waitaof",
]);

/** The error text for a command the REST API refuses, or undefined when it may run. */
export function refusalOf(name: string): string | undefined {
  return UNAVAILABLE.has(name.toLowerCase()) ? REDIS_ERRORS.notAvailable(name) : undefined;
}

export function isBlockingCommand(name: string): boolean {
  return BLOCKING.has(name.toLowerCase());
}
