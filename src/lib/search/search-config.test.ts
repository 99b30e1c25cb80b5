import { describe, expect, it } from "vitest";
import { ConfigError, searchConfig } from "../config";

describe("search configuration", () => {
  it("defaults to 60 searches a minute per client", () => {
    expect(searchConfig({})).toEqual({ rateLimit: 60, rateWindowSeconds: 60 });
    expect(searchConfig({ SEARCH_RATE_LIMIT: "5", SEARCH_RATE_WINDOW_SECONDS: "10" })).toEqual({
      rateLimit: 5,
      rateWindowSeconds: 10,
    });
  });

  it("names the variable and the allowed range when a value is wrong", () => {
    for (const [name, value] of [
      ["SEARCH_RATE_LIMIT", "0"],
      ["SEARCH_RATE_LIMIT", "lots"],
      ["SEARCH_RATE_WINDOW_SECONDS", "99999"],
    ] as const) {
      let caught: unknown;
      try {
        searchConfig({ [name]: value });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect(caught).toMatchObject({ code: "config_invalid", variable: name });
      expect((caught as Error).message).toMatch(new RegExp(`^Invalid ${name}: expected a number between`));
    }
  });
});
