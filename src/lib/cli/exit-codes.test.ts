import { describe, expect, it } from "vitest";
import { ConfigError } from "../config";
import { CliError, EXIT, exitCodeForError, exitCodeForStatus } from "./exit-codes";

describe("exit codes", () => {
  it("maps the job's final status", () => {
    expect(exitCodeForStatus("completed")).toBe(0);
    expect(exitCodeForStatus("failed")).toBe(1);
    expect(exitCodeForStatus("cancelled")).toBe(1);
    expect(exitCodeForStatus("completed_with_errors")).toBe(2);
  });

  it("maps errors: usage and auth 3, unreachable 4, config 3, anything else 1", () => {
    expect(exitCodeForError(new CliError("usage", "x"))).toBe(EXIT.usage);
    expect(exitCodeForError(new CliError("auth", "x"))).toBe(3);
    expect(exitCodeForError(new CliError("unreachable", "x"))).toBe(4);
    expect(exitCodeForError(new CliError("failed", "x"))).toBe(1);
    expect(exitCodeForError(new ConfigError("config_missing", "NOTION_TOKEN", "Missing NOTION_TOKEN"))).toBe(
      3,
    );
    expect(exitCodeForError(new Error("boom"))).toBe(1);
  });
});
