import { OK_REPLY } from "../backend";
import { REDIS_ERRORS, RedisReplyError } from "../errors";
import { indexWindow, parseInteger, upper } from "./args";
import type { CommandTable } from "./command-spec";
import type { Keyspace } from "./keyspace";

function push(ks: Keyspace, key: string, values: string[], left: boolean): number {
  const list = ks.read(key, "list") ?? [];
  if (left) list.unshift(...[...values].reverse());
  else list.push(...values);
  ks.write(key, list);
  return list.length;
}

/** LPOP/RPOP: one element (or nil) without a count, an array (or nil) with one. */
function pop(ks: Keyspace, key: string, countArg: string | undefined, left: boolean) {
  const count = countArg === undefined ? undefined : parseInteger(countArg);
  if (count !== undefined && count < 0)
    throw new RedisReplyError("ERR value is out of range, must be positive");
  const list = ks.read(key, "list");
  if (!list) return null;
  const taken = left
    ? list.splice(0, count ?? 1)
    : list.splice(Math.max(0, list.length - (count ?? 1))).reverse();
  ks.writeCollection(key, list);
  return count === undefined ? (taken[0] ?? null) : taken;
}

/** LPUSHX/RPUSHX: push every value, but only onto a list that exists. */
function pushExisting(ks: Keyspace, key: string, values: string[], left: boolean): number {
  return ks.read(key, "list") === undefined ? 0 : push(ks, key, values, left);
}

function side(word: string | undefined): "LEFT" | "RIGHT" {
  const name = upper(word);
  if (name !== "LEFT" && name !== "RIGHT") throw new RedisReplyError(REDIS_ERRORS.syntax);
  return name;
}

/** LMOVE/RPOPLPUSH: the destination's type is checked before anything is popped. */
function move(
  ks: Keyspace,
  source: string,
  destination: string,
  from: "LEFT" | "RIGHT",
  to: "LEFT" | "RIGHT",
) {
  const list = ks.read(source, "list");
  if (!list) return null;
  ks.read(destination, "list");
  const value = (from === "LEFT" ? list.shift() : list.pop())!;
  ks.writeCollection(source, list);
  push(ks, destination, [value], to === "LEFT");
  return value;
}

function lset(ks: Keyspace, [key, indexArg, value]: string[]) {
  const list = ks.read(key!, "list");
  if (!list) throw new RedisReplyError("ERR no such key");
  const index = parseInteger(indexArg!);
  const at = index < 0 ? list.length + index : index;
  if (at < 0 || at >= list.length) throw new RedisReplyError("ERR index out of range");
  list[at] = value!;
  ks.write(key!, list);
  return OK_REPLY;
}

function linsert(ks: Keyspace, [key, where, pivot, value]: string[]): number {
  const position = upper(where);
  if (position !== "BEFORE" && position !== "AFTER") throw new RedisReplyError(REDIS_ERRORS.syntax);
  const list = ks.read(key!, "list");
  if (!list) return 0;
  const at = list.indexOf(pivot!);
  if (at < 0) return -1;
  list.splice(position === "BEFORE" ? at : at + 1, 0, value!);
  ks.write(key!, list);
  return list.length;
}

export const listCommands = {
  lpush: { arity: -3, write: true, run: (ks, [key, ...values]) => push(ks, key!, values, true) },
  rpush: { arity: -3, write: true, run: (ks, [key, ...values]) => push(ks, key!, values, false) },
  lpop: { arity: -2, write: true, run: (ks, [key, count]) => pop(ks, key!, count, true) },
  rpop: { arity: -2, write: true, run: (ks, [key, count]) => pop(ks, key!, count, false) },
  llen: { arity: 2, write: false, run: (ks, [key]) => (ks.read(key!, "list") ?? []).length },
  lindex: {
    arity: 3,
    write: false,
    run: (ks, [key, index]) => {
      const list = ks.read(key!, "list") ?? [];
      const at = parseInteger(index!);
      return list[at < 0 ? list.length + at : at] ?? null;
    },
  },
  lrange: {
    arity: 4,
    write: false,
    run: (ks, [key, start, stop]) => {
      const list = ks.read(key!, "list") ?? [];
      const window = indexWindow(parseInteger(start!), parseInteger(stop!), list.length);
      return window ? list.slice(window[0], window[1] + 1) : [];
    },
  },
  ltrim: {
    arity: 4,
    write: true,
    run: (ks, [key, start, stop]) => {
      const from = parseInteger(start!);
      const to = parseInteger(stop!);
      const list = ks.read(key!, "list");
      if (!list) return OK_REPLY;
      const window = indexWindow(from, to, list.length);
      ks.writeCollection(key!, window ? list.slice(window[0], window[1] + 1) : []);
      return OK_REPLY;
    },
  },
  lrem: {
    arity: 4,
    write: true,
    run: (ks, [key, countArg, element]) => {
      const count = parseInteger(countArg!);
      const list = ks.read(key!, "list");
      if (!list) return 0;
      const limit = count === 0 ? Infinity : Math.abs(count);
      const order = count < 0 ? [...list.keys()].reverse() : [...list.keys()];
      const doomed = new Set(order.filter((i) => list[i] === element).slice(0, limit));
      ks.writeCollection(
        key!,
        list.filter((_, i) => !doomed.has(i)),
      );
      return doomed.size;
    },
  },
  lpushx: { arity: -3, write: true, run: (ks, [key, ...values]) => pushExisting(ks, key!, values, true) },
  rpushx: { arity: -3, write: true, run: (ks, [key, ...values]) => pushExisting(ks, key!, values, false) },
  lset: { arity: 4, write: true, run: lset },
  linsert: { arity: 5, write: true, run: linsert },
  lmove: {
    arity: 5,
    write: true,
    run: (ks, [source, destination, from, to]) => {
      const [fromSide, toSide] = [side(from), side(to)];
      return move(ks, source!, destination!, fromSide, toSide);
    },
  },
  rpoplpush: {
    arity: 3,
    write: true,
    run: (ks, [source, destination]) => move(ks, source!, destination!, "RIGHT", "LEFT"),
  },
} satisfies CommandTable;
