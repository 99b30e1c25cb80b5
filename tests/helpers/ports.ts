import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/** Binds `port` on loopback and lets it go: the port, or null when something holds it. */
function tryPort(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(null));
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}

/** Where the kernel's range for `listen(0)` starts: every emulator and stub server in the tests takes its port there. */
function ephemeralLow(): number {
  try {
    return Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
  } catch {
    return 32768; // Linux's default (macOS and Windows start theirs higher, at 49152)
  }
}

/**
 * A loopback port nothing listens on, for a server a test starts later or for a URL that must refuse.
 * Picked below the ephemeral range, so that the servers other tests start on port 0 in the meantime
 * cannot be given it (a port from `listen(0)` could: one was, and the app under test never started).
 */
export async function freePort(): Promise<number> {
  const low = ephemeralLow();
  const base = 10_000;
  for (let i = 0; low - base > 1_000 && i < 50; i++) {
    const port = await tryPort(base + randomInt(low - base));
    if (port) return port;
  }
  const port = await tryPort(0);
  if (!port) throw new Error("no free loopback port");
  return port;
}
