import { createHash, timingSafeEqual } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { syncSecrets } from "./config";
import { getStore } from "./store/redis";
import { readSessionVersion } from "./store/sessions";

/** Constant-time comparison: both sides are hashed first so their lengths never leak or matter. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** The secret a request presents: Bearer header (Vercel cron), x-sync-secret, or ?secret= (seed's curl). */
export function presentedSecret(request: Request): string | null {
  const auth = request.headers.get("authorization");
  const bearer = auth?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (bearer) return bearer;
  const header = request.headers.get("x-sync-secret")?.trim();
  if (header) return header;
  return new URL(request.url).searchParams.get("secret");
}

/** True when the request carries SYNC_SECRET or CRON_SECRET. Throws ConfigError when neither is set. */
export function hasValidSecret(request: Request, env?: Record<string, string | undefined>): boolean {
  const secrets = syncSecrets(env);
  const presented = presentedSecret(request);
  if (!presented) return false;
  // Compare against every accepted secret, without stopping early.
  return secrets.map((s) => safeEqual(presented, s)).some(Boolean);
}

export const SESSION_COOKIE = "ns_session";
const SESSION_SECONDS = 12 * 3600;

function sessionKey(secret: string): Uint8Array {
  // A key derived from the secret: rotating SYNC_SECRET signs everyone out.
  return createHash("sha256").update(`notion-sync admin session\0${secret}`).digest();
}

/**
 * A signed, expiring admin session token for an HttpOnly cookie. `version` is the session version in
 * the store (src/lib/store/sessions.ts) at sign-in: signing out bumps it, which revokes the token.
 */
export async function createSession(
  env?: Record<string, string | undefined>,
  now = Date.now(),
  version = 0,
): Promise<string> {
  const [secret] = syncSecrets(env);
  return new SignJWT({ role: "admin", ver: version })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + SESSION_SECONDS)
    .sign(sessionKey(secret!));
}

/**
 * True for a token this app signed with the current secret, still within its 12 hours (`exp` and `iat`
 * are required: a token without them would never expire), and made under the current session version.
 * The version is read (one Redis GET) only once the signature holds, so forged cookies cost nothing.
 */
export async function verifySession(
  token: string | undefined | null,
  env?: Record<string, string | undefined>,
  currentVersion: () => Promise<number> = () => readSessionVersion(getStore()),
): Promise<boolean> {
  if (!token) return false;
  const [secret] = syncSecrets(env);
  let version: unknown;
  try {
    const { payload } = await jwtVerify(token, sessionKey(secret!), {
      algorithms: ["HS256"],
      requiredClaims: ["exp", "iat", "ver"],
      maxTokenAge: SESSION_SECONDS,
    });
    if (payload.role !== "admin") return false;
    version = payload.ver;
  } catch {
    return false;
  }
  // Outside the try: a store that cannot answer is an outage to report, not a signed-out visitor.
  return typeof version === "number" && version === (await currentVersion());
}

export const sessionCookieOptions = {
  httpOnly: true,
  sameSite: "lax" as const,
  path: "/",
  maxAge: SESSION_SECONDS,
  secure: process.env.NODE_ENV === "production" && !process.env.APP_URL?.startsWith("http://"),
};
