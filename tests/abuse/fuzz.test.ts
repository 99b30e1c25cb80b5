/**
 * Abuse: a seeded fuzzer against the built app — random methods, paths (known routes, site pages,
 * traversal, broken percent-encoding, unicode, very long), query strings, JSON and non-JSON bodies
 * (some of a few MB, some deeply nested), odd headers and cookies. Never a 5xx, never a crash, and the
 * app is still healthy afterwards. `FAULTS_LONG=1` sends 6,000 requests instead of 1,200.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readManifest } from "@/lib/store/site-reader";
import { startTestApp, syncThroughApp, type TestApp } from "../helpers/app";
import { runs, seeded } from "../faults/fault-kit";
import { expectNoSecrets } from "./abuse-kit";

const COUNT = runs(1_200, 6_000);
const SEED = 7_777;
let app: TestApp;
let slugs: string[] = [];
let jobId = "";

beforeAll(async () => {
  app = await startTestApp();
  jobId = (await syncThroughApp(app)).id;
  slugs = Object.values((await readManifest(app.store))?.entries ?? {}).map((e) => e.slug);
});
afterAll(() => app.close());

interface FuzzCase {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

function fuzzer(seed: number) {
  const r = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const chance = (p: number) => r() < p;
  const junk = (max = 40) => {
    const chars = "abcXYZ019-_.~!$&'()*+,;=:@/?#[]%<>\"{}|\\^` éü\u00ff";
    return Array.from({ length: Math.floor(r() * max) }, () => pick([...chars])).join("");
  };
  const unicode = () => pick(["日本語", "ページ", "Ωμέγα", "😀🔥", "\u202e\u200b", "ǅ", "ﬃ", "é\u0301"]);

  const routes = () => [
    "/",
    "/api/sync",
    "/api/sync/trigger",
    "/api/sync/worker",
    "/api/sync/callback",
    "/api/sync/jobs",
    `/api/sync/jobs/${jobId}`,
    `/api/sync/jobs/${pick(["j0000000000aa", "..", "%00", "x".repeat(300), "j" + junk(20)])}`,
    "/api/notion/webhook",
    `/api/files/${pick(["00000000-0000-0000-0000-000000000000", "..%2F..%2Fetc%2Fpasswd", junk(30), "%E0%A4%A"])}`,
    "/admin",
    "/admin/login",
    "/admin/jobs",
    `/admin/jobs/${pick([jobId, "j0000000000aa", junk(10)])}`,
    "/admin/dlq",
    "/api/admin/overview",
    "/api/admin/dlq",
    "/robots.txt",
    "/sitemap.xml",
    `/${pick(slugs)}`,
    `/${pick(slugs)}/${pick(slugs)}`,
  ];
  const oddPaths = () => [
    `/${encodeURIComponent(unicode())}/${encodeURIComponent(unicode())}`,
    `/${pick(["%", "%zz", "%E0%A4%A", "%00", "%2e%2e%2f", "%252e", "%C0%AF", "%ff%fe"])}`,
    `/${"a/".repeat(200)}`,
    `/${"x".repeat(3_000)}`,
    "//api//sync//trigger",
    "/api/sync/trigger/..",
    "/api/sync/../sync/jobs",
    "/..;/admin",
    "/_next/static/../../package.json",
    "/_next/image?url=http://127.0.0.1:1/&w=64&q=1",
    `/${encodeURIComponent(junk(30))}`,
    "/api/sync/trigger.json",
    "/.env",
  ];

  const query = () => {
    if (chance(0.4)) return "";
    const keys = [
      "force",
      "page",
      "source",
      "secret",
      "limit",
      "offset",
      "field",
      "cursor",
      "url",
      "callback",
      "__proto__",
      "constructor",
      "a[b]",
      "page[]",
    ];
    const values = () =>
      pick([
        "1",
        "true",
        "yes",
        "-1",
        "0",
        "1e309",
        "NaN",
        "",
        "%",
        "%zz",
        "../",
        "<script>alert(1)</script>",
        encodeURIComponent(unicode()),
        encodeURIComponent(junk(20)),
        "x".repeat(5_000),
        encodeURIComponent('{"$ne":null}'),
        pick(slugs) ?? "home",
      ]);
    return `?${Array.from({ length: 1 + Math.floor(r() * 4) }, () => `${pick(keys)}=${values()}`).join("&")}`;
  };

  const json = (depth: number): unknown => {
    const keys = [
      "jobId",
      "step",
      "force",
      "page",
      "source",
      "verification_token",
      "type",
      "entity",
      "id",
      "status",
      "sourceBody",
      "dlqId",
      "body",
      "__proto__",
      "constructor",
      unicode(),
    ];
    const leaf = () =>
      pick<unknown>([
        null,
        true,
        false,
        0,
        -1,
        1e308,
        3.14,
        "",
        junk(),
        unicode(),
        "j0000000000aa",
        2 ** 53 + 1,
      ]);
    if (depth <= 0 || chance(0.3)) return leaf();
    if (chance(0.3)) return Array.from({ length: Math.floor(r() * 4) }, () => json(depth - 1));
    return Object.fromEntries(
      Array.from({ length: Math.floor(r() * 5) }, () => [pick(keys), json(depth - 1)]),
    );
  };

  const body = (): { body?: Buffer; type?: string } => {
    const roll = r();
    if (roll < 0.2) return {};
    if (roll < 0.5) return { body: Buffer.from(JSON.stringify(json(4))), type: "application/json" };
    if (roll < 0.58)
      return {
        body: Buffer.from(pick(["{", "{'a':1}", "[1,", '{"a":}', "\u0000", "nul", '"\\ud800"'])),
        type: "application/json",
      };
    if (roll < 0.66)
      return {
        body: Buffer.from(`force=${junk(5)}&page=${encodeURIComponent(junk(10))}`),
        type: "application/x-www-form-urlencoded",
      };
    if (roll < 0.74)
      return {
        body: Buffer.from(Array.from({ length: Math.floor(r() * 2_000) }, () => Math.floor(r() * 256))),
      };
    if (roll < 0.82) return { body: Buffer.from(unicode().repeat(50)), type: "text/plain; charset=utf-8" };
    if (roll < 0.9)
      return {
        body: Buffer.from(JSON.stringify({ jobId: "j0000000000aa", step: Math.floor(r() * 10) })),
        type: "application/json",
      };
    if (roll < 0.993) return { body: Buffer.from(JSON.stringify(json(2))) };
    // The rare heavy ones: a few MB, or nesting deep enough to trouble a recursive parser.
    if (chance(0.7))
      return {
        body: Buffer.alloc((2 + Math.floor(r() * 3)) * 1024 * 1024, pick(["a", "{", "[", "0"])),
        type: pick(["application/json", "text/plain"]),
      };
    return { body: Buffer.from("[".repeat(100_000) + "]".repeat(100_000)), type: "application/json" };
  };

  const headers = (path: string): Record<string, string> => {
    const h: Record<string, string> = {};
    if (chance(0.05) && /trigger|jobs|admin/.test(path)) h.authorization = `Bearer ${app.secret}`;
    else if (chance(0.3))
      h.authorization = pick([
        "Bearer",
        "Bearer ",
        `Bearer ${junk()}`,
        "Basic YTpi",
        `Bearer ${"x".repeat(8_000)}`,
        "Digest x",
      ]);
    if (chance(0.15)) h["x-sync-secret"] = junk(30);
    if (chance(0.25))
      h["upstash-signature"] = pick([
        junk(),
        "a.b.c",
        "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
        `${junk(10)}.${junk(10)}.${junk(10)}`,
      ]);
    if (chance(0.1)) h["upstash-retried"] = pick(["-1", "abc", "1e10", "99999999999999999999"]);
    if (chance(0.1)) h["x-notion-signature"] = pick(["sha256=", `sha256=${"0".repeat(64)}`, junk()]);
    if (chance(0.2))
      h.cookie = pick([
        "ns_session=garbage",
        "ns_session=%",
        "ns_session=",
        "=; ;=",
        `a=1; ns_session=${junk(40)}; b=2`,
        "ns_session=a.b.c",
      ]);
    if (chance(0.1)) h["x-forwarded-host"] = pick(["127.0.0.1:1", "evil.example", junk(20)]);
    if (chance(0.05)) h.range = "bytes=0-";
    if (chance(0.05)) h["accept-encoding"] = "br, gzip, deflate, zstd, *;q=0";
    if (chance(0.05)) h.accept = pick(["text/x-component", "application/json", "*/*;q=abc"]);
    if (chance(0.05)) h.rsc = "1";
    if (chance(0.05)) h["next-action"] = junk(40);
    if (chance(0.05)) h["next-router-state-tree"] = encodeURIComponent(junk(40));
    if (chance(0.05)) h["x-odd-header"] = "\u00e9\u00ff".repeat(10);
    return h;
  };

  return (): FuzzCase => {
    const method = pick([
      "GET",
      "GET",
      "GET",
      "POST",
      "POST",
      "POST",
      "PUT",
      "PATCH",
      "DELETE",
      "HEAD",
      "OPTIONS",
    ]);
    // Odd but sendable: control characters, spaces and non-ASCII go percent-encoded, as on the wire.
    const raw = (chance(0.8) ? pick(routes()) : pick(oddPaths())) + query();
    const path = raw.replace(/[\u0000-\u0020\u007f-\uffff]/gu, (c) => encodeURIComponent(c));
    const h = headers(path);
    const b = method === "GET" || method === "HEAD" ? (chance(0.05) ? body() : {}) : body();
    if (b.type && !h["content-type"])
      h["content-type"] = chance(0.9)
        ? b.type
        : pick(["multipart/form-data", "application/json; charset=utf-16", "a/b/c;;;", ""]);
    return { method, path, headers: h, ...(b.body ? { body: b.body } : {}) };
  };
}

interface Answer {
  status: number;
  text: string;
  error?: string;
}

function send(c: FuzzCase): Promise<Answer> {
  const url = new URL(app.url);
  return new Promise((resolve) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: c.method,
        path: c.path,
        headers: { ...c.headers, ...(c.body ? { "content-length": String(c.body.length) } : {}) },
        timeout: 60_000,
        // Long paths come back in Location and Refresh headers: read what the server sends, whatever its size.
        maxHeaderSize: 1024 * 1024,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          if (size < 8_192) chunks.push(chunk);
          size += chunk.length;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", (error) => resolve({ status: res.statusCode ?? 0, text: "", error: error.message }));
      },
    );
    // A server may close a connection on a request it refuses to read; that is not a crash.
    req.on("error", (error) => resolve({ status: 0, text: "", error: error.message }));
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.end(c.body);
  });
}

describe("what the fuzzer found (each was a 500), pinned", () => {
  const cases: [string, FuzzCase, number][] = [
    ["a path with broken percent-encoding", { method: "GET", path: "/%E0%A4%A", headers: {} }, 400],
    [
      "an API path with broken percent-encoding",
      { method: "POST", path: "/api/files/%zz", headers: {} },
      400,
    ],
    ["a dashboard path with a stray %", { method: "GET", path: "/admin/jobs/%a", headers: {} }, 400],
    [
      "a session cookie that is not percent-encoding",
      { method: "GET", path: "/api/sync/jobs", headers: { cookie: "ns_session=%" } },
      401,
    ],
    [
      "a multipart POST to an unknown API path (the site's catch-all page)",
      {
        method: "POST",
        path: "/api/sync/trigger.json",
        headers: { "content-type": "multipart/form-data" },
        body: Buffer.from("{}"),
      },
      400,
    ],
    [
      "a multipart POST to a page without a boundary",
      {
        method: "POST",
        path: "/admin/login",
        headers: { "content-type": "multipart/form-data" },
        body: Buffer.from("{}"),
      },
      400,
    ],
    [
      "a well-formed multipart POST to a page that is not a form of the app",
      {
        method: "POST",
        path: "/",
        headers: { "content-type": "multipart/form-data; boundary=x" },
        body: Buffer.from('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n'),
      },
      400,
    ],
  ];
  for (const [name, c, status] of cases) {
    it(`${name} → ${status}`, async () => {
      expect((await send(c)).status).toBe(status);
    });
  }
});

describe("a seeded fuzzer across all routes", () => {
  it(`${COUNT} requests (seed ${SEED}): never a 5xx, never a crash, still healthy after`, async () => {
    const next = fuzzer(SEED);
    const cases = Array.from({ length: COUNT }, () => next());
    const byStatus = new Map<number, number>();
    const failures: string[] = [];
    const texts: string[] = [];
    let bytes = 0;
    let cursor = 0;
    const worker = async () => {
      while (cursor < cases.length) {
        const c = cases[cursor++]!;
        bytes += c.body?.length ?? 0;
        const answer = await send(c);
        byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
        texts.push(answer.text);
        const describe = `${c.method} ${c.path.slice(0, 200)} ${JSON.stringify(c.headers).slice(0, 300)} body=${c.body?.length ?? 0}B`;
        if (answer.status >= 500)
          failures.push(`${answer.status} ← ${describe}: ${answer.text.slice(0, 300)}`);
        if (answer.status === 0 && !/ECONNRESET|socket hang up|EPIPE/.test(answer.error ?? "")) {
          failures.push(`no answer (${answer.error ?? "?"}) ← ${describe}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, () => worker()));

    const summary = [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(" ");
    console.info(
      `[abuse] fuzz: ${COUNT} requests, ${(bytes / 1024 / 1024).toFixed(1)} MB of bodies; statuses ${summary}`,
    );
    expect(failures).toEqual([]);

    // Still healthy: the site answers and the trigger works.
    expect((await fetch(`${app.url}/`)).status).toBe(200);
    expect((await syncThroughApp(app)).status).toBe("completed");
    expect(app.logs.filter((line) => /"event":"unhandled"|uncaught|FATAL/i.test(line))).toEqual([]);
    expectNoSecrets(app, texts, "fuzz responses");
    expectNoSecrets(app, app.logs, "the app's log");
  }, 240_000);
});
