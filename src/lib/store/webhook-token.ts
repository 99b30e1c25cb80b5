import type { Store } from "./redis";

/**
 * The verification token Notion POSTs once when a webhook subscription is created. The operator pastes it
 * into Notion's "Verify" dialog and into NOTION_WEBHOOK_SECRET; Notion shows it nowhere else, so the app
 * keeps it for a day and shows it only on the signed-in dashboard (never in logs or public responses).
 */
export interface WebhookTokenRecord {
  token: string;
  receivedAt: string;
}

const TTL_SECONDS = 24 * 3600;

function key(store: Store): string {
  return `${store.keys.prefix}:webhook-verification`;
}

export async function saveWebhookToken(store: Store, token: string, receivedAt: string): Promise<void> {
  const record: WebhookTokenRecord = { token, receivedAt };
  await store.redis.set(key(store), JSON.stringify(record), { ex: TTL_SECONDS });
}

export async function readWebhookToken(store: Store): Promise<WebhookTokenRecord | null> {
  const raw = await store.redis.get<unknown>(key(store));
  if (!raw) return null;
  const value = (typeof raw === "string" ? JSON.parse(raw) : raw) as Partial<WebhookTokenRecord>;
  return typeof value.token === "string" && typeof value.receivedAt === "string"
    ? { token: value.token, receivedAt: value.receivedAt }
    : null;
}
