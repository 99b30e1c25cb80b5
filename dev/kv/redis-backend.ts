import { Command, Redis } from "ioredis";
import type { Pipeline } from "ioredis";
import type { Argv, CommandOutcome, KvBackend, RedisReply } from "./backend";
import { isBlockingCommand, refusalOf } from "./command-policy";
import { KvBackendUnavailableError, RedisReplyError } from "./errors";

/**
 * Proxies the REST API to a real Redis. Commands go as raw argv with Buffer replies (no ioredis
 * reply transformers), a pipeline is one write, and /multi-exec is a real MULTI … EXEC.
 */
export class RedisBackend implements KvBackend {
  readonly kind = "redis" as const;

  private constructor(private readonly client: Redis) {}

  static async connect(redisUrl: string): Promise<RedisBackend> {
    const client = new Redis(redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      retryStrategy: (times) => Math.min(times * 100, 2_000),
    });
    // Without a listener ioredis prints every reconnect error; failures surface per request instead.
    client.on("error", () => undefined);
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      throw new KvBackendUnavailableError(`Cannot reach Redis at ${redisUrl}: ${String(error)}`);
    }
    return new RedisBackend(client);
  }

  async run(commands: readonly Argv[]): Promise<CommandOutcome[]> {
    const refusals = commands.map((argv) => refusalOf(argv[0] ?? ""));
    const runnable = commands.filter((_, index) => refusals[index] === undefined);
    // A blocking command would stall every other request sharing the connection.
    const blocking = runnable.some((argv) => isBlockingCommand(argv[0] ?? ""));
    const client = blocking ? this.client.duplicate() : this.client;
    try {
      const settled = await execPipeline(client, runnable);
      let next = 0;
      return refusals.map((refusal) =>
        refusal === undefined ? settled[next++]! : { ok: false, error: refusal },
      );
    } finally {
      if (blocking) client.disconnect();
    }
  }

  async runAtomic(commands: readonly Argv[]): Promise<CommandOutcome[] | { discarded: string }> {
    const refusal = commands.map((argv) => refusalOf(argv[0] ?? "")).find((text) => text !== undefined);
    if (refusal !== undefined) return { discarded: `EXECABORT Transaction discarded because of: ${refusal}` };
    const settled = await execPipeline(this.client, [["MULTI"], ...commands, ["EXEC"]]);
    const exec = settled[settled.length - 1];
    if (!exec?.ok) {
      const queueError = settled.slice(1, -1).find((outcome) => !outcome.ok);
      const detail = queueError && !queueError.ok ? ` (${queueError.error})` : "";
      return { discarded: `${exec?.error ?? "EXECABORT Transaction discarded"}${detail}` };
    }
    const results = Array.isArray(exec.value) ? (exec.value as readonly RedisReply[]) : [];
    return results.map((value) =>
      value instanceof Error ? { ok: false, error: value.message } : { ok: true, value },
    );
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

/** Sends every command in one write and waits for all replies, in order. */
async function execPipeline(client: Redis, commands: readonly Argv[]): Promise<CommandOutcome[]> {
  if (commands.length === 0) return [];
  const pipeline = client.pipeline() as Pipeline;
  const sent = commands.map((argv) => {
    // Upper-case names skip ioredis' reply transformers (hgetall → object), keeping Redis' shape.
    const command = new Command((argv[0] ?? "").toUpperCase(), argv.slice(1), { replyEncoding: null });
    pipeline.sendCommand(command);
    return command.promise as Promise<unknown>;
  });
  await pipeline.exec().catch(() => undefined);
  const settled = await Promise.allSettled(sent);
  return settled.map((outcome): CommandOutcome => {
    if (outcome.status === "fulfilled") return { ok: true, value: toReply(outcome.value) };
    const error: unknown = outcome.reason;
    if (isReplyError(error)) return { ok: false, error: error.message };
    throw new KvBackendUnavailableError(`Redis is unavailable: ${String(error)}`);
  });
}

function isReplyError(error: unknown): error is Error {
  return error instanceof Error && error.name === "ReplyError";
}

function toReply(value: unknown): RedisReply {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => toReply(item));
  if (value instanceof Error) return new RedisReplyError(value.message);
  return JSON.stringify(value) ?? null;
}
