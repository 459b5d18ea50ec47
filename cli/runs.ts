// `flowc runs` (list), `flowc runs show|cancel|resume ID` and `flowc approve
// RUN TOOL`: status and control of the dbos executor's runs, from any process
// that reaches the database (no plan needed).
import type { Command } from "commander";
import { CliError, formatInt, writeOut } from "./output.ts";
import { databaseUrl, loadDbosRuntime, type ExecutorFlags } from "./run-executor.ts";

type Runs = import("../runtime/dbos/runs.ts").DbosRuns;

async function withRuns<T>(flags: ExecutorFlags, body: (runs: Runs) => Promise<T>): Promise<T> {
  const url = databaseUrl(flags);
  const { DbosRuns } = await loadDbosRuntime();
  let runs: Runs | undefined;
  try {
    runs = await DbosRuns.open(url);
    return await body(runs);
  } catch (error) {
    // No such run, an unreachable database: the user's to fix, not a flowc bug.
    if (error instanceof CliError) throw error;
    throw new CliError((error as Error).message ?? String(error), { hint: "flowc runs --database-url URL lists the runs of a database" });
  } finally {
    await runs?.close();
  }
}

/** A subcommand's options with those of `flowc runs` (where --database-url is parsed). */
function flagsOf(command: Command): ExecutorFlags {
  return command.optsWithGlobals() as ExecutorFlags;
}

const DB_OPTION = ["--database-url <url>", "the dbos executor's Postgres database (default: FLOWC_DATABASE_URL)"] as const;

export function register(program: Command): void {
  const runs = program
    .command("runs")
    .summary("list the durable runs (--executor dbos) with their state and usage")
    .option(...DB_OPTION)
    .option("--limit <n>", "how many, newest first (default 50)")
    .action(async (options: ExecutorFlags & { limit?: string }) =>
      withRuns(options, async (store) => {
        const list = await store.list(options.limit ? Number(options.limit) : 50);
        if (list.length === 0) return writeOut("no runs");
        for (const run of list) {
          const usage = `${formatInt(run.usage.calls)} model calls, ${formatInt(run.usage.totalTokens)} tokens`;
          writeOut(`${run.id}  ${run.flow}  ${run.state}  ${run.callsDone}/${run.calls} calls done  ${usage}  ${run.createdAt}${run.error ? `  ${run.error}` : ""}`);
        }
      }),
    );
  runs
    .command("show")
    .description("a run's call tree, like flowc trace (its calls so far while it runs)")
    .argument("<id>")
    .action(async (id: string, _options: unknown, command: Command) => withRuns(flagsOf(command), async (store) => writeOut((await store.show(id)).trimEnd())));
  runs
    .command("cancel")
    .description("cancel a run and its calls that have not ended")
    .argument("<id>")
    .action(async (id: string, _options: unknown, command: Command) => withRuns(flagsOf(command), async (store) => (await store.cancel(id), writeOut(`cancelled ${id}`))));
  runs
    .command("resume")
    .description("run a failed or cancelled run again: calls that succeeded are kept, the others made again")
    .argument("<id>")
    .action(async (id: string, _options: unknown, command: Command) => withRuns(flagsOf(command), async (store) => (await store.resume(id), writeOut(`resumed ${id}`))));

  program
    .command("approve")
    .summary("release a durable run's tool that waits for approval (--executor dbos)")
    .argument("<run>")
    .argument("<tool>")
    .option("--deny", "deny it instead (the run fails with the reason)")
    .option("--reason <text>", "why, for a denial")
    .option(...DB_OPTION)
    .action(async (run: string, tool: string, options: ExecutorFlags & { deny?: boolean; reason?: string }) =>
      withRuns(options, async (store) => {
        const message = options.deny ? { approve: false, ...(options.reason ? { reason: options.reason } : {}) } : { approve: true };
        const answered = await store.approve(run, tool, message);
        writeOut(answered === 0 ? `no call of ${tool} in ${run} waits for approval` : `${options.deny ? "denied" : "approved"} ${answered} call(s) of ${tool} in ${run}`);
      }),
    );
}
