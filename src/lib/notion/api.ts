import {
  APIResponseError,
  Client,
  LogLevel,
  type GetBlockResponse,
  type GetDatabaseResponse,
  type GetPageResponse,
  type ListBlockChildrenResponse,
  type QueryDataSourceParameters,
  type QueryDataSourceResponse,
  type SearchParameters,
  type SearchResponse,
} from "@notionhq/client";
import { NotionSyncError } from "./errors";
import { DeadlineReachedError } from "../jobs/errors";
import { Throttle } from "./throttle";

export interface NotionApiOptions {
  token: string;
  apiUrl: string;
  ratePerSecond: number;
  burst: number;
  concurrency: number;
  timeoutMs: number;
  /** Retries of a 5xx/529/timeout/network failure before the call fails (429s are waited out instead). */
  maxRetries?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface NotionCounters {
  apiCalls: number;
  rateLimited: number;
  retries: number;
}

const PAGE_SIZE = 100;

/**
 * The step's budget ended while a failed call (`call`) waited for its retry: `failures` attempts failed
 * so far, of the `limit` after which the call counts as failed for good.
 */
export class RetryCutShortError extends DeadlineReachedError {
  constructor(
    readonly call: string,
    readonly failure: string,
    readonly failures: number,
    readonly limit: number,
  ) {
    super(`The step's time budget ran out while waiting to retry (${failure})`);
  }
}

/**
 * The only code that calls Notion. Every call goes through one throttle and this class's retry loop;
 * the SDK's own retry is off, so exactly one layer retries.
 */
export class NotionApi {
  readonly counters: NotionCounters = { apiCalls: 0, rateLimited: 0, retries: 0 };
  /** Calls that cannot start before this time fail with DeadlineReachedError (the step's budget). */
  deadline = Number.POSITIVE_INFINITY;
  private readonly client: Client;
  private readonly throttle: Throttle;
  private readonly now: () => number;

  constructor(private readonly options: NotionApiOptions) {
    this.now = options.now ?? Date.now;
    this.client = new Client({
      auth: options.token,
      baseUrl: options.apiUrl,
      timeoutMs: options.timeoutMs,
      retry: false,
      // The SDK's timeout rejects but leaves the request open; abort it so a hung call frees its socket.
      fetch: (url, init) =>
        (options.fetch ?? fetch)(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) }),
      // Failed attempts are retried and counted here; the SDK's per-attempt warnings would only be noise.
      logLevel: LogLevel.ERROR,
    });
    this.throttle = new Throttle({
      ratePerSecond: options.ratePerSecond,
      burst: options.burst,
      concurrency: options.concurrency,
      now: options.now,
    });
  }

  /** Milliseconds until Notion's last Retry-After ends (0 when calls may go now). */
  pauseLeftMs(): number {
    return Math.max(0, this.throttle.pausedUntil - this.now());
  }

  retrievePage(pageId: string): Promise<GetPageResponse> {
    return this.call(`page ${pageId}`, () => this.client.pages.retrieve({ page_id: pageId }));
  }

  retrieveBlock(blockId: string): Promise<GetBlockResponse> {
    return this.call(`block ${blockId}`, () => this.client.blocks.retrieve({ block_id: blockId }));
  }

  retrieveDatabase(databaseId: string): Promise<GetDatabaseResponse> {
    return this.call(`database ${databaseId}`, () =>
      this.client.databases.retrieve({ database_id: databaseId }),
    );
  }

  listChildren(blockId: string, cursor?: string): Promise<ListBlockChildrenResponse> {
    return this.call(`children of ${blockId}`, () =>
      this.client.blocks.children.list({ block_id: blockId, start_cursor: cursor, page_size: PAGE_SIZE }),
    );
  }

  search(params: Omit<SearchParameters, "page_size">): Promise<SearchResponse> {
    return this.call("search", () => this.client.search({ ...params, page_size: PAGE_SIZE }));
  }

  queryDataSource(
    dataSourceId: string,
    params: Omit<QueryDataSourceParameters, "data_source_id" | "page_size">,
  ): Promise<QueryDataSourceResponse> {
    return this.call(`rows of ${dataSourceId}`, () =>
      this.client.dataSources.query({ ...params, data_source_id: dataSourceId, page_size: PAGE_SIZE }),
    );
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const maxRetries = this.options.maxRetries ?? 6;
    for (let failures = 0; ;) {
      try {
        return await this.throttle.run(() => {
          this.counters.apiCalls++;
          return fn();
        }, this.deadline);
      } catch (error) {
        if (error instanceof DeadlineReachedError) throw error;
        const status = error instanceof APIResponseError ? error.status : undefined;
        if (status === 429) {
          this.counters.rateLimited++;
          this.counters.retries++;
          this.throttle.pause(retryAfterMs(error));
          continue;
        }
        const permanent = permanentError(error, what);
        if (permanent) throw permanent;
        failures++;
        if (failures > maxRetries) {
          throw new NotionSyncError(
            "unavailable",
            `Notion kept failing for ${what} after ${failures} attempts: ${describe(error)}`,
            status,
          );
        }
        this.counters.retries++;
        const backoff = Math.min(8_000, 250 * 2 ** (failures - 1)) * (0.75 + Math.random() / 2);
        if (this.now() + backoff > this.deadline) {
          throw new RetryCutShortError(what, `${what}: ${describe(error)}`, failures, maxRetries + 1);
        }
        await new Promise((resolve) => setTimeout(resolve, backoff));
      }
    }
  }
}

function retryAfterMs(error: unknown): number {
  const headers = error instanceof APIResponseError ? error.headers : undefined;
  const raw =
    headers && typeof (headers as Headers).get === "function"
      ? (headers as Headers).get("retry-after")
      : (headers as Record<string, string> | undefined)?.["retry-after"];
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.max(seconds * 1000, 50) : 1000;
}

function permanentError(error: unknown, what: string): NotionSyncError | undefined {
  if (!(error instanceof APIResponseError)) return undefined;
  if (error.status === 401 || error.status === 403) {
    return new NotionSyncError(
      "unauthorized",
      `Notion refused the token (${error.status} ${error.code}) for ${what}: check NOTION_TOKEN and that the integration is connected to your pages.`,
      error.status,
    );
  }
  if (error.status === 404) {
    return new NotionSyncError(
      "not_found",
      `Notion could not find ${what}: it was deleted or is not shared with the integration.`,
      404,
    );
  }
  if (error.status === 400) {
    return new NotionSyncError(
      "invalid_request",
      `Notion rejected the request for ${what}: ${error.message}`,
      400,
    );
  }
  return undefined;
}

function describe(error: unknown): string {
  if (error instanceof APIResponseError) return `${error.status} ${error.code}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
