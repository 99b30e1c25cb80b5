import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Test support: a tiny stand-in for the Notion API (GET pages, blocks and databases by id) on port 0,
 * recording every request so tests can assert what was (and was not) asked.
 */
export interface NotionFakeRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  notionVersion: string | undefined;
}

export type NotionKind = "pages" | "blocks" | "databases";

export interface NotionFake {
  url: string;
  requests: NotionFakeRequest[];
  /** Objects served by GET /v1/{kind}/{id}; ids are matched without dashes. */
  set(kind: NotionKind, id: string, object: Record<string, unknown>): void;
  /** Answer every request with this status and a Notion error body instead (null: back to normal). */
  failWith(status: number | null, code?: string): void;
  close(): Promise<void>;
}

const bare = (id: string) => id.replace(/-/g, "").toLowerCase();

export async function startNotionFake(): Promise<NotionFake> {
  const objects = new Map<string, Record<string, unknown>>();
  const requests: NotionFakeRequest[] = [];
  let failure: { status: number; code: string } | null = null;

  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    requests.push({
      method: req.method ?? "GET",
      path,
      authorization: req.headers.authorization,
      notionVersion: req.headers["notion-version"] as string | undefined,
    });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (failure) {
      return send(failure.status, {
        object: "error",
        status: failure.status,
        code: failure.code,
        message: "fake",
      });
    }
    const match = /^\/v1\/(pages|blocks|databases)\/([^/?]+)$/.exec(path);
    const object = match ? objects.get(`${match[1]}:${bare(match[2] ?? "")}`) : undefined;
    if (!object) {
      return send(404, {
        object: "error",
        status: 404,
        code: "object_not_found",
        message: "Could not find object.",
      });
    }
    send(200, object);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    set: (kind, id, object) => objects.set(`${kind}:${bare(id)}`, object),
    failWith: (status, code = "internal_server_error") => {
      failure = status === null ? null : { status, code };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A Notion-hosted file object as the API returns it. */
export function hostedFile(url: string, expiresAt: Date): Record<string, unknown> {
  return { type: "file", file: { url, expiry_time: expiresAt.toISOString() } };
}
