import { isConfigError } from "../config";
import type { JobStatus } from "../jobs/types";

/** Exit codes of `npm run sync` and `npm run schedules`; scripts and CI rely on them (docs/cli.md). */
export const EXIT = {
  completed: 0,
  failed: 1,
  completedWithErrors: 2,
  usage: 3,
  unreachable: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function exitCodeForStatus(status: JobStatus): ExitCode {
  if (status === "completed") return EXIT.completed;
  if (status === "completed_with_errors") return EXIT.completedWithErrors;
  return EXIT.failed;
}

/**
 * What went wrong, as the user must act on it: `usage` (bad flags or input), `auth` (a refused secret
 * or token), `unreachable` (nothing answers at the URL), `failed` (the service answered with an error).
 */
export type CliErrorCode = "usage" | "auth" | "unreachable" | "failed";

const EXIT_BY_CODE: Record<CliErrorCode, ExitCode> = {
  usage: EXIT.usage,
  auth: EXIT.usage,
  unreachable: EXIT.unreachable,
  failed: EXIT.failed,
};

export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    readonly code: CliErrorCode,
    message: string,
    /** A mistake in the command line itself: the usage text follows the message. */
    readonly showUsage = false,
  ) {
    super(message);
  }

  get exitCode(): ExitCode {
    return EXIT_BY_CODE[this.code];
  }
}

export function isCliError(error: unknown): error is CliError {
  return error instanceof CliError;
}

/** A missing or malformed variable is a setup mistake, like a bad flag: exit 3 with the config message. */
export function exitCodeForError(error: unknown): ExitCode {
  if (isCliError(error)) return error.exitCode;
  if (isConfigError(error)) return EXIT.usage;
  return EXIT.failed;
}

export function messageOfError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
