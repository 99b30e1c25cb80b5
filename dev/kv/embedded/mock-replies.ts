import type { RedisReply } from "../backend";

/** ioredis-mock answers in JS shapes (objects for HGETALL-like replies, booleans…); flatten to Redis'. */
export function fromMockReply(value: unknown): RedisReply {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isNaN(value) ? null : value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (Buffer.isBuffer(value)) return value.toString("utf8");
  if (Array.isArray(value)) return value.map((item: unknown) => fromMockReply(item));
  if (value instanceof Set) return [...value].map((item: unknown) => fromMockReply(item));
  if (value instanceof Map) return [...value.entries()].flat().map((item: unknown) => fromMockReply(item));
  if (typeof value === "object")
    return Object.entries(value)
      .flat()
      .map((item: unknown) => fromMockReply(item));
  return typeof value === "bigint" ? Number(value) : null;
}
