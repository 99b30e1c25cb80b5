/** A plain node:http server that hands QStash deliveries to the worker handler: the worker route, minus Next. */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { handleWorker } from "@/lib/http/worker";
import type { JobRuntime } from "@/lib/jobs/runtime";

export interface WorkerServer {
  url: string;
  /** Status codes the worker answered, in order. */
  statuses: number[];
  close(): Promise<void>;
}

async function toRequest(req: IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
      headers.append(name, v);
  }
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(req.url ?? "/", base), { method: req.method, headers, body });
}

/** `runtime(url)` builds the JobRuntime once the server's URL (APP_URL) is known. */
export async function startWorkerServer(runtime: (url: string) => JobRuntime): Promise<WorkerServer> {
  // Known once the server listens: the runtime needs the server's own URL for QStash.
  const bound: { rt?: JobRuntime; base: string } = { base: "" };
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const { rt, base } = bound;
      const path = new URL(req.url ?? "/", base).pathname;
      // Failure callbacks (after QStash gave up) only need an answer here; the job record tells the story.
      const response =
        path === "/api/sync/worker" && rt
          ? await handleWorker(await toRequest(req, base), rt)
          : new Response(JSON.stringify({ ok: true }), { status: 200 });
      statuses.push(response.status);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  bound.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  bound.rt = runtime(bound.base);
  return {
    url: bound.base,
    statuses,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
