import type { RedisReply } from "../backend";
import type { Keyspace } from "./keyspace";

/** One embedded command: Redis' arity rule plus a synchronous implementation over the keyspace. */
export interface CommandSpec {
  /** As in Redis' COMMAND table: n = exactly n words including the name, -n = at least n. */
  arity: number;
  /** Whether it may change the keyspace (drives persistence and the SCAN index). */
  write: boolean;
  /** Receives the arguments after the command name. Throws RedisReplyError for error replies. */
  run(ks: Keyspace, args: string[]): RedisReply;
}

export type CommandTable = Record<string, CommandSpec>;

export function arityAccepts(arity: number, words: number): boolean {
  return arity >= 0 ? words === arity : words >= -arity;
}
