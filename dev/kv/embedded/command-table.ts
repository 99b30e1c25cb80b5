import type { CommandTable } from "./command-spec";
import { hashCommands } from "./hash-commands";
import { keyCommands } from "./key-commands";
import type { KeyScanner } from "./key-scan";
import { listCommands } from "./list-commands";
import { scriptCommands } from "./script-commands";
import type { ScriptingDeps } from "./script-commands";
import { setCommands } from "./set-commands";
import { sortedSetCommands } from "./sorted-set-commands";
import { stringCommands } from "./string-commands";

/** Every command the embedded backend implements itself (faithfully, for REST and scripts alike). */
export function buildCommandTable(scanner: KeyScanner, scripting: ScriptingDeps): CommandTable {
  return {
    ...stringCommands,
    ...keyCommands(scanner),
    ...hashCommands,
    ...listCommands,
    ...setCommands,
    ...sortedSetCommands,
    ...scriptCommands(scripting),
  };
}
