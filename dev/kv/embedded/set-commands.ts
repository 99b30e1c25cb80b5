import type { CommandTable } from "./command-spec";
import type { Keyspace } from "./keyspace";

type SetOperation = "inter" | "union" | "diff";

const INTEGER = /^-?(0|[1-9]\d{0,18})$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A set's members in the order Redis 7.0 lists them where that order is fixed: a set of at most
 * 512 integers is an intset, kept sorted. Other sets are hash tables with no order to match.
 */
export function memberOrder(set: Set<string>): string[] {
  const members = [...set];
  if (members.length > 512 || !members.every((member) => INTEGER.test(member))) return members;
  const values = members.map((member) => BigInt(member));
  if (values.some((value) => value < INT64_MIN || value > INT64_MAX)) return members;
  return members.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
}

/** Every key's type is checked first (a missing key is an empty set), then the operation runs. */
function combine(ks: Keyspace, keys: string[], operation: SetOperation): string[] {
  const sets = keys.map((key) => ks.read(key, "set") ?? new Set<string>());
  const [first, ...others] = sets;
  if (operation === "union") return [...new Set(sets.flatMap((set) => [...set]))];
  if (operation === "inter") return [...first!].filter((member) => others.every((set) => set.has(member)));
  return [...first!].filter((member) => !others.some((set) => set.has(member)));
}

function storeCombined(ks: Keyspace, [destination, ...keys]: string[], operation: SetOperation): number {
  const members = combine(ks, keys, operation);
  ks.delete(destination!);
  ks.writeCollection(destination!, new Set(members));
  return members.length;
}

export const setCommands = {
  sadd: {
    arity: -3,
    write: true,
    run: (ks, [key, ...members]) => {
      const set = ks.read(key!, "set") ?? new Set<string>();
      const before = set.size;
      for (const member of members) set.add(member);
      ks.write(key!, set);
      return set.size - before;
    },
  },
  srem: {
    arity: -3,
    write: true,
    run: (ks, [key, ...members]) => {
      const set = ks.read(key!, "set");
      if (!set) return 0;
      const removed = members.filter((member) => set.delete(member)).length;
      ks.writeCollection(key!, set);
      return removed;
    },
  },
  smembers: { arity: 2, write: false, run: (ks, [key]) => memberOrder(ks.read(key!, "set") ?? new Set()) },
  scard: { arity: 2, write: false, run: (ks, [key]) => ks.read(key!, "set")?.size ?? 0 },
  sismember: {
    arity: 3,
    write: false,
    run: (ks, [key, member]) => (ks.read(key!, "set")?.has(member!) ? 1 : 0),
  },
  smismember: {
    arity: -3,
    write: false,
    run: (ks, [key, ...members]) => {
      const set = ks.read(key!, "set");
      return members.map((member) => (set?.has(member) ? 1 : 0));
    },
  },
  sinter: { arity: -2, write: false, run: (ks, keys) => combine(ks, keys, "inter") },
  sunion: { arity: -2, write: false, run: (ks, keys) => combine(ks, keys, "union") },
  sdiff: { arity: -2, write: false, run: (ks, keys) => combine(ks, keys, "diff") },
  sinterstore: { arity: -3, write: true, run: (ks, args) => storeCombined(ks, args, "inter") },
  sunionstore: { arity: -3, write: true, run: (ks, args) => storeCombined(ks, args, "union") },
  sdiffstore: { arity: -3, write: true, run: (ks, args) => storeCombined(ks, args, "diff") },
  smove: {
    arity: 4,
    write: true,
    run: (ks, [source, destination, member]) => {
      const from = ks.read(source!, "set");
      if (!from) return 0;
      const to = ks.read(destination!, "set");
      if (!from.has(member!)) return 0;
      if (source === destination) return 1;
      from.delete(member!);
      ks.writeCollection(source!, from);
      ks.write(destination!, (to ?? new Set<string>()).add(member!));
      return 1;
    },
  },
} satisfies CommandTable;
