import { describe, expect, it } from "vitest";
import { CliError, EXIT, exitCodeForError } from "../lib/cli/exit-codes";
import { parseSyncArgs } from "./sync-args";

function usageError(argv: string[]): CliError {
  try {
    parseSyncArgs(argv);
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error(`expected ${argv.join(" ")} to be refused`);
}

describe("npm run sync arguments", () => {
  it("defaults to an incremental trigger that does not wait", () => {
    expect(parseSyncArgs([])).toEqual({
      help: false,
      options: { force: false, wait: false, local: false, json: false },
    });
  });

  it("reads every flag", () => {
    expect(parseSyncArgs(["--force", "--wait", "--url", "https://example.com/", "--json"])).toEqual({
      help: false,
      options: { force: true, wait: true, url: "https://example.com", local: false, json: true },
    });
    expect(parseSyncArgs(["--page", "blog/my-post"])).toMatchObject({ options: { page: "blog/my-post" } });
    expect(parseSyncArgs(["--page=docs"])).toMatchObject({ options: { page: "docs" } });
  });

  it("--local always waits: the sync runs in this process", () => {
    expect(parseSyncArgs(["--local"])).toMatchObject({ options: { local: true, wait: true } });
  });

  it("answers --help and -h with the usage", () => {
    expect(parseSyncArgs(["--help"])).toEqual({ help: true });
    expect(parseSyncArgs(["-h"])).toEqual({ help: true });
  });

  it.each([
    [["--bogus"], /Unknown option '--bogus'/],
    [["now"], /positional/i],
    [["--page"], /argument missing/i],
    [["--page", " "], /--page needs/],
    [["--force", "--page", "docs"], /leave out --force/],
    [["--local", "--url", "http://127.0.0.1:3000"], /leave out --url/],
    [["--url", "example.com"], /--url must be an http\(s\) URL/],
    [["--wait=yes"], /does not take an argument/],
  ])("refuses %j with a usage error (exit 3)", (argv, message) => {
    const error = usageError(argv);
    expect(error.message).toMatch(message);
    expect(error.showUsage).toBe(true);
    expect(exitCodeForError(error)).toBe(EXIT.usage);
  });
});
