import { ZodError } from "zod";
import { isConfigError } from "../config";
import { isStoreUnreachable } from "../store/unreachable";

/** JSON response with the status in the options (never in the body only). */
export function json(body: unknown, status = 200, headers?: Record<string, string>): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}

export function fail(
  status: number,
  error: string,
  extra?: Record<string, unknown>,
  headers?: Record<string, string>,
): Response {
  return json({ ok: false, error, ...extra }, status, headers);
}

export function unauthorized(): Response {
  return fail(
    401,
    "Unauthorized: send the sync secret as `Authorization: Bearer <secret>`, an `x-sync-secret` header, or `?secret=`.",
  );
}

/** A readable message for a zod error: "force: expected 1/0/true/false". */
export function describeZod(error: ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
}

/**
 * Map an unexpected error to a response: configuration errors name the variable (500), bad input is
 * 400, an unreachable Redis is a 503 naming it (QStash retries a worker's 503 too); anything else is a
 * 500 without internals.
 */
export function errorResponse(error: unknown): Response {
  if (isConfigError(error)) return fail(500, error.message, { variable: error.variable });
  if (error instanceof ZodError) return fail(400, `Bad request: ${describeZod(error)}`);
  if (isStoreUnreachable(error)) {
    console.error(JSON.stringify({ level: "error", event: "redis_unreachable" }));
    return fail(503, error.message, { service: "redis" }, { "retry-after": "30" });
  }
  console.error(
    JSON.stringify({
      level: "error",
      event: "unhandled",
      error: error instanceof Error ? error.message : String(error),
    }),
  );
  return fail(500, "Internal error: see the server log.");
}
