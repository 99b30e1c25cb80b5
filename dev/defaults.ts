/**
 * Fixed, public values the local cloud runs on. They are not secrets: they are documented in
 * `.env.example` so scripts and tests can rely on them. Never use them against real services.
 */
export const DEV_DEFAULTS = {
  host: "127.0.0.1",
  appPort: 3000,
  qstashPort: 8080,
  kvPort: 8079,
  notionPort: 8090,
  /** The official QStash dev server's public credentials (see shared/reference/qstash.md). */
  qstashToken: "eyJVc2VySUQiOiJkZWZhdWx0VXNlciIsIlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0=",
  qstashCurrentSigningKey: "sig_7kYjw48mhY7kAjqNGcy6cr29RJ6r",
  qstashNextSigningKey: "sig_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs",
  kvToken: "local-kv-dev-token",
  notionToken: "ntn_local_emulator_dev_token",
  syncSecret: "local-dev-sync-secret-0123456789",
  notionWebhookSecret: "secret_local_notion_webhook_dev",
  /** Where emulators persist state between restarts (git-ignored). */
  dataDir: ".data",
} as const;
