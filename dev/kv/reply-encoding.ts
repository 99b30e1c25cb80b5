import { StatusReply } from "./backend";
import type { RedisReply } from "./backend";

export type JsonReply = null | number | string | JsonReply[];

const OK = "OK";

/**
 * Turns a reply into the JSON Upstash sends. With `Upstash-Encoding: base64` every string (bulk,
 * status, nested) is base64 of its bytes, except a top-level "OK": @upstash/redis decodes every
 * string it receives but leaves a bare "OK" alone, and Upstash answers it unencoded.
 */
export function encodeReply(reply: RedisReply, base64: boolean, topLevel = true): JsonReply {
  if (reply === null) return null;
  if (typeof reply === "number") return Number.isFinite(reply) ? reply : String(reply);
  if (isReplyArray(reply)) return reply.map((item) => encodeReply(item, base64, false));
  const bytes = Buffer.isBuffer(reply) ? reply : Buffer.from(textOf(reply), "utf8");
  if (!base64) return bytes.toString("utf8");
  if (topLevel && bytes.length === OK.length && bytes.toString("latin1") === OK) return OK;
  return bytes.toString("base64");
}

function textOf(reply: string | StatusReply | Error): string {
  if (typeof reply === "string") return reply;
  return reply instanceof StatusReply ? reply.text : reply.message;
}

function isReplyArray(reply: RedisReply): reply is readonly RedisReply[] {
  return Array.isArray(reply);
}
