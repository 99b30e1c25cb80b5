import type { IncomingMessage } from "node:http";
import type { Argv } from "./backend";
import { KvRequestError } from "./errors";

/** Reads the whole body, refusing more than `limit` bytes (Upstash caps requests at 10 MB). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new KvRequestError(`ERR max request size exceeded (${limit} bytes)`, 413);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    throw new KvRequestError("ERR failed to parse command: the body is not valid JSON", 400);
  }
}

/** `["SET","k","v","EX",100]` → argv of strings; numbers and booleans are sent as their text. */
export function toArgv(value: unknown): Argv {
  if (!Array.isArray(value) || value.length === 0) {
    throw new KvRequestError("ERR failed to parse command: expected a non-empty JSON array", 400);
  }
  return value.map((item: unknown) => {
    if (typeof item === "string") return item;
    if (typeof item === "number" || typeof item === "boolean") return String(item);
    throw new KvRequestError("ERR failed to parse command: arguments must be strings or numbers", 400);
  });
}

/** `[[…],[…]]` → a list of argv, for `/pipeline` and `/multi-exec`. */
export function toArgvList(value: unknown): Argv[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new KvRequestError("ERR failed to parse pipeline: expected a non-empty array of commands", 400);
  }
  return value.map((command: unknown) => toArgv(command));
}

/**
 * The REST path form: `/set/key/value?EX=100` or `POST /set/key` with the raw value as body.
 * Query parameters other than `_token` become `NAME value` arguments.
 */
export function pathArgv(url: URL, body: Buffer): Argv {
  const argv = url.pathname
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new KvRequestError("ERR failed to parse command: bad URL encoding", 400);
      }
    });
  if (body.length > 0) argv.push(body.toString("utf8"));
  for (const [name, value] of url.searchParams) {
    if (name === "_token") continue;
    argv.push(name);
    if (value !== "") argv.push(value);
  }
  return toArgv(argv);
}
