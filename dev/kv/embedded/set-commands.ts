import type { CommandTable } from "./command-spec";

export const setCommands: CommandTable = {
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
  smembers: { arity: 2, write: false, run: (ks, [key]) => [...(ks.read(key!, "set") ?? [])] },
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
};
