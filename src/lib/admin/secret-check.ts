import { safeEqual } from "../auth";
import { syncSecrets } from "../config";

/**
 * True when `typed` is one of the accepted sync secrets (SYNC_SECRET, CRON_SECRET). Every secret is
 * compared in constant time, without stopping at the first match. Throws ConfigError when none is set.
 */
export function isSyncSecret(typed: string, env: Record<string, string | undefined> = process.env): boolean {
  const secrets = syncSecrets(env);
  const presented = typed.trim();
  if (!presented) return false;
  return secrets.map((secret) => safeEqual(presented, secret)).some(Boolean);
}
