/** `npm run schedules`: manage the QStash schedule that triggers syncs. See docs/cli.md. */
import { runCommand } from "../lib/cli/cli-entry";
import { loadEnvFiles } from "../lib/cli/env-files";
import { useLocalCloud } from "../lib/cli/local-cloud-env";
import { runSchedulesCommand } from "../lib/cli/schedules-command";
import { parseSchedulesArgs, SCHEDULES_USAGE } from "./schedules-args";

process.exitCode = await runCommand(SCHEDULES_USAGE, async () => {
  const args = parseSchedulesArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${SCHEDULES_USAGE}\n`);
    return 0;
  }
  loadEnvFiles();
  await useLocalCloud(process.env, {
    services: ["QStash", "app"],
    out: args.options.json ? process.stderr : process.stdout,
    err: process.stderr,
  });
  return runSchedulesCommand(args.options, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
});
