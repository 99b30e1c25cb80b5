import { createHash, randomUUID } from "node:crypto";
import { SignJWT } from "jose";

export interface JwtOptions {
  key: string;
  /** The URL the token claims QStash called (`sub`). */
  url: string;
  /** The body whose hash the token carries. */
  body: string;
  /** Seconds since the epoch; default now. */
  issuedAt?: number;
  /** Lifetime in seconds from issuedAt (QStash: 300); negative for a token that expired already. */
  lifetime?: number;
  issuer?: string;
}

/**
 * An `Upstash-Signature` built by hand, the way QStash signs a delivery: HS256 over `iss`, `sub`, `iat`,
 * `nbf`, `exp`, `jti` and `body` (base64url SHA-256 of the raw body). Tests vary one claim at a time.
 */
export function qstashJwt({
  key,
  url,
  body,
  issuedAt = Math.floor(Date.now() / 1000),
  lifetime = 300,
  issuer = "Upstash",
}: JwtOptions): Promise<string> {
  return new SignJWT({ body: createHash("sha256").update(body).digest("base64url") })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(issuer)
    .setSubject(url)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + lifetime)
    .setJti(`jwt_${randomUUID()}`)
    .sign(new TextEncoder().encode(key));
}
