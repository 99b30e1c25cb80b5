import type { CommandTable } from "./command-spec";
import { collectionScanCommands } from "./collection-scan";
import { hashCommands } from "./hash-commands";
import { keyCommands } from "./key-commands";
import type { KeyScanner } from "./key-scan";
import { listCommands } from "./list-commands";
import { scriptCommands } from "./script-commands";
import type { ScriptingDeps } from "./script-commands";
import { setCommands } from "./set-commands";
import { sortedSetAlgebraCommands } from "./sorted-set-algebra";
import { sortedSetCommands } from "./sorted-set-commands";
import { stringCommands } from "./string-commands";

/**
 * Every command the embedded backend serves, each implemented here to Redis' rules (for REST and
 * scripts alike). Nothing else runs: any other command is refused with a message that says so.
 * The conformance suite (tests/emulators/kv-conformance/) is keyed by this table's names and
 * compares each command's answers with a real Redis.
 */
export function buildCommandTable(scanner: KeyScanner, scripting: ScriptingDeps) {
  return {
    ...stringCommands,
    ...keyCommands(scanner),
    ...hashCommands,
    ...listCommands,
    ...setCommands,
    ...collectionScanCommands,
    ...sortedSetCommands,
    ...sortedSetAlgebraCommands,
    ...scriptCommands(scripting),
  } satisfies CommandTable;
}

/** The name of a command the embedded store serves. */
export type ServedCommand = keyof ReturnType<typeof buildCommandTable>;
