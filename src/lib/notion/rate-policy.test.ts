import { APIErrorCode, APIResponseError } from "@notionhq/client";
import { describe, expect, it } from "vitest";
import { classifyRefusal, overloadPauseMs, suggestsWindow } from "./rate-policy";

function apiError(status: number, headers: Record<string, string>, additional?: Record<string, string>) {
  return new APIResponseError({
    code: status === 429 ? APIErrorCode.RateLimited : APIErrorCode.InternalServerError,
    status,
    message: "refused",
    headers: new Headers(headers),
    rawBodyText: "{}",
    additional_data: additional,
    request_id: undefined,
  });
}

describe("classifyRefusal", () => {
  it("tells the workspace limit from the connection limit by rate_limit_reason", () => {
    expect(
      classifyRefusal(apiError(429, { "retry-after": "90" }, { rate_limit_reason: "workspace_rate_limit" })),
    ).toEqual({ kind: "workspace", retryAfterMs: 90_000 });
    expect(
      classifyRefusal(apiError(429, { "retry-after": "2" }, { rate_limit_reason: "connection_rate_limit" })),
    ).toEqual({ kind: "connection", retryAfterMs: 2_000, precise: false });
  });

  it("treats a 429 without a reason (older servers) as the connection's, with a default wait", () => {
    expect(classifyRefusal(apiError(429, {}))).toEqual({
      kind: "connection",
      retryAfterMs: 1_000,
      precise: false,
    });
  });

  it("reads 529 as overload and leaves other failures to the caller", () => {
    expect(classifyRefusal(apiError(529, {}))).toEqual({ kind: "overload", retryAfterMs: undefined });
    expect(classifyRefusal(apiError(500, {}))).toBeUndefined();
    expect(classifyRefusal(new Error("socket hang up"))).toBeUndefined();
  });
});

describe("suggestsWindow", () => {
  it("reads a wait longer than a bucket's as a window, allowing for whole-second rounding", () => {
    expect(suggestsWindow({ retryAfterMs: 1_000, precise: false }, 3)).toBe(false);
    expect(suggestsWindow({ retryAfterMs: 4_000, precise: false }, 3)).toBe(true);
    expect(suggestsWindow({ retryAfterMs: 6, precise: true }, 180)).toBe(false);
    expect(suggestsWindow({ retryAfterMs: 55, precise: true }, 180)).toBe(true);
  });
});

describe("overloadPauseMs", () => {
  it("grows with the streak up to a cap, jittered between half and all of it", () => {
    expect(overloadPauseMs(1, undefined, () => 0)).toBe(250);
    expect(overloadPauseMs(1, undefined, () => 1)).toBe(500);
    expect(overloadPauseMs(3, undefined, () => 1)).toBe(2_000);
    expect(overloadPauseMs(20, undefined, () => 1)).toBe(30_000);
  });

  it("never comes back before the server's Retry-After", () => {
    expect(overloadPauseMs(1, 5_000, () => 0)).toBe(5_000);
  });
});
