/**
 * A memory cgroup for the memory suite's children, to measure a sync as a function with that much memory
 * runs it. Node sizes V8's heap from the memory it can see (a cgroup's limit, else the machine's total),
 * and V8 lets garbage grow further before it collects on a big heap: on this 24 GB machine a child gets
 * a heap limit of 4 GB, in 2 GB (a Vercel function's default size) 1 GB. Linux only, and it needs the
 * right to create cgroups (root): the error says so.
 */
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface MemoryCgroup {
  /** Write a pid here to move that process into the cgroup. */
  procsFile: string;
  limitMB: number;
  remove(): void;
}

/** The cgroup (v1 memory controller, or v2) this process is in, as a directory under /sys/fs/cgroup. */
function ownCgroupDir(): { dir: string; limitFile: string } {
  const lines = readFileSync("/proc/self/cgroup", "utf8").trim().split("\n");
  const v1 = lines
    .map((l) => l.split(":"))
    .find(([, controllers]) => controllers?.split(",").includes("memory"));
  if (v1) return { dir: join("/sys/fs/cgroup/memory", v1[2]!), limitFile: "memory.limit_in_bytes" };
  const v2 = lines.map((l) => l.split(":")).find(([hierarchy]) => hierarchy === "0");
  if (v2) return { dir: join("/sys/fs/cgroup", v2[2]!), limitFile: "memory.max" };
  throw new Error("no memory cgroup in /proc/self/cgroup");
}

export function createMemoryCgroup(limitMB: number): MemoryCgroup {
  try {
    const own = ownCgroupDir();
    const dir = join(own.dir, `notion-sync-bench-${process.pid}-${limitMB}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, own.limitFile), String(limitMB * 1024 * 1024));
    return {
      procsFile: join(dir, "cgroup.procs"),
      limitMB,
      remove: () => rmdirSync(dir),
    };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `--function-memory needs a memory cgroup this process may create (Linux, as root): ${why}`,
    );
  }
}

/** The command that starts `command args…` inside the cgroup: a shell moves itself in, then execs it. */
export function inCgroup(cgroup: MemoryCgroup, command: string, args: string[]): [string, string[]] {
  return ["/bin/sh", ["-c", 'echo $$ > "$0" && exec "$@"', cgroup.procsFile, command, ...args]];
}
