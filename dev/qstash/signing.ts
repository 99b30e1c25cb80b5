import { createHash } from "node:crypto";
import { SignJWT } from "jose";
import { newId } from "./ids";

/** Tokens are valid for five minutes, as QStash's are. */
const TOKEN_LIFETIME_S = 5 * 60;

/**
 * The `Upstash-Signature` QStash puts on every delivery: an HS256 JWT keyed with the UTF-8 bytes
 * of the current signing key, whose `sub` is the URL being called and whose `body` claim is the
 * base64url SHA-256 of the exact bytes sent. The official `Receiver` verifies it unchanged.
 */
export async function signDelivery(opts: {
  signingKey: string;
  url: string;
  body: Uint8Array;
  nowMs?: number;
}): Promise<string> {
  const now = Math.floor((opts.nowMs ?? Date.now()) / 1000);
  const bodyHash = createHash("sha256").update(opts.body).digest("base64url");
  return await new SignJWT({ body: bodyHash })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("Upstash")
    .setSubject(opts.url)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + TOKEN_LIFETIME_S)
    .setJti(newId("jwt"))
    .sign(new TextEncoder().encode(opts.signingKey));
}
