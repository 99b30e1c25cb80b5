import { APIResponseError, Client, LogLevel } from "@notionhq/client";
import { NotionSyncError } from "./errors";
import { DeadlineReachedError } from "../jobs/errors";
import { classifyRefusal } from "./rate-policy";
import { Throttle, type SharedPause } from "./throttle";

export interface NotionApiOptions {
  token: string;
  apiUrl: string;
  ratePerSecond: number;
  burst: number;
  concurrency: number;
  timeoutMs: number;
  /** Retries of a 5xx/timeout/network failure before the call fails (429s and 529s are waited out instead). */
  maxRetries?: number;
  fetch?: typeof fetch;
  now?: () => number;
  /** `Notion-Version` (NOTION_API_VERSION); default the SDK's, 2025-09-03. */
  notionVersion?: string;
  /** Where a workspace-limit pause is shared with every step (src/lib/store/notion-pause.ts). */
  sharedPause?: SharedPause;
}

export interface NotionCounters {
  apiCalls: number;
  rateLimited: number;
  retries: number;
}

const PAGE_SIZE = 100;

/**
 * A Notion object as it came over the wire. The SDK's types stop in this module: the rest of the app
 * reshapes these with the converters beside it (reshape-*.ts) and never stores them raw.
 */
export type NotionObject = { readonly [key: string]: unknown };

/** One page of a paginated Notion listing. */
export interface NotionList {
  results: NotionObject[];
  has_more: boolean;
  next_cursor: string | null;
}

/** Rows of a data source, optionally only those edited at or after `editedOnOrAfter` (ISO time). */
export interface RowQuery {
  cursor?: string;
  editedOnOrAfter?: string;
}

export interface SessionOptions {
  /** Calls that cannot start before this time fail with DeadlineReachedError. */
  deadline?: number;
  /** Retries of a failing call in this session (a reader waiting on a file lookup wants fewer). */
  maxRetries?: number;
  /** Aborted (a cancel, the step's end): calls not yet started fail with DeadlineReachedError. */
  signal?: AbortSignal;
}

interface Shared {
  client: Client;
  throttle: Throttle;
  parent: NotionApi;
}

function asList(response: unknown): NotionList {
  const r = response as { results: NotionObject[]; has_more: boolean; next_cursor: string | null };
  return { results: r.results, has_more: r.has_more, next_cursor: r.next_cursor };
}

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
 *
 * One instance per process holds the client and the throttle (the one rate budget). Each step, and each
 * file lookup, works through its own `session()`: same client and throttle, its own deadline, abort
 * signal and counters, so concurrent steps never see each other's budget or counts.
 */
export class NotionApi {
  /** Calls made through this object (a session's own; the process-wide total on the root client). */
  readonly counters: NotionCounters = { apiCalls: 0, rateLimited: 0, retries: 0 };
  /** Calls that cannot start before this time fail with DeadlineReachedError (the step's budget). */
  deadline = Number.POSITIVE_INFINITY;
  private readonly client: Client;
  private readonly throttle: Throttle;
  private readonly now: () => number;
  private readonly parent: NotionApi | undefined;
  private signal: AbortSignal | undefined;
  /** A workspace pause another step recorded, read once per session (a step) before its first call. */
  private sharedPauseAdopted: Promise<void> | undefined;

  constructor(
    private readonly options: NotionApiOptions,
    shared?: Shared,
  ) {
    this.now = options.now ?? Date.now;
    this.parent = shared?.parent;
    if (shared) {
      this.client = shared.client;
      this.throttle = shared.throttle;
      return;
    }
    this.client = new Client({
      auth: options.token,
      baseUrl: options.apiUrl,
      timeoutMs: options.timeoutMs,
      retry: false,
      ...(options.notionVersion ? { notionVersion: options.notionVersion } : {}),
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
      sharedPause: options.sharedPause,
    });
  }

  /** A view with its own deadline, abort signal and counters, sharing this client's throttle. */
  session(options: SessionOptions = {}): NotionApi {
    const own =
      options.maxRetries !== undefined ? { ...this.options, maxRetries: options.maxRetries } : this.options;
    const session = new NotionApi(own, { client: this.client, throttle: this.throttle, parent: this });
    session.deadline = options.deadline ?? Number.POSITIVE_INFINITY;
    session.signal = options.signal;
    return session;
  }

  /** Milliseconds until Notion's last Retry-After ends (0 when calls may go now). */
  pauseLeftMs(): number {
    return Math.max(0, this.throttle.pausedUntil - this.now());
  }

  retrievePage(pageId: string): Promise<NotionObject> {
    return this.call(`page ${pageId}`, () => this.client.pages.retrieve({ page_id: pageId }));
  }

  retrieveBlock(blockId: string): Promise<NotionObject> {
    return this.call(`block ${blockId}`, () => this.client.blocks.retrieve({ block_id: blockId }));
  }

  retrieveDatabase(databaseId: string): Promise<NotionObject> {
    return this.call(`database ${databaseId}`, () =>
      this.client.databases.retrieve({ database_id: databaseId }),
    );
  }

  async listChildren(blockId: string, cursor?: string): Promise<NotionList> {
    return asList(
      await this.call(`children of ${blockId}`, () =>
        this.client.blocks.children.list({ block_id: blockId, start_cursor: cursor, page_size: PAGE_SIZE }),
      ),
    );
  }

  /** Pages shared with the integration, most recently edited first (what an incremental sync lists). */
  async searchPages(cursor?: string): Promise<NotionList> {
    return asList(
      await this.call("search", () =>
        this.client.search({
          filter: { property: "object", value: "page" },
          sort: { timestamp: "last_edited_time", direction: "descending" },
          ...(cursor ? { start_cursor: cursor } : {}),
          page_size: PAGE_SIZE,
        }),
      ),
    );
  }

  /** A data source's rows, newest first; only those edited since `editedOnOrAfter` when given. */
  async queryRows(dataSourceId: string, query: RowQuery = {}): Promise<NotionList> {
    return asList(
      await this.call(`rows of ${dataSourceId}`, () =>
        this.client.dataSources.query({
          data_source_id: dataSourceId,
          page_size: PAGE_SIZE,
          ...(query.cursor ? { start_cursor: query.cursor } : {}),
          ...(query.editedOnOrAfter
            ? {
                filter: {
                  timestamp: "last_edited_time",
                  last_edited_time: { on_or_after: query.editedOnOrAfter },
                },
              }
            : {}),
          sorts: [{ timestamp: "created_time", direction: "descending" }],
        }),
      ),
    );
  }

  private count(name: keyof NotionCounters): void {
    this.counters[name]++;
    if (this.parent) this.parent.count(name);
  }

  /** The deadline calls must start by: this session's, or now once its signal aborted. */
  private startBy(): number {
    return this.signal?.aborted ? this.now() : this.deadline;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const maxRetries = this.options.maxRetries ?? 6;
    for (let failures = 0; ;) {
      try {
        if (this.signal?.aborted) throw new DeadlineReachedError("The step was stopped before this call");
        await (this.sharedPauseAdopted ??= this.throttle.adoptSharedPause());
        return await this.throttle.run(() => {
          this.count("apiCalls");
          return fn();
        }, this.startBy());
      } catch (error) {
        if (error instanceof DeadlineReachedError) throw error;
        const status = error instanceof APIResponseError ? error.status : undefined;
        // 429 and 529 are waited out by the throttle, for every caller at once (rate-policy.ts).
        const refusal = classifyRefusal(error);
        if (refusal) {
          if (refusal.kind !== "overload") this.count("rateLimited");
          this.count("retries");
          await this.throttle.refused(refusal);
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
        this.count("retries");
        const backoff = Math.min(8_000, 250 * 2 ** (failures - 1)) * (0.75 + Math.random() / 2);
        if (this.now() + backoff > this.startBy()) {
          throw new RetryCutShortError(what, `${what}: ${describe(error)}`, failures, maxRetries + 1);
        }
        await new Promise((resolve) => setTimeout(resolve, backoff));
      }
    }
  }
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
