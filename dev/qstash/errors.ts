/** An API error answered as `{"error": message}` with the given HTTP status, like QStash does. */
export class QStashApiError extends Error {
  readonly code = "qstash_api_error" as const;
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "QStashApiError";
  }
}

export function isQStashApiError(error: unknown): error is QStashApiError {
  return error instanceof QStashApiError;
}

/** `waitForIdle` gave up: some messages are still pending (a paused queue, a long delay...). */
export class QStashIdleTimeoutError extends Error {
  readonly code = "qstash_idle_timeout" as const;
  constructor(
    readonly pendingMessageIds: string[],
    timeoutMs: number,
  ) {
    super(
      `QStash emulator still had ${pendingMessageIds.length} message(s) pending after ${timeoutMs} ms: ` +
        pendingMessageIds.slice(0, 5).join(", "),
    );
    this.name = "QStashIdleTimeoutError";
  }
}

export function badRequest(message: string): QStashApiError {
  return new QStashApiError(400, message);
}

export function notFound(message: string): QStashApiError {
  return new QStashApiError(404, message);
}

/** The emulator was closed while something was waiting on it. */
export class QStashEmulatorClosedError extends Error {
  readonly code = "qstash_emulator_closed" as const;
  constructor() {
    super("QStash emulator closed");
    this.name = "QStashEmulatorClosedError";
  }
}
