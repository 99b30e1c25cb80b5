/**
 * Abuse: the admin session token itself, through the auth functions and a real store (KV emulator in
 * front of the machine's Redis). Signing out bumps the session version, so a copied token stops working
 * at once; a token signed with the right key but without `exp`, `iat` or the version is refused.
 */
import { createHash, randomBytes } from "node:crypto";
import { SignJWT, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { startKvEmulator, type KvEmulator } from "../../dev/kv";
import { dropKeys, TEST_REDIS_URL } from "../helpers/cloud";
import { createSession, verifySession } from "@/lib/auth";
import { createStore, type Store } from "@/lib/store/redis";
import { bumpSessionVersion, readSessionVersion } from "@/lib/store/sessions";

let kv: KvEmulator;
let store: Store;
const secret = `session-secret-${randomBytes(8).toString("hex")}`;
const env = { SYNC_SECRET: secret };
const current = () => readSessionVersion(store);
const verify = (token: string) => verifySession(token, env, current);

beforeAll(async () => {
  kv = await startKvEmulator({ port: 0, redisUrl: TEST_REDIS_URL });
  store = createStore({
    url: kv.url,
    token: DEV_DEFAULTS.kvToken,
    prefix: `s${randomBytes(4).toString("hex")}`,
    retries: 0,
  });
});
afterAll(async () => {
  await dropKeys(store);
  await kv.close();
});

/** A token signed with the app's own session key, carrying exactly `claims` (nothing added). */
function handSigned(claims: JWTPayload): Promise<string> {
  const key = createHash("sha256").update(`notion-sync admin session\0${secret}`).digest();
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(key);
}

describe("sign-out revokes sessions on the server", () => {
  it("a copied token works until sign-out bumps the version, and never again after", async () => {
    const version = await current();
    const copied = await createSession(env, Date.now(), version);
    expect(await verify(copied)).toBe(true);
    expect(await verify(copied)).toBe(true); // reusable while the session lasts

    expect(await bumpSessionVersion(store)).toBe(version + 1);
    expect(await verify(copied)).toBe(false);
    // A new sign-in is made under the new version and works; the old token stays dead.
    const fresh = await createSession(env, Date.now(), await current());
    expect(await verify(fresh)).toBe(true);
    expect(await verify(copied)).toBe(false);
  });

  it("a token under another secret is refused even with the right version (rotation signs out)", async () => {
    const token = await createSession({ SYNC_SECRET: `${secret}-old` }, Date.now(), await current());
    expect(await verify(token)).toBe(false);
  });

  it("the version is read only once the signature holds", async () => {
    let reads = 0;
    const counting = async () => {
      reads++;
      return current();
    };
    expect(await verifySession("garbage", env, counting)).toBe(false);
    const forged = await new SignJWT({ role: "admin", ver: 0 })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(randomBytes(32));
    expect(await verifySession(forged, env, counting)).toBe(false);
    expect(reads).toBe(0);
  });
});

describe("a token must carry exp, iat and the version", () => {
  const now = () => Math.floor(Date.now() / 1000);

  it("the complete hand-signed token is accepted (the positive control)", async () => {
    const ver = await current();
    expect(await verify(await handSigned({ role: "admin", ver, iat: now(), exp: now() + 3600 }))).toBe(true);
  });

  it("refuses a token without exp, without iat, or without the version", async () => {
    const ver = await current();
    expect(await verify(await handSigned({ role: "admin", ver, iat: now() }))).toBe(false);
    expect(await verify(await handSigned({ role: "admin", ver, exp: now() + 3600 }))).toBe(false);
    expect(await verify(await handSigned({ role: "admin", iat: now(), exp: now() + 3600 }))).toBe(false);
    expect(
      await verify(await handSigned({ role: "admin", ver: String(ver), iat: now(), exp: now() + 3600 })),
    ).toBe(false);
  });

  it("refuses a token older than a session lasts, whatever its exp says", async () => {
    const ver = await current();
    const iat = now() - 13 * 3600;
    expect(await verify(await handSigned({ role: "admin", ver, iat, exp: now() + 3600 }))).toBe(false);
    expect(await verify(await createSession(env, Date.now() - 13 * 3600_000, ver))).toBe(false);
  });
});
