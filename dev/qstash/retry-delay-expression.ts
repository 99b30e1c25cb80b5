import { badRequest } from "./errors";

/**
 * Evaluates QStash's `Upstash-Retry-Delay` expressions (milliseconds), e.g.
 * `1000 * (1 + retried)` or `max(10, pow(2, retried))`: numbers, `retried`, + - * /,
 * parentheses and the documented functions. A tiny recursive-descent parser, no `eval`.
 */
const FUNCTIONS: Record<string, (...args: number[]) => number> = {
  pow: (a = 0, b = 0) => Math.pow(a, b),
  sqrt: (a = 0) => Math.sqrt(a),
  abs: (a = 0) => Math.abs(a),
  exp: (a = 0) => Math.exp(a),
  floor: (a = 0) => Math.floor(a),
  ceil: (a = 0) => Math.ceil(a),
  round: (a = 0) => Math.round(a),
  min: (...args) => Math.min(...args),
  max: (...args) => Math.max(...args),
};

type Token = { kind: "num"; value: number } | { kind: "id"; value: string } | { kind: "op"; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_]\w*)|([-+*/(),]))/y;
  let index = 0;
  while (index < source.length) {
    if (/^\s*$/.test(source.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(source);
    if (!match) throw badRequest(`invalid Upstash-Retry-Delay expression: "${source}"`);
    if (match[1] !== undefined) tokens.push({ kind: "num", value: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ kind: "id", value: match[2] });
    else tokens.push({ kind: "op", value: match[3]! });
    index = pattern.lastIndex;
  }
  return tokens;
}

class Parser {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
    private readonly retried: number,
  ) {}

  parse(): number {
    const value = this.sum();
    if (this.index !== this.tokens.length) this.fail();
    return value;
  }

  private fail(): never {
    throw badRequest(`invalid Upstash-Retry-Delay expression: "${this.source}"`);
  }

  private peekOp(...ops: string[]): string | undefined {
    const token = this.tokens[this.index];
    return token?.kind === "op" && ops.includes(token.value) ? token.value : undefined;
  }

  private sum(): number {
    let value = this.product();
    for (let op = this.peekOp("+", "-"); op; op = this.peekOp("+", "-")) {
      this.index++;
      const right = this.product();
      value = op === "+" ? value + right : value - right;
    }
    return value;
  }

  private product(): number {
    let value = this.unary();
    for (let op = this.peekOp("*", "/"); op; op = this.peekOp("*", "/")) {
      this.index++;
      const right = this.unary();
      value = op === "*" ? value * right : value / right;
    }
    return value;
  }

  private unary(): number {
    if (this.peekOp("-")) {
      this.index++;
      return -this.unary();
    }
    return this.atom();
  }

  private atom(): number {
    const token = this.tokens[this.index++];
    if (!token) this.fail();
    if (token.kind === "num") return token.value;
    if (token.kind === "op") {
      if (token.value !== "(") this.fail();
      const value = this.sum();
      if (!this.peekOp(")")) this.fail();
      this.index++;
      return value;
    }
    if (token.value === "retried") return this.retried;
    const fn = FUNCTIONS[token.value];
    if (!fn || !this.peekOp("(")) this.fail();
    this.index++;
    const args: number[] = [];
    if (!this.peekOp(")")) {
      args.push(this.sum());
      while (this.peekOp(",")) {
        this.index++;
        args.push(this.sum());
      }
    }
    if (!this.peekOp(")")) this.fail();
    this.index++;
    return fn(...args);
  }
}

/** The delay in ms for a retry, `retried` being the number of retries already made (0 first). */
export function evaluateRetryDelay(expression: string, retried: number): number {
  const value = new Parser(tokenize(expression), expression, retried).parse();
  if (!Number.isFinite(value)) throw badRequest(`Upstash-Retry-Delay "${expression}" is not finite`);
  return Math.max(0, value);
}
