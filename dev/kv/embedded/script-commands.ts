import { createHash } from "node:crypto";
import { OK_REPLY } from "../backend";
import type { RedisReply } from "../backend";
import { RedisReplyError } from "../errors";
import { parseInteger, upper } from "./args";
import type { CommandTable } from "./command-spec";
import { runLuaScript } from "./lua-host";

export interface ScriptingDeps {
  /** Runs a command issued by `redis.call` (synchronously, within the script's atomic run). */
  callFromScript(argv: string[], readOnly: boolean): RedisReply;
  timeLimitMs: number;
}

export function sha1hex(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}

/** EVAL, EVALSHA (and their _RO forms) and SCRIPT LOAD/EXISTS/FLUSH, with Redis' script cache. */
export function scriptCommands(deps: ScriptingDeps) {
  const cache = new Map<string, string>();

  const evaluate = (script: string, [numKeysArg, ...rest]: string[], readOnly: boolean): RedisReply => {
    const numKeys = parseInteger(numKeysArg!);
    if (numKeys < 0) throw new RedisReplyError("ERR Number of keys can't be negative");
    if (numKeys > rest.length)
      throw new RedisReplyError("ERR Number of keys can't be greater than number of args");
    return runLuaScript({
      script,
      keys: rest.slice(0, numKeys),
      args: rest.slice(numKeys),
      call: (argv) => deps.callFromScript(argv, readOnly),
      sha1hex,
      timeLimitMs: deps.timeLimitMs,
    });
  };
  const cached = (sha: string): string => {
    const script = cache.get(sha.toLowerCase());
    if (script === undefined) throw new RedisReplyError("NOSCRIPT No matching script. Please use EVAL.");
    return script;
  };
  const remember = (script: string): string => {
    const sha = sha1hex(script);
    cache.set(sha, script);
    return sha;
  };

  return {
    eval: {
      arity: -3,
      write: true,
      run: (_ks, [script, ...rest]) => (remember(script!), evaluate(script!, rest, false)),
    },
    eval_ro: {
      arity: -3,
      write: false,
      run: (_ks, [script, ...rest]) => (remember(script!), evaluate(script!, rest, true)),
    },
    evalsha: { arity: -3, write: true, run: (_ks, [sha, ...rest]) => evaluate(cached(sha!), rest, false) },
    evalsha_ro: { arity: -3, write: false, run: (_ks, [sha, ...rest]) => evaluate(cached(sha!), rest, true) },
    script: {
      arity: -2,
      write: false,
      run: (_ks, [subcommand, ...rest]) => {
        switch (upper(subcommand)) {
          case "LOAD":
            if (rest.length !== 1)
              throw new RedisReplyError("ERR wrong number of arguments for 'script|load' command");
            return remember(rest[0]!);
          case "EXISTS":
            return rest.map((sha) => (cache.has(sha.toLowerCase()) ? 1 : 0));
          case "FLUSH":
            cache.clear();
            return OK_REPLY;
          default:
            throw new RedisReplyError(`ERR unknown subcommand '${subcommand ?? ""}'. Try SCRIPT HELP.`);
        }
      },
    },
  } satisfies CommandTable;
}

export const SCRIPTING_COMMANDS = new Set(["eval", "eval_ro", "evalsha", "evalsha_ro", "script"]);
