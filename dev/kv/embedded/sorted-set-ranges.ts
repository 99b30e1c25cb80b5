import { RedisReplyError } from "../errors";
import { formatFloat, indexWindow, parseFloatArg, parseInteger, upper } from "./args";
import type { ZsetEntry, ZsetValue } from "./keyspace";

/** Score order, ties broken by member, as Redis sorts a sorted set. */
export function ordered(zset: ZsetValue): ZsetEntry[] {
  return [...zset.values()].sort(
    (a, b) => a.score - b.score || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
  );
}

interface ScoreBound {
  value: number;
  exclusive: boolean;
}

export function parseScoreBound(text: string): ScoreBound {
  const exclusive = text.startsWith("(");
  return {
    value: parseFloatArg(exclusive ? text.slice(1) : text, "ERR min or max is not a float"),
    exclusive,
  };
}

function parseLexBound(text: string): { value: string; exclusive: boolean } | "-" | "+" {
  if (text === "-" || text === "+") return text;
  if (text.startsWith("(") || text.startsWith("["))
    return { value: text.slice(1), exclusive: text[0] === "(" };
  throw new RedisReplyError("ERR min or max not valid string range item");
}

export function withinScore(score: number, min: ScoreBound, max: ScoreBound): boolean {
  const aboveMin = min.exclusive ? score > min.value : score >= min.value;
  const belowMax = max.exclusive ? score < max.value : score <= max.value;
  return aboveMin && belowMax;
}

function withinLex(
  member: string,
  min: ReturnType<typeof parseLexBound>,
  max: ReturnType<typeof parseLexBound>,
) {
  const aboveMin = min === "-" || (min !== "+" && (min.exclusive ? member > min.value : member >= min.value));
  const belowMax = max === "+" || (max !== "-" && (max.exclusive ? member < max.value : member <= max.value));
  return aboveMin && belowMax;
}

export interface RangeRequest {
  by: "rank" | "score" | "lex";
  rev: boolean;
  withScores: boolean;
  limit?: { offset: number; count: number };
}

/** ZRANGE's option words (BYSCORE, BYLEX, REV, LIMIT o c, WITHSCORES), validated like Redis does. */
export function parseRangeOptions(words: string[], defaults: Partial<RangeRequest> = {}): RangeRequest {
  const request: RangeRequest = { by: "rank", rev: false, withScores: false, ...defaults };
  for (let i = 0; i < words.length; i++) {
    const word = upper(words[i]);
    if (word === "WITHSCORES") request.withScores = true;
    else if (word === "REV") request.rev = true;
    else if (word === "BYSCORE") request.by = "score";
    else if (word === "BYLEX") request.by = "lex";
    else if (word === "LIMIT" && i + 2 < words.length) {
      request.limit = { offset: parseInteger(words[i + 1]!), count: parseInteger(words[i + 2]!) };
      i += 2;
    } else throw new RedisReplyError("ERR syntax error");
  }
  if (request.limit && request.by === "rank") {
    throw new RedisReplyError(
      "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX",
    );
  }
  if (request.withScores && request.by === "lex") {
    throw new RedisReplyError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
  }
  return request;
}

/** The entries ZRANGE selects; `start`/`stop` are ranks, scores or lex bounds depending on `by`. */
export function selectRange(
  zset: ZsetValue,
  start: string,
  stop: string,
  request: RangeRequest,
): ZsetEntry[] {
  const entries = ordered(zset);
  if (request.rev) entries.reverse();
  if (request.by === "rank") {
    const window = indexWindow(parseInteger(start), parseInteger(stop), entries.length);
    return window ? entries.slice(window[0], window[1] + 1) : [];
  }
  // With REV the bounds come as max then min.
  const [low, high] = request.rev ? [stop, start] : [start, stop];
  let selected: ZsetEntry[];
  if (request.by === "score") {
    const min = parseScoreBound(low);
    const max = parseScoreBound(high);
    selected = entries.filter((entry) => withinScore(entry.score, min, max));
  } else {
    const min = parseLexBound(low);
    const max = parseLexBound(high);
    selected = entries.filter((entry) => withinLex(entry.value, min, max));
  }
  if (!request.limit) return selected;
  const { offset, count } = request.limit;
  if (offset < 0) return [];
  return selected.slice(offset, count < 0 ? undefined : offset + count);
}

export function rangeReply(entries: readonly ZsetEntry[], withScores: boolean): string[] {
  return withScores
    ? entries.flatMap((entry) => [entry.value, formatFloat(entry.score)])
    : entries.map((e) => e.value);
}
