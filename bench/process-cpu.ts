/** CPU time of child processes from /proc (Linux), to tell what a throughput figure is bounded by. */
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux (getconf CLK_TCK)

/** Fields of /proc/<pid>/stat after the command (which may hold spaces): [state, ppid, …]. */
function statFields(pid: string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/**
 * User + system CPU milliseconds used so far by every descendant of `pid` (not `pid` itself): here,
 * `next start` and the server process it forks (Next renames its processes, so they are found by
 * parentage, not by name). Null where /proc is not readable.
 */
export function descendantsCpuMs(pid = process.pid): number | null {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return null;
  }
  const parents = new Map<string, string>();
  for (const entry of entries) {
    const ppid = statFields(entry)?.[1];
    if (ppid) parents.set(entry, ppid);
  }
  const tree = new Set([String(pid)]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [child, parent] of parents) {
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grew = true;
      }
    }
  }
  tree.delete(String(pid));
  let ticks = 0;
  for (const member of tree) {
    const fields = statFields(member);
    if (fields) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks / TICKS_PER_SECOND) * 1000;
}
