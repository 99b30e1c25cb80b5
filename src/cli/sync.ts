/** `npm run sync`: trigger a sync (and follow it) or run one in-process. See docs/cli.md. */
import { runCommand } from "../lib/cli/cli-entry";
import { loadEnvFiles } from "../lib/cli/env-files";
import { useLocalCloud } from "../lib/cli/local-cloud-env";
import { runSyncCommand } from "../lib/cli/sync-command";
import { parseSyncArgs, SYNC_USAGE } from "./sync-args";

process.once("SIGINT", () => {
  // Restore the cursor the progress bar hid; a triggered job goes on in the background.
  if (process.stdout.isTTY) process.stdout.write("\x1B[?25h\n");
  process.stderr.write(
    "interrupted. A job run by the app goes on in the background (`npm run sync -- --wait` follows it); " +
      "a --local job resumes from its checkpoint on the next --local run.\n",
  );
  process.exit(130);
});

process.exitCode = await runCommand(SYNC_USAGE, async () => {
  const args = parseSyncArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${SYNC_USAGE}\n`);
    return 0;
  }
  loadEnvFiles();
  const { options } = args;
  await useLocalCloud(process.env, {
    services: options.local ? ["Notion", "KV"] : ["app"],
    url: options.local ? undefined : options.url,
    out: options.json ? process.stderr : process.stdout,
    err: process.stderr,
  });
  return runSyncCommand(args.options, { stdout: process.stdout, stderr: process.stderr, env: process.env });
});
