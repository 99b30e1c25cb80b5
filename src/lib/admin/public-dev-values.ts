/**
 * Values documented in `.env.example` and `dev/defaults.ts` for the local cloud. They are public, so a
 * deployment using them is not protected. Repeated here because `src/` never imports `dev/`; a unit test
 * keeps the two lists equal.
 */
export const PUBLIC_DEV_VALUES = {
  syncSecret: "local-dev-sync-secret-0123456789",
  qstashCurrentSigningKey: "sig_7kYjw48mhY7kAjqNGcy6cr29RJ6r",
  qstashNextSigningKey: "sig_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs",
} as const;

/** A strong secret is long and not one of the documented dev values. */
export const STRONG_SECRET_LENGTH = 32;
