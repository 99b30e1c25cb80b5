import { describe, expect, it } from "vitest";
import { QStashApiError } from "./errors";
import { evaluateRetryDelay } from "./retry-delay-expression";

describe("evaluateRetryDelay", () => {
  it("evaluates the documented examples", () => {
    expect(evaluateRetryDelay("1000", 3)).toBe(1000);
    expect(evaluateRetryDelay("1000 * (1 + retried)", 0)).toBe(1000);
    expect(evaluateRetryDelay("1000 * (1 + retried)", 2)).toBe(3000);
    expect(evaluateRetryDelay("pow(2, retried)", 10)).toBe(1024);
    expect(evaluateRetryDelay("max(10, pow(2, retried))", 1)).toBe(10);
  });

  it("supports precedence, unary minus and every documented function", () => {
    expect(evaluateRetryDelay("2 + 3 * 4 - 10 / 5", 0)).toBe(12);
    expect(evaluateRetryDelay("abs(-5) + sqrt(16) + floor(1.7) + ceil(1.2) + round(2.5)", 0)).toBe(15);
    expect(evaluateRetryDelay("min(3, 1, 2) + exp(0)", 0)).toBe(2);
  });

  it("never returns a negative delay", () => {
    expect(evaluateRetryDelay("0 - 100", 0)).toBe(0);
  });

  it.each(["retried +", "eval(1)", "1000; process.exit()", "pow(2", "(1))", "1 / 0", ""])(
    "refuses %j with a 400",
    (expression) => {
      expect(() => evaluateRetryDelay(expression, 0)).toThrow(QStashApiError);
    },
  );
});
