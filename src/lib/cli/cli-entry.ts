import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliError, exitCodeForError, messageOfError, type ExitCode } from "./exit-codes";
import type { OutputStream } from "./progress-display";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** `node:util` parseArgs in strict mode, with its errors turned into usage errors (exit 3). */
export function parseStrict<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new CliError("usage", messageOfError(error), true);
  }
}

/**
 * Run a command and turn what it throws into a message and an exit code. Usage errors are followed by
 * the usage text; nothing printed here contains a secret (errors never carry them).
 */
export async function runCommand(
  usage: string,
  run: () => Promise<ExitCode>,
  stderr: OutputStream = process.stderr,
): Promise<ExitCode> {
  try {
    return await run();
  } catch (error) {
    stderr.write(`error: ${messageOfError(error)}\n`);
    const code = exitCodeForError(error);
    if (error instanceof CliError && error.code === "usage" && error.showUsage) stderr.write(`\n${usage}\n`);
    return code;
  }
}
