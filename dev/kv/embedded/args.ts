import { REDIS_ERRORS, RedisReplyError } from "../errors";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Redis' strict integer syntax (no '+', no leading zeros, no spaces), as a bigint in int64 range. */
export function parseInt64(text: string, message: string = REDIS_ERRORS.notInteger): bigint {
  if (!/^-?(0|[1-9]\d*)$/.test(text)) throw new RedisReplyError(message);
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) throw new RedisReplyError(message);
  return value;
}

export function parseInteger(text: string, message: string = REDIS_ERRORS.notInteger): number {
  return Number(parseInt64(text, message));
}

export function checkedInt64(value: bigint): bigint {
  if (value < INT64_MIN || value > INT64_MAX) {
    throw new RedisReplyError("ERR increment or decrement would overflow");
  }
  return value;
}

/** A score or float argument: `inf`, `-inf`, decimals, exponents; NaN and blanks are refused. */
export function parseFloatArg(text: string, message: string = REDIS_ERRORS.notFloat): number {
  const lower = text.toLowerCase();
  if (lower === "inf" || lower === "+inf" || lower === "infinity" || lower === "+infinity") return Infinity;
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  if (text === "" || /^\s|\s$/.test(text)) throw new RedisReplyError(message);
  const value = Number(text);
  if (Number.isNaN(value)) throw new RedisReplyError(message);
  return value;
}

/**
 * How Redis 7.0 prints a double in replies (ZSCORE, WITHSCORES, ZINCRBY): C's `%.17g`, so 0.1 is
 * "0.10000000000000001" and 1e21 is "1e+21".
 */
export function formatFloat(value: number): string {
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (value === 0) return "0"; // Redis answers "0" for a -0 score too
  const [mantissa = "", exponentText = "0"] = value.toExponential(16).split("e");
  const exponent = Number(exponentText);
  const trim = (digits: string) => (digits.includes(".") ? digits.replace(/\.?0+$/, "") : digits);
  if (exponent < -4 || exponent >= 17) {
    const sign = exponent < 0 ? "-" : "+";
    return `${trim(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return trim(value.toFixed(16 - exponent));
}

/** Resolves Redis' negative indexes into an inclusive [start, end] window, or undefined when empty. */
export function indexWindow(start: number, end: number, length: number): [number, number] | undefined {
  let from = start < 0 ? start + length : start;
  let to = end < 0 ? end + length : end;
  if (from < 0) from = 0;
  if (to >= length) to = length - 1;
  if (from > to || from >= length) return undefined;
  return [from, to];
}

export function upper(text: string | undefined): string {
  return (text ?? "").toUpperCase();
}
