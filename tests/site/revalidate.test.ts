import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revalidateRemotely } from "@/lib/site/remote-revalidation";
import { handleRevalidate } from "@/lib/site/revalidate-request";
import { freePort } from "../helpers/ports";

const SECRET = "revalidate-test-secret";

describe("POST /api/revalidate", () => {
  beforeAll(() => {
    process.env.SYNC_SECRET = SECRET;
  });

  const post = (body: string, secret?: string) =>
    handleRevalidate(
      new Request("http://127.0.0.1/api/revalidate", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(secret ? { authorization: `Bearer ${secret}` } : {}),
        },
        body,
      }),
    );

  it("refuses a request without the secret, before reading anything", async () => {
    expect((await post(JSON.stringify({ tags: ["site"] }))).status).toBe(401);
    expect((await post(JSON.stringify({ tags: ["site"] }), "wrong")).status).toBe(401);
  });

  it("answers 400 with what was expected for a bad body", async () => {
    const notJson = await post("tags=site", SECRET);
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: string }).error).toContain('{"tags"');
    const empty = await post(JSON.stringify({ tags: [] }), SECRET);
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: string }).error).toContain("tags");
  });
});

describe("revalidateRemotely (the CLI's --local)", () => {
  let server: Server;
  const seen: { auth?: string; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push({ auth: req.headers.authorization, body });
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("posts the changed tags to the running app with the secret", async () => {
    const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const result = await revalidateRemotely({ appUrl, secret: SECRET, tags: ["page:a"], generation: "g2" });
    expect(result).toEqual({ ok: true });
    expect(seen).toEqual([
      { auth: `Bearer ${SECRET}`, body: JSON.stringify({ tags: ["page:a"], generation: "g2" }) },
    ]);
  });

  it("says so, without throwing, when the app is not running", async () => {
    const appUrl = `http://127.0.0.1:${await freePort()}`;
    const result = await revalidateRemotely({ appUrl, secret: SECRET, tags: ["site"], generation: "g1" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain("not reachable");
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });
});
