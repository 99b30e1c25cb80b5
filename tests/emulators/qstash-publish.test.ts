import { createHash } from "node:crypto";
import { Client, QstashError, Receiver, SignatureError } from "@upstash/qstash";
import { decodeJwt, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startQStashEmulator, type QStashEmulator } from "../../dev/qstash";
import { startRecordingDestination, type RecordingDestination } from "../../dev/qstash/recording-destination";

// Publishing and delivery, driven only through the official SDK against the emulator.
let emulator: QStashEmulator;
let destination: RecordingDestination;
let client: Client;
let receiver: Receiver;
let counter = 0;
const uniquePath = (name: string) => `/publish-${name}-${++counter}`;

beforeAll(async () => {
  emulator = await startQStashEmulator({ port: 0, timeScale: 0.001 });
  destination = await startRecordingDestination();
  client = new Client({ baseUrl: emulator.url, token: emulator.token });
  receiver = new Receiver({
    currentSigningKey: emulator.currentSigningKey,
    nextSigningKey: emulator.nextSigningKey,
  });
});

afterAll(async () => {
  await emulator.close();
  await destination.close();
});

describe("delivery", () => {
  it("delivers a binary body byte for byte with QStash's headers", async () => {
    const path = uniquePath("binary");
    const body = Uint8Array.from({ length: 256 }, (_, index) => index);
    const { messageId } = await client.publish({
      url: destination.urlFor(path),
      body: new Blob([body]),
      headers: { "Content-Type": "application/octet-stream", "X-Trace-Id": "trace-1" },
    });

    const [request] = await destination.waitFor(1, { pathPrefix: path });
    expect(request!.method).toBe("POST");
    expect(Buffer.compare(request!.body, Buffer.from(body))).toBe(0);
    expect(request!.headers["content-type"]).toBe("application/octet-stream");
    expect(request!.headers["x-trace-id"]).toBe("trace-1");
    expect(request!.headers["upstash-message-id"]).toBe(messageId);
    expect(request!.headers["upstash-retried"]).toBe("0");
    expect(request!.headers["user-agent"]).toBe("Upstash-QStash");
    expect(request!.headers["authorization"]).toBeUndefined();
    expect(Object.keys(request!.headers).filter((name) => name.startsWith("upstash-forward"))).toEqual([]);
    expect(request!.headers["upstash-schedule-id"]).toBeUndefined();

    // The signature's body claim is the hash of the exact bytes delivered.
    const claims = decodeJwt(String(request!.headers["upstash-signature"]));
    expect(claims.body).toBe(createHash("sha256").update(body).digest("base64url"));
    expect(claims.sub).toBe(destination.urlFor(path));
    expect(claims.iss).toBe("Upstash");
  });

  it("delivers publishJSON unicode bodies with a signature the Receiver accepts", async () => {
    const path = uniquePath("json");
    const payload = { text: "héllo — 你好 🎉", n: 1 };
    await client.publishJSON({ url: destination.urlFor(path), body: payload });

    const [request] = await destination.waitFor(1, { pathPrefix: path });
    const raw = request!.body.toString("utf8");
    expect(JSON.parse(raw)).toEqual(payload);
    expect(request!.headers["content-type"]).toBe("application/json");
    await expect(
      receiver.verify({
        signature: String(request!.headers["upstash-signature"]),
        body: raw,
        url: request!.url,
      }),
    ).resolves.toBe(true);
  });

  it("honours the method and forwards user headers without the Upstash-Forward- prefix", async () => {
    const putPath = uniquePath("put");
    const getPath = uniquePath("get");
    await client.publish({
      url: destination.urlFor(putPath),
      method: "PUT",
      body: "put-body",
      headers: { "X-Custom": "one", "Content-Type": "text/plain" },
    });
    await client.publish({ url: destination.urlFor(getPath), method: "GET" });

    const [put] = await destination.waitFor(1, { pathPrefix: putPath });
    const [get] = await destination.waitFor(1, { pathPrefix: getPath });
    expect(put!.method).toBe("PUT");
    expect(put!.body.toString()).toBe("put-body");
    expect(put!.headers["x-custom"]).toBe("one");
    expect(put!.headers["content-type"]).toBe("text/plain");
    expect(get!.method).toBe("GET");
    expect(get!.body.length).toBe(0);
  });
});

describe("signature verification", () => {
  let signed: { signature: string; body: string; url: string };

  beforeAll(async () => {
    const path = uniquePath("sig");
    await client.publishJSON({ url: destination.urlFor(path), body: { secret: "ok" } });
    const [request] = await destination.waitFor(1, { pathPrefix: path });
    signed = {
      signature: String(request!.headers["upstash-signature"]),
      body: request!.body.toString("utf8"),
      url: request!.url,
    };
  });

  it("accepts the genuine request", async () => {
    await expect(receiver.verify(signed)).resolves.toBe(true);
  });

  it("rejects a tampered body", async () => {
    await expect(receiver.verify({ ...signed, body: signed.body.replace("ok", "ko") })).rejects.toThrow(
      SignatureError,
    );
  });

  it("rejects another URL", async () => {
    await expect(receiver.verify({ ...signed, url: destination.urlFor("/other") })).rejects.toThrow(
      SignatureError,
    );
  });

  it("rejects other signing keys", async () => {
    const stranger = new Receiver({
      currentSigningKey: "sig_not_the_right_key_1",
      nextSigningKey: "sig_not_the_right_key_2",
    });
    await expect(stranger.verify(signed)).rejects.toThrow(SignatureError);
  });

  it("rejects an expired token signed with the right key", async () => {
    const bodyHash = createHash("sha256").update(signed.body).digest("base64url");
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await new SignJWT({ body: bodyHash })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer("Upstash")
      .setSubject(signed.url)
      .setIssuedAt(past - 300)
      .setNotBefore(past - 300)
      .setExpirationTime(past)
      .sign(new TextEncoder().encode(emulator.currentSigningKey));
    await expect(receiver.verify({ ...signed, signature: expired })).rejects.toThrow(SignatureError);
  });

  it("accepts a signature made with the next key (rotation)", async () => {
    const signature = await emulator.sign({
      url: signed.url,
      body: signed.body,
      signingKey: emulator.nextSigningKey,
    });
    await expect(receiver.verify({ ...signed, signature })).resolves.toBe(true);
  });
});

describe("delays", () => {
  it("holds a delayed message until its (compressed) delay has passed", async () => {
    const path = uniquePath("delay");
    const { messageId } = await client.publishJSON({ url: destination.urlFor(path), body: {}, delay: 800 });

    const pending = await client.messages.get(messageId);
    expect(pending.url).toBe(destination.urlFor(path));
    expect(pending.notBefore! - pending.createdAt).toBe(800_000);
    expect(destination.received(path)).toHaveLength(0);

    await destination.waitFor(1, { pathPrefix: path });
    await expect(client.messages.get(messageId)).rejects.toThrow(QstashError);
  });

  it("honours notBefore (unix seconds)", async () => {
    const path = uniquePath("not-before");
    const notBefore = Math.floor(Date.now() / 1000) + 500;
    const { messageId } = await client.publishJSON({ url: destination.urlFor(path), body: {}, notBefore });
    expect((await client.messages.get(messageId)).notBefore).toBe(notBefore * 1000);
    await destination.waitFor(1, { pathPrefix: path });
  });

  it("messages.delete cancels a pending message, which is never delivered", async () => {
    const path = uniquePath("cancel");
    const { messageId } = await client.publishJSON({ url: destination.urlFor(path), body: {}, delay: "1h" });
    await client.messages.delete(messageId);
    await emulator.waitForIdle();
    expect(destination.received(path)).toHaveLength(0);
    await expect(client.messages.get(messageId)).rejects.toThrow(QstashError);
    const { logs } = await client.logs({ filter: { state: "CANCELED" } });
    expect(logs.map((log) => log.messageId)).toContain(messageId);
  });
});

describe("deduplication", () => {
  it("answers a duplicate deduplicationId with the first message and delivers once", async () => {
    const path = uniquePath("dedup");
    const first = await client.publishJSON({
      url: destination.urlFor(path),
      body: { a: 1 },
      deduplicationId: `d-${path}`,
    });
    const second = await client.publishJSON({
      url: destination.urlFor(path),
      body: { a: 2 },
      deduplicationId: `d-${path}`,
    });
    expect(second.messageId).toBe(first.messageId);
    expect(second.deduplicated).toBe(true);
    expect(first.deduplicated).toBeUndefined();
    await emulator.waitForIdle();
    expect(destination.received(path)).toHaveLength(1);
  });

  it("deduplicates on content when asked, and only identical content", async () => {
    const path = uniquePath("content-dedup");
    const publish = (body: unknown) =>
      client.publishJSON({ url: destination.urlFor(path), body, contentBasedDeduplication: true });
    const first = await publish({ same: true });
    const again = await publish({ same: true });
    const other = await publish({ same: false });
    expect(again).toMatchObject({ messageId: first.messageId, deduplicated: true });
    expect(other.messageId).not.toBe(first.messageId);
    await emulator.waitForIdle();
    expect(destination.received(path)).toHaveLength(2);
  });
});

describe("batch", () => {
  it("batchJSON publishes each message to its own destination", async () => {
    const paths = [uniquePath("batch"), uniquePath("batch"), uniquePath("batch")];
    const responses = await client.batchJSON(
      paths.map((path, index) => ({ url: destination.urlFor(path), body: { index } })),
    );
    expect(responses).toHaveLength(3);
    expect(new Set(responses.map((response) => response.messageId)).size).toBe(3);
    for (const [index, path] of paths.entries()) {
      const [request] = await destination.waitFor(1, { pathPrefix: path });
      expect(JSON.parse(request!.body.toString())).toEqual({ index });
      expect(request!.headers["content-type"]).toBe("application/json");
      expect(request!.headers["upstash-message-id"]).toBe(responses[index]!.messageId);
    }
  });
});

describe("API errors", () => {
  it("refuses a wrong token with 401", async () => {
    const intruder = new Client({ baseUrl: emulator.url, token: "wrong-token" });
    const error = await intruder
      .publishJSON({ url: destination.urlFor("/x"), body: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QstashError);
    expect((error as QstashError).status).toBe(401);
    expect(JSON.parse((error as QstashError).message)).toHaveProperty("error");
  });

  it("refuses a destination that is not an http(s) URL with 400", async () => {
    const error = await client.publishJSON({ url: "not-a-url", body: {} }).catch((e: unknown) => e);
    expect((error as QstashError).status).toBe(400);
    const answer = JSON.parse((error as QstashError).message) as { error: string };
    expect(answer.error).toMatch(/destination/);
  });

  it("answers endpoints it does not emulate with 404", async () => {
    const error = await client.urlGroups.list().catch((e: unknown) => e);
    expect((error as QstashError).status).toBe(404);
    expect(JSON.parse((error as QstashError).message)).toHaveProperty("error");
  });
});
