import type { z } from "zod";
import { CliError } from "./exit-codes";
import {
  ErrorReplySchema,
  JobReplySchema,
  TriggerReplySchema,
  type JobView,
  type TriggerReply,
} from "./job-view";

export interface SyncApiClientOptions {
  /** The app's base URL, e.g. http://127.0.0.1:3000 or https://example.com. */
  baseUrl: string;
  /** SYNC_SECRET (or CRON_SECRET); sent as a Bearer token, never printed. */
  secret: string;
  fetch?: typeof fetch;
  /** Per-request limit (default 30 s): a request that hangs longer counts as "cannot reach". */
  timeoutMs?: number;
}

export interface TriggerInput {
  force: boolean;
  page?: string;
}

/** The app's trigger and status API, as the CLI calls it. Errors are `CliError`s that say what to do. */
export class SyncApiClient {
  readonly baseUrl: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: SyncApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.fetch = options.fetch ?? fetch;
  }

  async trigger(input: TriggerInput): Promise<TriggerReply> {
    const body = JSON.stringify({ force: input.force, page: input.page, source: "cli" });
    return this.request("/api/sync/trigger", { method: "POST", body }, TriggerReplySchema);
  }

  async getJob(jobId: string): Promise<JobView> {
    const reply = await this.request(`/api/sync/jobs/${encodeURIComponent(jobId)}`, {}, JobReplySchema);
    return reply.job;
  }

  private async request<T>(path: string, init: RequestInit, schema: z.ZodType<T>): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await this.fetch(url, {
        ...init,
        headers: { authorization: `Bearer ${this.options.secret}`, "content-type": "application/json" },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new CliError("unreachable", unreachableMessage(this.baseUrl, error));
    }
    const text = await response.text();
    const json = parseJson(text);
    if (response.status === 401 || response.status === 403) {
      throw new CliError(
        "auth",
        `the secret was refused (${response.status} from ${this.baseUrl}): check SYNC_SECRET (or CRON_SECRET); it must match the app's value.`,
      );
    }
    const apiError = ErrorReplySchema.safeParse(json);
    if (!response.ok) {
      const detail = apiError.success ? apiError.data.error : `HTTP ${response.status}`;
      if (response.status === 400) throw new CliError("usage", detail);
      if (response.status === 404 && !apiError.success) {
        throw new CliError(
          "unreachable",
          `${url} answered 404: is the notion-sync app running at ${this.baseUrl}? Pass --url or set APP_URL.`,
        );
      }
      throw new CliError("failed", `the app answered ${response.status}: ${detail}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new CliError("failed", `unexpected answer from ${url}: is this the notion-sync app?`);
    }
    return parsed.data;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function unreachableMessage(baseUrl: string, error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const reason =
    error instanceof Error && error.name === "TimeoutError"
      ? "it did not answer in time"
      : ((cause as { code?: string }).code ?? (cause instanceof Error ? cause.message : String(cause)));
  return `cannot reach the app at ${baseUrl} (${reason}). Start it with \`npm run dev\`, or pass --url / set APP_URL to where it runs.`;
}
