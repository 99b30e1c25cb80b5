import { appUrl, isConfigError, kvConfig, notionConfig, qstashConfig, syncTuning } from "../config";
import { PUBLIC_DEV_VALUES, STRONG_SECRET_LENGTH } from "./public-dev-values";

type Env = Record<string, string | undefined>;

/** `ok` and `info` need nothing; `warning` deserves a look; `problem` breaks syncing or security. */
export type HealthStatus = "ok" | "info" | "warning" | "problem";

export interface HealthItem {
  id: string;
  label: string;
  status: HealthStatus;
  /** Never contains a secret value: only hosts, lengths and yes/no facts. */
  detail: string;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"]);

/** True for loopback URLs: where the local emulators run. */
export function isLocalUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return LOCAL_HOSTS.has(host) || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

function hostOf(url: string): string {
  return new URL(url).host;
}

function service(
  id: string,
  label: string,
  url: () => string,
  realName: string,
  localName = "Local emulator",
): HealthItem {
  try {
    const value = url();
    return isLocalUrl(value)
      ? { id, label, status: "info", detail: `${localName} (${hostOf(value)})` }
      : { id, label, status: "ok", detail: `${realName} (${hostOf(value)})` };
  } catch (error) {
    return problemOf(id, label, error);
  }
}

function problemOf(id: string, label: string, error: unknown): HealthItem {
  if (isConfigError(error)) return { id, label, status: "problem", detail: error.message };
  throw error;
}

function signingKeys(env: Env): HealthItem {
  const id = "qstash-signing-keys";
  const label = "QStash signing keys";
  try {
    const config = qstashConfig(env);
    const publicKeys: string[] = [
      PUBLIC_DEV_VALUES.qstashCurrentSigningKey,
      PUBLIC_DEV_VALUES.qstashNextSigningKey,
    ];
    const usesDevKeys = [config.currentSigningKey, config.nextSigningKey].some((k) => publicKeys.includes(k));
    if (usesDevKeys && !isLocalUrl(config.url)) {
      return {
        id,
        label,
        status: "problem",
        detail: "The public dev signing keys are set for a real QStash.",
      };
    }
    return {
      id,
      label,
      status: "ok",
      detail: usesDevKeys ? "Current and next key set (public dev keys)" : "Current and next key set",
    };
  } catch (error) {
    return problemOf(id, label, error);
  }
}

/** How strong each configured secret is, by length and by not being the documented dev value. */
export function secretStrength(name: string, value: string): HealthItem {
  const id = `secret-${name.toLowerCase()}`;
  if (value === PUBLIC_DEV_VALUES.syncSecret) {
    return { id, label: name, status: "warning", detail: "Weak: the documented dev secret" };
  }
  if (value.length < STRONG_SECRET_LENGTH) {
    const detail = `Weak: ${value.length} characters, use at least ${STRONG_SECRET_LENGTH}`;
    return { id, label: name, status: "warning", detail };
  }
  return { id, label: name, status: "ok", detail: `Strong (${value.length} characters)` };
}

function secrets(env: Env): HealthItem[] {
  const present = ["SYNC_SECRET", "CRON_SECRET"]
    .map((name) => ({ name, value: env[name]?.trim() ?? "" }))
    .filter((s) => s.value);
  if (present.length === 0) {
    const detail = "Missing SYNC_SECRET: set it in .env.local (`openssl rand -hex 32`).";
    return [{ id: "secret-sync_secret", label: "SYNC_SECRET", status: "problem", detail }];
  }
  return present.map((s) => secretStrength(s.name, s.value));
}

function optionalSettings(env: Env): HealthItem[] {
  try {
    const tuning = syncTuning(env);
    return [
      {
        id: "notify",
        label: "Job notifications",
        status: "info",
        detail: tuning.notifyUrl ? `Posted to ${hostOf(tuning.notifyUrl)}` : "Off (SYNC_NOTIFY_URL not set)",
      },
      {
        id: "webhook",
        label: "Notion webhooks",
        status: "info",
        detail: tuning.webhookSecret ? "Verification token set" : "Off (NOTION_WEBHOOK_SECRET not set)",
      },
    ];
  } catch (error) {
    return [problemOf("tuning", "Sync tuning", error)];
  }
}

/** The configuration health list of the overview: which services are real or local, keys, secrets. */
export function configHealth(env: Env = process.env): HealthItem[] {
  return [
    service("notion", "Notion", () => notionConfig(env).apiUrl, "Notion API"),
    service("qstash", "QStash", () => qstashConfig(env).url, "QStash"),
    signingKeys(env),
    service("kv", "Cache (Upstash Redis)", () => kvConfig(env).url, "Upstash Redis"),
    service("app-url", "App URL", () => appUrl(env), "Public URL", "Local address"),
    ...secrets(env),
    ...optionalSettings(env),
  ];
}
