/**
 * Shared pieces of the abuse suite: QStash-shaped JWTs signed (or mis-signed) on demand, a snapshot
 * of everything a request could change (every cache key under the app's prefix, Notion calls, QStash
 * traffic), and the check that no secret leaks into a response or a log line.
 */
import { createHash, randomBytes } from "node:crypto";
import { Redis as IORedis } from "ioredis";
import { SignJWT } from "jose";
import { expect } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import type { TestApp } from "../helpers/app";
import { TEST_REDIS_URL } from "../helpers/cloud";

export interface ClaimsOverride {
  key?: string;
  sub?: string;
  iss?: string;
  /** Seconds relative to now. */
  exp?: number;
  nbf?: number;
  iat?: number;
  /** The body whose hash goes in the `body` claim (default: the body sent). */
  signedBody?: string;
  alg?: "HS256" | "HS512";
}

/** An Upstash-Signature JWT the way QStash makes one, with any claim overridden. */
export async function qstashJwt(body: string, url: string, o: ClaimsOverride = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const hash = createHash("sha256")
    .update(o.signedBody ?? body)
    .digest("base64url");
  return new SignJWT({ body: hash })
    .setProtectedHeader({ alg: o.alg ?? "HS256", typ: "JWT" })
    .setIssuer(o.iss ?? "Upstash")
    .setSubject(o.sub ?? url)
    .setIssuedAt(now + (o.iat ?? 0))
    .setNotBefore(now + (o.nbf ?? 0))
    .setExpirationTime(now + (o.exp ?? 300))
    .setJti(`jwt_${randomBytes(8).toString("hex")}`)
    .sign(new TextEncoder().encode(o.key ?? DEV_DEFAULTS.qstashCurrentSigningKey));
}

/** An unsigned token (`alg: none`) carrying otherwise valid claims. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}

export interface AppState {
  keys: Record<string, string>;
  notionCalls: number;
  qstashDeliveries: number;
}

let redis: IORedis | undefined;

/** Every key under the app's prefix with its serialised value (TTLs left out: they tick). */
export async function stateOf(app: TestApp): Promise<AppState> {
  redis ??= new IORedis(TEST_REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
  const keys: Record<string, string> = {};
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", `${app.store.keys.prefix}:*`, "COUNT", 1000);
    for (const key of batch) keys[key] = (await redis.dumpBuffer(key))?.toString("hex") ?? "";
    cursor = next;
  } while (cursor !== "0");
  await app.qstash.waitForIdle({ timeoutMs: 20_000 });
  return {
    keys,
    notionCalls: app.notion.requests.counts().total,
    qstashDeliveries: app.qstash.deliveries().length,
  };
}

export async function closeStateReader(): Promise<void> {
  await redis?.quit();
  redis = undefined;
}

/** The values that must never appear in a response or a log line. */
export function secretsOf(app: TestApp): string[] {
  return [
    app.secret,
    app.env.QSTASH_CURRENT_SIGNING_KEY!,
    app.env.QSTASH_NEXT_SIGNING_KEY!,
    app.env.KV_REST_API_TOKEN!,
    app.env.NOTION_TOKEN!,
    app.env.QSTASH_TOKEN!,
  ];
}

export function expectNoSecrets(app: TestApp, texts: string[], where: string): void {
  for (const secret of secretsOf(app)) {
    const leaks = texts.filter((t) => t.includes(secret));
    expect(leaks, `${where} must not contain a secret`).toEqual([]);
  }
}

/** A response's status line, headers and body as one string, for leak checks. */
export async function transcript(response: Response): Promise<string> {
  return `${response.status} ${JSON.stringify([...response.headers])} ${await response.text()}`;
}
