/**
 * Notion-hosted files: short-lived signed URLs served by the emulator itself, S3-style. A URL works
 * until its `expiry_time` (emulator clock) and then answers 403 AccessDenied, like the real bucket.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { HostedFile, Workspace } from "./model";
import { gradientPng } from "./png";

export const FILES_PATH = "/__files/";
export const ASSETS_PATH = "/__assets/";
/** External URLs written `asset:<name>` are served by the emulator so the demo works offline. */
export const ASSET_SCHEME = "asset:";

export interface FileResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The hosted file's id, for the request log. */
  fileId?: string;
}

export interface FileHostOptions {
  secret: string;
  ttlMs: number;
  now: () => number;
}

function s3Error(status: number, code: string, message: string): FileResponse {
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
    `<RequestId>EMULATOR</RequestId><HostId>notion-emulator</HostId></Error>`;
  return { status, headers: { "content-type": "application/xml" }, body: Buffer.from(xml) };
}

export class FileHost {
  private counter = 0;
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly options: FileHostOptions) {}

  get ttlMs(): number {
    return this.options.ttlMs;
  }

  set ttlMs(ms: number) {
    this.options.ttlMs = ms;
  }

  private signature(fileId: string, expires: number, nonce: number): string {
    return createHmac("sha256", this.options.secret).update(`${fileId}\n${expires}\n${nonce}`).digest("hex");
  }

  /** A fresh URL on every call (the nonce changes even within one millisecond), like Notion's. */
  sign(baseUrl: string, file: HostedFile): { url: string; expiry_time: string } {
    const expires = this.options.now() + this.options.ttlMs;
    const nonce = ++this.counter;
    const sig = this.signature(file.id, expires, nonce);
    const url = `${baseUrl}${FILES_PATH}${file.id}/${encodeURIComponent(file.name)}?expires=${expires}&n=${nonce}&sig=${sig}`;
    return { url, expiry_time: new Date(expires).toISOString() };
  }

  private bytes(key: string, rgb: readonly [number, number, number]): Buffer {
    let png = this.cache.get(key);
    if (!png) {
      png = gradientPng(96, 64, rgb);
      this.cache.set(key, png);
    }
    return png;
  }

  /** Answers `GET /__files/<id>/<name>?expires&n&sig`. */
  serveHosted(ws: Workspace, url: URL): FileResponse {
    const fileId = url.pathname.slice(FILES_PATH.length).split("/")[0] ?? "";
    const file = ws.files.get(fileId);
    if (!file) return { ...s3Error(404, "NoSuchKey", "The specified key does not exist."), fileId };
    const expires = Number(url.searchParams.get("expires"));
    const nonce = Number(url.searchParams.get("n"));
    const given = Buffer.from(url.searchParams.get("sig") ?? "");
    const expected = Buffer.from(this.signature(fileId, expires, nonce));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ...s3Error(403, "AccessDenied", "Request signature does not match."), fileId };
    }
    if (this.options.now() > expires)
      return { ...s3Error(403, "AccessDenied", "Request has expired"), fileId };
    return {
      status: 200,
      headers: { "content-type": file.contentType, "cache-control": "private, max-age=0" },
      body: this.bytes(file.id, file.rgb),
      fileId,
    };
  }

  /** Answers `GET /__assets/<name>`: stable, never expires (stands in for an external image host). */
  serveAsset(url: URL): FileResponse {
    const name = decodeURIComponent(url.pathname.slice(ASSETS_PATH.length));
    let hash = 0;
    for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 31) + name.charCodeAt(i)) >>> 0;
    const rgb: [number, number, number] = [hash & 0xff, (hash >>> 8) & 0xff, (hash >>> 16) & 0xff];
    return {
      status: 200,
      headers: { "content-type": "image/png", "cache-control": "public, max-age=86400" },
      body: this.bytes(`asset:${name}`, rgb),
    };
  }
}

export function assetUrl(baseUrl: string, url: string): string {
  return url.startsWith(ASSET_SCHEME) ? `${baseUrl}${ASSETS_PATH}${url.slice(ASSET_SCHEME.length)}` : url;
}
