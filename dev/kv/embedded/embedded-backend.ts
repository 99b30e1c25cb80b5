import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { Redis } from "ioredis";
import RedisMock from "ioredis-mock";
import type { Argv, CommandOutcome, KvBackend, RedisReply } from "../backend";
import { refusalOf } from "../command-policy";
import { REDIS_ERRORS, RedisReplyError, isRedisReplyError } from "../errors";
import type { KvLogger } from "../logger";
import { arityAccepts } from "./command-spec";
import type { CommandSpec, CommandTable } from "./command-spec";
import { buildCommandTable } from "./command-table";
import { KeyScanner } from "./key-scan";
import { Keyspace } from "./keyspace";
import type { MockKeyspace } from "./keyspace";
import { fromMockReply } from "./mock-replies";
import { SCRIPTING_COMMANDS } from "./script-commands";
import { SnapshotWriter, dumpKeyspace, readSnapshot, restoreKeyspace } from "./snapshot";

export interface EmbeddedBackendOptions {
  /** Persist to `<dataDir>/kv.json`; without it the store lives in memory only. */
  dataDir?: string;
  logger: KvLogger;
  /** Snapshot at most this often after writes (default 250 ms). */
  persistIntervalMs?: number;
  /** Stop a runaway EVAL after this long (default 5 s). */
  scriptTimeLimitMs?: number;
}

type MockEngine = MockKeyspace & Record<string, unknown> & { disconnect(): void };

/** Real Redis command names, so the ioredis-mock fallback never reaches its JS-only methods. */
const REDIS_COMMAND_NAMES = new Set(Redis.prototype.getBuiltinCommands());

/**
 * The store used without REDIS_URL: ioredis-mock's keyspace, with the commands a cache relies on
 * implemented here to Redis' semantics (ioredis-mock ignores lower-case SET options, skips many
 * WRONGTYPE checks, and cannot run Redis' scripting API). Other commands fall back to
 * ioredis-mock as-is. Requests run one at a time, so pipelines and transactions never interleave.
 */
export class EmbeddedBackend implements KvBackend {
  readonly kind = "embedded" as const;
  private readonly ks: Keyspace;
  private readonly scanner: KeyScanner;
  private readonly table: CommandTable;
  private snapshot: SnapshotWriter | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly mock: MockEngine,
    options: EmbeddedBackendOptions,
  ) {
    this.ks = new Keyspace(mock);
    this.scanner = new KeyScanner(this.ks);
    this.table = buildCommandTable(this.scanner, {
      callFromScript: (argv, readOnly) => this.callFromScript(argv, readOnly),
      timeLimitMs: options.scriptTimeLimitMs ?? 5_000,
    });
  }

  static async open(options: EmbeddedBackendOptions): Promise<EmbeddedBackend> {
    // ioredis-mock shares data between instances with the same host:port; a unique host isolates us.
    const mock = new RedisMock({ host: `kv-emulator-${randomUUID()}` }) as unknown as MockEngine;
    const backend = new EmbeddedBackend(mock, options);
    if (options.dataDir !== undefined) {
      const file = join(options.dataDir, "kv.json");
      const saved = await readSnapshot(file, options.logger);
      if (saved) {
        const restored = restoreKeyspace(backend.ks, saved);
        options.logger.info("kv: restored snapshot", { file, keys: restored });
      }
      backend.snapshot = new SnapshotWriter(
        file,
        () => dumpKeyspace(backend.ks),
        options.persistIntervalMs ?? 250,
        options.logger,
      );
    }
    return backend;
  }

  run(commands: readonly Argv[]): Promise<CommandOutcome[]> {
    return this.serialized(async () => {
      const outcomes: CommandOutcome[] = [];
      for (const argv of commands) outcomes.push(await this.execute(argv));
      return outcomes;
    });
  }

  runAtomic(commands: readonly Argv[]): Promise<CommandOutcome[] | { discarded: string }> {
    return this.serialized(async () => {
      // Like MULTI: a command Redis would refuse while queuing discards the whole transaction.
      for (const argv of commands) {
        const problem = this.queueError(argv);
        if (problem !== undefined) {
          return { discarded: `EXECABORT Transaction discarded because of previous errors. (${problem})` };
        }
      }
      const outcomes: CommandOutcome[] = [];
      for (const argv of commands) outcomes.push(await this.execute(argv));
      return outcomes;
    });
  }

  async close(): Promise<void> {
    await this.serialized(async () => {
      await this.snapshot?.flush();
      this.ks.flush(); // frees ioredis-mock's module-level copy of our data
      this.mock.disconnect();
    });
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private queueError(argv: Argv): string | undefined {
    const name = (argv[0] ?? "").toLowerCase();
    const refusal = refusalOf(name);
    if (refusal !== undefined) return refusal;
    const spec = this.table[name];
    if (spec) return arityAccepts(spec.arity, argv.length) ? undefined : REDIS_ERRORS.arity(name);
    return REDIS_COMMAND_NAMES.has(name) ? undefined : REDIS_ERRORS.unknownCommand(argv);
  }

  private async execute(argv: Argv): Promise<CommandOutcome> {
    const name = (argv[0] ?? "").toLowerCase();
    const refusal = refusalOf(name);
    if (refusal !== undefined) return { ok: false, error: refusal };
    const spec = this.table[name];
    try {
      const value = spec ? this.runSpec(name, spec, argv) : await this.runFallback(name, argv);
      return { ok: true, value };
    } catch (error) {
      if (isRedisReplyError(error)) return { ok: false, error: error.message };
      throw error;
    }
  }

  private runSpec(name: string, spec: CommandSpec, argv: Argv): RedisReply {
    if (!arityAccepts(spec.arity, argv.length)) throw new RedisReplyError(REDIS_ERRORS.arity(name));
    try {
      return spec.run(this.ks, argv.slice(1));
    } finally {
      if (spec.write) this.afterWrite();
    }
  }

  /** Commands we do not implement run on ioredis-mock, with its (looser) semantics. */
  private async runFallback(name: string, argv: Argv): Promise<RedisReply> {
    const method = this.mock[name];
    if (!REDIS_COMMAND_NAMES.has(name) || typeof method !== "function") {
      throw new RedisReplyError(REDIS_ERRORS.unknownCommand(argv));
    }
    try {
      return fromMockReply(
        await (method as (...args: string[]) => Promise<unknown>).apply(this.mock, argv.slice(1)),
      );
    } catch (error) {
      if (error instanceof TypeError && /Unsupported command/.test(error.message)) {
        throw new RedisReplyError(
          `${REDIS_ERRORS.unknownCommand(argv)}(not supported by the embedded KV emulator; set REDIS_URL to use a real Redis)`,
        );
      }
      const message = error instanceof Error ? error.message : String(error);
      throw new RedisReplyError(/^[A-Z]+ /.test(message) ? message : `ERR ${message}`);
    } finally {
      this.afterWrite();
    }
  }

  /** `redis.call` from a script: only our own table, synchronously, like Redis' atomic scripts. */
  private callFromScript(argv: string[], readOnly: boolean): RedisReply {
    const name = (argv[0] ?? "").toLowerCase();
    const refusal = refusalOf(name);
    if (refusal !== undefined || SCRIPTING_COMMANDS.has(name)) {
      throw new RedisReplyError("ERR This Redis command is not allowed from script");
    }
    const spec = this.table[name];
    if (!spec) {
      throw new RedisReplyError(
        REDIS_COMMAND_NAMES.has(name)
          ? `ERR command '${name}' is not supported inside scripts by the embedded KV emulator (set REDIS_URL to use a real Redis)`
          : "ERR Unknown Redis command called from script",
      );
    }
    if (!arityAccepts(spec.arity, argv.length)) {
      throw new RedisReplyError("ERR Wrong number of args calling Redis command from script");
    }
    if (readOnly && spec.write)
      throw new RedisReplyError("ERR Write commands are not allowed from read-only scripts.");
    return this.runSpec(name, spec, argv);
  }

  private afterWrite(): void {
    this.scanner.invalidate();
    this.snapshot?.markDirty();
  }
}
