/**
 * Wire-level checks of the Upstash REST protocol that the SDK hides: status codes, response
 * shapes, base64 encoding and the path form. Run against both backends.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKvEmulator } from "../../dev/kv";
import type { KvEmulator } from "../../dev/kv";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

describe.each(["embedded", "redis"] as const)("KV REST protocol, %s backend", (backend) => {
  const prefix = `kvproto:${randomUUID()}:`;
  const key = (name: string) => `${prefix}${name}`;
  let kv: KvEmulator;

  async function call(path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${kv.url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { Authorization: `Bearer ${kv.token}`, "Content-Type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as unknown };
  }

  beforeAll(async () => {
    kv = await startKvEmulator({
      port: 0,
      redisUrl: backend === "redis" ? REDIS_URL : undefined,
      maxRequestBytes: 1024 * 1024,
    });
  });

  afterAll(async () => {
    const { json } = await call("/", ["KEYS", `${prefix}*`]);
    const keys = (json as { result: string[] }).result;
    if (keys.length > 0) await call("/", ["DEL", ...keys]);
    await kv.close();
  });

  it("answers one command with {result} and errors with 400 {error}", async () => {
    expect(await call("/", ["SET", key("a"), "v", "EX", 100])).toEqual({
      status: 200,
      json: { result: "OK" },
    });
    expect(await call("/", ["GET", key("a")])).toEqual({ status: 200, json: { result: "v" } });
    expect(await call("/", ["INCR", key("a")])).toEqual({
      status: 400,
      json: { error: "ERR value is not an integer or out of range" },
    });
    const unknown = await call("/", ["FROBNICATE", "x"]);
    expect(unknown.status).toBe(400);
    expect((unknown.json as { error: string }).error).toMatch(/^ERR unknown command 'FROBNICATE'/);
    expect((await call("/", ["SELECT", "1"])).json).toEqual({
      error: "ERR Command is not available: 'select'",
    });
  });

  it("base64-encodes every string except a top-level OK", async () => {
    const encoded = { "Upstash-Encoding": "base64" };
    expect((await call("/", ["SET", key("enc"), "héllo"], encoded)).json).toEqual({ result: "OK" });
    expect((await call("/", ["GET", key("enc")], encoded)).json).toEqual({ result: b64("héllo") });
    expect((await call("/", ["TYPE", key("enc")], encoded)).json).toEqual({ result: b64("string") });
    expect((await call("/", ["MGET", key("enc"), key("none")], encoded)).json).toEqual({
      result: [b64("héllo"), null],
    });
    expect((await call("/", ["EVAL", "return {'OK', 7}", "0"], encoded)).json).toEqual({
      result: [b64("OK"), 7],
    });
  });

  it("answers pipelines item by item and transactions as a whole", async () => {
    const pipeline = await call("/pipeline", [
      ["SET", key("p"), "1"],
      ["LPUSH", key("p"), "x"],
      ["INCR", key("p")],
    ]);
    expect(pipeline.status).toBe(200);
    expect(pipeline.json).toEqual([
      { result: "OK" },
      { error: "WRONGTYPE Operation against a key holding the wrong kind of value" },
      { result: 2 },
    ]);

    const tx = await call("/multi-exec", [
      ["SET", key("t"), "1"],
      ["INCR", key("t")],
    ]);
    expect(tx).toEqual({ status: 200, json: [{ result: "OK" }, { result: 2 }] });

    const discarded = await call("/multi-exec", [["SET", key("t"), "100"], ["GET"]]);
    expect(discarded.status).toBe(400);
    expect((discarded.json as { error: string }).error).toMatch(/^EXECABORT/);
    expect((await call("/", ["GET", key("t")])).json).toEqual({ result: "2" });
  });

  it("accepts the path form, with the value in the path, the query or the body", async () => {
    expect((await call(`/set/${encodeURIComponent(key("path"))}/one?EX=100`)).json).toEqual({ result: "OK" });
    expect((await call(`/get/${encodeURIComponent(key("path"))}`)).json).toEqual({ result: "one" });
    expect((await call(`/ttl/${encodeURIComponent(key("path"))}`)).json).toEqual({ result: 100 });
    expect((await call(`/set/${encodeURIComponent(key("path"))}`, "raw body value")).json).toEqual({
      result: "OK",
    });
    expect((await call(`/get/${encodeURIComponent(key("path"))}`)).json).toEqual({
      result: "raw body value",
    });
  });

  it("authenticates by Bearer header or _token, else 401", async () => {
    const anonymous = await fetch(`${kv.url}/get/x`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: "Unauthorized" });
    const wrong = await fetch(`${kv.url}/get/x`, { headers: { Authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    const byQuery = await fetch(`${kv.url}/ping?_token=${encodeURIComponent(kv.token)}`);
    expect(await byQuery.json()).toEqual({ result: "PONG" });
  });

  it("rejects malformed and oversized requests", async () => {
    expect((await call("/", "{not json")).status).toBe(400);
    expect((await call("/", { not: "an array" })).status).toBe(400);
    expect((await call("/pipeline", [])).status).toBe(400);
    const tooLarge = await call("/", ["SET", key("big"), "x".repeat(2 * 1024 * 1024)]);
    expect(tooLarge.status).toBe(413);
    expect((await call("/", ["EXISTS", key("big")])).json).toEqual({ result: 0 });
  });

  it("fails with 503 while unavailable and counts executed commands", async () => {
    const before = kv.commandCount();
    kv.setUnavailable("503");
    try {
      expect((await call("/", ["PING"])).status).toBe(503);
    } finally {
      kv.setUnavailable(false);
    }
    await call("/pipeline", [["PING"], ["PING"], ["PING"]]);
    expect(kv.commandCount() - before).toBe(3);
  });
});
