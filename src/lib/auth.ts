import { createHash, timingSafeEqual } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { syncSecrets } from "./config";

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

/** A signed, expiring admin session token for an HttpOnly cookie. */
export async function createSession(
  env?: Record<string, string | undefined>,
  now = Date.now(),
): Promise<string> {
  const [secret] = syncSecrets(env);
  return new SignJWT({ role: "admin" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + SESSION_SECONDS)
    .sign(sessionKey(secret!));
}

export async function verifySession(
  token: string | undefined | null,
  env?: Record<string, string | undefined>,
): Promise<boolean> {
  if (!token) return false;
  const [secret] = syncSecrets(env);
  try {
    const { payload } = await jwtVerify(token, sessionKey(secret!), { algorithms: ["HS256"] });
    return payload.role === "admin";
  } catch {
    return false;
  }
}

export const sessionCookieOptions = {
  httpOnly: true,
  sameSite: "lax" as const,
  path: "/",
  maxAge: SESSION_SECONDS,
  secure: process.env.NODE_ENV === "production" && !process.env.APP_URL?.startsWith("http://"),
};
