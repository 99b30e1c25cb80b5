import { OK_REPLY } from "../backend";
import { RedisReplyError } from "../errors";
import { indexWindow, parseInteger } from "./args";
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

export const listCommands: CommandTable = {
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
};
