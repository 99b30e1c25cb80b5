/**
 * A Redis error reply (`WRONGTYPE …`, `ERR …`). Its message is exactly what clients see, so the
 * embedded backend throws it wherever real Redis would answer with an error.
 */
export class RedisReplyError extends Error {
  readonly code = "REDIS_REPLY_ERROR" as const;
  override name = "RedisReplyError";
}

export function isRedisReplyError(error: unknown): error is RedisReplyError {
  return error instanceof RedisReplyError;
}

/** The backing store cannot be reached (real Redis down): the HTTP layer answers 503 like Upstash would. */
export class KvBackendUnavailableError extends Error {
  readonly code = "KV_BACKEND_UNAVAILABLE" as const;
  override name = "KvBackendUnavailableError";
}

export function isKvBackendUnavailableError(error: unknown): error is KvBackendUnavailableError {
  return error instanceof KvBackendUnavailableError;
}

/** A request the REST protocol rejects before any command runs (bad JSON, body too large…). */
export class KvRequestError extends Error {
  readonly code = "KV_REQUEST_ERROR" as const;
  override name = "KvRequestError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function isKvRequestError(error: unknown): error is KvRequestError {
  return error instanceof KvRequestError;
}

/** Common Redis error texts, spelled as Redis spells them. */
export const REDIS_ERRORS = {
  wrongType: "WRONGTYPE Operation against a key holding the wrong kind of value",
  notInteger: "ERR value is not an integer or out of range",
  notFloat: "ERR value is not a valid float",
  syntax: "ERR syntax error",
  arity: (name: string) => `ERR wrong number of arguments for '${name.toLowerCase()}' command`,
  unknownCommand: (argv: readonly string[]) =>
    `ERR unknown command '${argv[0] ?? ""}', with args beginning with: ${argv
      .slice(1, 4)
      .map((arg) => `'${arg.slice(0, 64)}' `)
      .join("")}`,
  notAvailable: (name: string) => `ERR Command is not available: '${name.toLowerCase()}'`,
} as const;
