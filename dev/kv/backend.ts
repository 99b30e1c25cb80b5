import type { RedisReplyError } from "./errors";

/** One command as sent on the wire: name first, every argument already a string. */
export type Argv = readonly string[];

/**
 * A decoded Redis reply. Strings come from the embedded store, Buffers from real Redis (kept as
 * bytes so base64 encoding is faithful). Errors only appear nested (EXEC results, script tables).
 */
export type RedisReply =
  null | number | string | Buffer | StatusReply | RedisReplyError | readonly RedisReply[];

/** A simple-string reply (+OK, +PONG, TYPE's answer). Same JSON as a string; Lua sees `{ ok = … }`. */
export class StatusReply {
  constructor(readonly text: string) {}
}

export const OK_REPLY = new StatusReply("OK");

export type CommandOutcome = { ok: true; value: RedisReply } | { ok: false; error: string };

/** The store behind the REST API: real Redis or the embedded one. */
export interface KvBackend {
  readonly kind: "redis" | "embedded";
  /** Runs commands in order, not atomically: one outcome per command (`/` and `/pipeline`). */
  run(commands: readonly Argv[]): Promise<CommandOutcome[]>;
  /**
   * Runs commands as one MULTI/EXEC transaction (`/multi-exec`). A transaction Redis discards
   * (unknown command, wrong arity) answers a single error and runs nothing.
   */
  runAtomic(commands: readonly Argv[]): Promise<CommandOutcome[] | { discarded: string }>;
  close(): Promise<void>;
}
