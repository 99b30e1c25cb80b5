/** Error codes the real API uses (the SDK's APIErrorCode, plus `missing_version`). */
export type NotionErrorCode =
  | "unauthorized"
  | "restricted_resource"
  | "object_not_found"
  | "rate_limited"
  | "invalid_json"
  | "invalid_request_url"
  | "invalid_request"
  | "validation_error"
  | "missing_version"
  | "conflict_error"
  | "internal_server_error"
  | "service_unavailable"
  | "service_overload"
  | "gateway_timeout";

/** An answer in Notion's error shape; thrown by handlers, rendered by the server. */
export class NotionApiError extends Error {
  override readonly name = "NotionApiError";

  constructor(
    readonly status: number,
    readonly code: NotionErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly additionalData?: Record<string, string>,
  ) {
    super(message);
  }

  static is(error: unknown): error is NotionApiError {
    return error instanceof NotionApiError;
  }

  body(requestId: string): NotionErrorBody {
    return {
      object: "error",
      status: this.status,
      code: this.code,
      message: this.message,
      request_id: requestId,
      ...(this.additionalData ? { additional_data: this.additionalData } : {}),
    };
  }
}

export interface NotionErrorBody {
  object: "error";
  status: number;
  code: NotionErrorCode;
  message: string;
  request_id: string;
  additional_data?: Record<string, string>;
}

/** Misuse of the in-process mutation / fault API (unknown id, wrong kind of object, bad input). */
export class EmulatorInputError extends Error {
  override readonly name = "EmulatorInputError";

  static is(error: unknown): error is EmulatorInputError {
    return error instanceof EmulatorInputError;
  }
}

export type ObjectKind = "page" | "block" | "database" | "data_source";

export function objectNotFound(kind: ObjectKind, id: string): NotionApiError {
  const label = kind === "data_source" ? "data source" : kind;
  return new NotionApiError(
    404,
    "object_not_found",
    `Could not find ${label} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
  );
}

export function validationError(message: string): NotionApiError {
  return new NotionApiError(400, "validation_error", message);
}

export function invalidRequestUrl(): NotionApiError {
  return new NotionApiError(400, "invalid_request_url", "Invalid request URL.");
}

export function unauthorized(): NotionApiError {
  return new NotionApiError(401, "unauthorized", "API token is invalid.");
}

export function missingVersion(): NotionApiError {
  return new NotionApiError(
    400,
    "missing_version",
    "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.",
  );
}

/** A 429; `reason` is `additional_data.rate_limit_reason` (see rate-limit.ts: connection or workspace). */
export function rateLimited(retryAfter: string, reason = "connection_rate_limit"): NotionApiError {
  return new NotionApiError(
    429,
    "rate_limited",
    "You have been rate limited. Please try again in a few minutes.",
    { "retry-after": retryAfter },
    { rate_limit_reason: reason },
  );
}

/** The 400 for a `Notion-Version` this emulator does not serve. */
export function unsupportedVersion(version: string, supported: readonly string[]): NotionApiError {
  return validationError(
    `Notion-Version header failed validation: Notion-Version header should be one of ${supported.map((v) => `"${v}"`).join(", ")}, instead was \`${version}\`.`,
  );
}

/** The error a real Notion (or its edge) answers with for an injected status. */
export function errorForStatus(status: number, retryAfter = "1"): NotionApiError {
  switch (status) {
    case 429:
      return rateLimited(retryAfter);
    case 409:
      return new NotionApiError(409, "conflict_error", "Conflict occurred while saving. Please try again.");
    case 503:
      return new NotionApiError(503, "service_unavailable", "Notion is unavailable, please try again later.");
    case 504:
      return new NotionApiError(504, "gateway_timeout", "Notion timed out while processing the request.");
    case 529:
      return new NotionApiError(
        529,
        "service_overload",
        "Notion is experiencing high load, please try again later.",
        { "retry-after": retryAfter },
      );
    default:
      return new NotionApiError(status, "internal_server_error", "Unexpected error occurred.");
  }
}
