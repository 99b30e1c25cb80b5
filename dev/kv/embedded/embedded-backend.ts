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

type MockEngine = MockKeyspace & { disconnect(): void };

/** Real Redis command names: a refusal says whether the command exists but is not served here. */
const REDIS_COMMAND_NAMES = new Set(Redis.prototype.getBuiltinCommands());

/**
 * A Redis command the embedded store does not serve is refused rather than half-emulated: a
 * wrong answer is worse than a clear refusal.
 */
function notServed(argv: Argv): string {
  const name = (argv[0] ?? "").toLowerCase();
  return REDIS_COMMAND_NAMES.has(name)
    ? `${REDIS_ERRORS.unknownCommand(argv)}(not supported by the embedded KV emulator; set REDIS_URL to use a real Redis)`
    : REDIS_ERRORS.unknownCommand(argv);
}

/**
 * The store used without REDIS_URL: ioredis-mock's keyspace and expiry table, with every served
 * command implemented here to Redis' semantics (ioredis-mock's own commands ignore lower-case
 * options, skip WRONGTYPE checks and answer some commands wrongly, so none of them is reachable).
 * Requests run one at a time, so pipelines and transactions never interleave.
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

  /** The names of the commands it serves, lower case. */
  servedCommands(): string[] {
    return Object.keys(this.table);
  }

  run(commands: readonly Argv[]): Promise<CommandOutcome[]> {
    return this.serialized(() => commands.map((argv) => this.execute(argv)));
  }

  runAtomic(commands: readonly Argv[]): Promise<CommandOutcome[] | { discarded: string }> {
    return this.serialized(() => {
      // Like MULTI: a command Redis would refuse while queuing discards the whole transaction.
      for (const argv of commands) {
        const problem = this.queueError(argv);
        if (problem !== undefined) {
          return { discarded: `EXECABORT Transaction discarded because of previous errors. (${problem})` };
        }
      }
      return commands.map((argv) => this.execute(argv));
    });
  }

  async close(): Promise<void> {
    await this.serialized(async () => {
      await this.snapshot?.flush();
      this.ks.flush(); // frees ioredis-mock's module-level copy of our data
      this.mock.disconnect();
    });
  }

  private serialized<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private queueError(argv: Argv): string | undefined {
    const name = (argv[0] ?? "").toLowerCase();
    const refusal = refusalOf(name);
    if (refusal !== undefined) return refusal;
    const spec = this.spec(name);
    if (spec) return arityAccepts(spec.arity, argv.length) ? undefined : REDIS_ERRORS.arity(name);
    return notServed(argv);
  }

  private spec(name: string): CommandSpec | undefined {
    return Object.prototype.hasOwnProperty.call(this.table, name) ? this.table[name] : undefined;
  }

  private execute(argv: Argv): CommandOutcome {
    const name = (argv[0] ?? "").toLowerCase();
    const refusal = refusalOf(name);
    if (refusal !== undefined) return { ok: false, error: refusal };
    const spec = this.spec(name);
    try {
      if (!spec) throw new RedisReplyError(notServed(argv));
      return { ok: true, value: this.runSpec(name, spec, argv) };
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

  /** `redis.call` from a script: only our own table, synchronously, like Redis' atomic scripts. */
  private callFromScript(argv: string[], readOnly: boolean): RedisReply {
    const name = (argv[0] ?? "").toLowerCase();
    const refusal = refusalOf(name);
    if (refusal !== undefined || SCRIPTING_COMMANDS.has(name)) {
      throw new RedisReplyError("ERR This Redis command is not allowed from script");
    }
    const spec = this.spec(name);
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
