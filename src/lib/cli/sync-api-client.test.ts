import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CliError } from "./exit-codes";
import { SyncApiClient } from "./sync-api-client";

const SECRET = "cli-test-secret-0123456789abcdef";
let server: Server | undefined;

interface Seen {
  method?: string;
  url?: string;
  authorization?: string;
  body: string;
}

/** A stand-in app on port 0 that records the request and answers as told. */
async function app(status: number, body: unknown, contentType = "application/json") {
  const seen: Seen = { body: "" };
  server = createServer((req: IncomingMessage, res) => {
    let data = "";
    req.on("data", (chunk: Buffer) => (data += chunk.toString()));
    req.on("end", () => {
      Object.assign(seen, {
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
        body: data,
      });
      res.writeHead(status, { "content-type": contentType });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen };
}

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function failure(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

const accepted = {
  ok: true,
  jobId: "jabc123456",
  messageId: "msg_1",
  status: "queued",
  force: true,
  page: null,
  workerUrl: "x",
  statusUrl: "http://127.0.0.1/api/sync/jobs/jabc123456",
  dashboardUrl: "http://127.0.0.1/admin/jobs/jabc123456",
};

describe("the trigger and status API client", () => {
  it("POSTs the trigger with the secret as a Bearer token and source cli", async () => {
    const { url, seen } = await app(202, accepted);
    const reply = await new SyncApiClient({ baseUrl: `${url}/`, secret: SECRET }).trigger({ force: true });
    expect(reply).toMatchObject({ jobId: "jabc123456", status: "queued" });
    expect(seen).toMatchObject({
      method: "POST",
      url: "/api/sync/trigger",
      authorization: `Bearer ${SECRET}`,
    });
    expect(JSON.parse(seen.body)).toEqual({ force: true, source: "cli" });
  });

  it("reads a job from the status API", async () => {
    const job = {
      id: "jabc123456",
      status: "running",
      progress: { phase: "walk", done: 3, total: 9, counters: {} },
    };
    const { url, seen } = await app(200, { ok: true, job });
    const view = await new SyncApiClient({ baseUrl: url, secret: SECRET }).getJob("jabc123456");
    expect(view).toMatchObject({ id: "jabc123456", status: "running", errors: [] });
    expect(seen).toMatchObject({ method: "GET", url: "/api/sync/jobs/jabc123456" });
  });

  it("turns a 401 into an auth error that names SYNC_SECRET and not the secret", async () => {
    const { url } = await app(401, { ok: false, error: "Unauthorized" });
    const error = await failure(
      new SyncApiClient({ baseUrl: url, secret: SECRET }).trigger({ force: false }),
    );
    expect(error.code).toBe("auth");
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(/the secret was refused.*check SYNC_SECRET/);
    expect(error.message).not.toContain(SECRET);
  });

  it("passes the app's own words on a 400 (usage) and a 500 (failed)", async () => {
    let { url } = await app(400, { ok: false, error: 'No synced page has the slug or id "nope".' });
    const bad = await failure(
      new SyncApiClient({ baseUrl: url, secret: SECRET }).trigger({ force: false, page: "nope" }),
    );
    expect(bad).toMatchObject({ code: "usage", message: 'No synced page has the slug or id "nope".' });
    await new Promise((resolve) => server!.close(resolve));
    ({ url } = await app(500, { ok: false, error: "Missing QSTASH_TOKEN: set it in .env.local" }));
    const broken = await failure(
      new SyncApiClient({ baseUrl: url, secret: SECRET }).trigger({ force: false }),
    );
    expect(broken.code).toBe("failed");
    expect(broken.message).toMatch(/500: Missing QSTASH_TOKEN/);
  });

  it("says how to start the app when nothing listens, or when something else answers", async () => {
    const { url } = await app(404, "<html>Not Found</html>", "text/html");
    const other = await failure(
      new SyncApiClient({ baseUrl: url, secret: SECRET }).trigger({ force: false }),
    );
    expect(other.code).toBe("unreachable");
    expect(other.message).toMatch(/is the notion-sync app running/);
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const gone = await failure(new SyncApiClient({ baseUrl: url, secret: SECRET }).trigger({ force: false }));
    expect(gone.code).toBe("unreachable");
    expect(gone.exitCode).toBe(4);
    expect(gone.message).toMatch(/cannot reach the app at .*ECONNREFUSED.*npm run dev/);
  });
});
