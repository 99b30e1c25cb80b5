import { REDIS_ERRORS, RedisReplyError } from "../errors";
import { parseFloatArg, parseInteger, upper } from "./args";
import type { CommandTable } from "./command-spec";
import type { Keyspace, ZsetEntry, ZsetValue } from "./keyspace";
import { ordered, rangeReply } from "./sorted-set-ranges";

type Aggregate = "SUM" | "MIN" | "MAX";

interface AlgebraRequest {
  sources: (ZsetValue | undefined)[];
  weights: number[];
  aggregate: Aggregate;
  withScores: boolean;
}

/**
 * Parses `numkeys key… [WEIGHTS w…] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]` in Redis' order: key
 * count, then every key's type, then the options (case-insensitive). Plain sets count as score 1.
 */
function parseAlgebra(ks: Keyspace, command: string, args: string[], store: boolean): AlgebraRequest {
  const count = parseInteger(args[0]!);
  if (count < 1) throw new RedisReplyError(`ERR at least 1 input key is needed for '${command}' command`);
  if (count > args.length - 1) throw new RedisReplyError(REDIS_ERRORS.syntax);
  const sources = args.slice(1, 1 + count).map((key) => asZset(ks, key));
  const request: AlgebraRequest = {
    sources,
    weights: sources.map(() => 1),
    aggregate: "SUM",
    withScores: false,
  };
  const rest = args.slice(1 + count);
  for (let i = 0; i < rest.length;) {
    const option = upper(rest[i]);
    const remaining = rest.length - i;
    if (option === "WEIGHTS" && remaining >= count + 1) {
      request.weights = rest
        .slice(i + 1, i + 1 + count)
        .map((weight) => parseFloatArg(weight, "ERR weight value is not a float"));
      i += count + 1;
    } else if (option === "AGGREGATE" && remaining >= 2) {
      const aggregate = upper(rest[i + 1]);
      if (aggregate !== "SUM" && aggregate !== "MIN" && aggregate !== "MAX") {
        throw new RedisReplyError(REDIS_ERRORS.syntax);
      }
      request.aggregate = aggregate;
      i += 2;
    } else if (option === "WITHSCORES" && !store) {
      request.withScores = true;
      i += 1;
    } else throw new RedisReplyError(REDIS_ERRORS.syntax);
  }
  return request;
}

function asZset(ks: Keyspace, key: string): ZsetValue | undefined {
  const type = ks.typeOf(key);
  if (type === "zset") return ks.read(key, "zset");
  if (type === "set") {
    return new Map([...ks.read(key, "set")!].map((member) => [member, { score: 1, value: member }]));
  }
  if (type === "none") return undefined;
  throw new RedisReplyError(REDIS_ERRORS.wrongType);
}

/** Redis turns the NaN of `inf * 0` or `inf + -inf` into 0. */
function noNaN(value: number): number {
  return Number.isNaN(value) ? 0 : value;
}

function combine(request: AlgebraRequest, intersect: boolean): ZsetValue {
  const result: ZsetValue = new Map<string, ZsetEntry>();
  const present = request.sources.map((source) => source ?? new Map<string, ZsetEntry>());
  if (intersect && present.some((source) => source.size === 0)) return result;
  present.forEach((source, index) => {
    for (const { value, score } of source.values()) {
      if (intersect && !present.every((other) => other.has(value))) continue;
      const weighted = noNaN(request.weights[index]! * score);
      const previous = result.get(value);
      let next = weighted;
      if (previous && request.aggregate === "SUM") next = noNaN(previous.score + weighted);
      else if (previous && request.aggregate === "MIN") next = Math.min(previous.score, weighted);
      else if (previous && request.aggregate === "MAX") next = Math.max(previous.score, weighted);
      result.set(value, { value, score: next });
    }
  });
  return result;
}

function storeResult(ks: Keyspace, destination: string, result: ZsetValue): number {
  ks.delete(destination);
  ks.writeCollection(destination, result);
  return result.size;
}

function algebraCommands(name: "union" | "inter") {
  const intersect = name === "inter";
  return {
    store: {
      arity: -4,
      write: true,
      run: (ks: Keyspace, [destination, ...args]: string[]) =>
        storeResult(ks, destination!, combine(parseAlgebra(ks, `z${name}store`, args, true), intersect)),
    },
    read: {
      arity: -3,
      write: false,
      run: (ks: Keyspace, args: string[]) => {
        const request = parseAlgebra(ks, `z${name}`, args, false);
        return rangeReply(ordered(combine(request, intersect)), request.withScores);
      },
    },
  };
}

const union = algebraCommands("union");
const inter = algebraCommands("inter");

export const sortedSetAlgebraCommands = {
  zunionstore: union.store,
  zinterstore: inter.store,
  zunion: union.read,
  zinter: inter.read,
} satisfies CommandTable;
