// `flowc run --executor dbos --database-url URL`: the run becomes a durable
// DBOS workflow (this process one of those that share its calls); and what
// `flowc worker`, `flowc runs` and `flowc approve` share: the database URL and
// loading @flowc/runtime/dbos (which needs @dbos-inc/dbos-sdk installed).
import type { Command } from "commander";
import type { ModelProvider } from "../runtime/models/provider.ts";
import type { RunOptions } from "../runtime/options.ts";
import { RUNTIME_PACKAGE } from "../compiler/runtime-package.ts";
import { importExternal } from "../compiler/external.ts";
import { CliError, UsageError } from "./output.ts";
import { enableTypeScriptImports } from "./typescript-loader.ts";

export type DbosRuntime = typeof import("../runtime/dbos/index.ts");

export interface ExecutorFlags {
  readonly executor?: string;
  readonly databaseUrl?: string;
  readonly runId?: string;
}

export function addExecutorOptions(command: Command, what: string): Command {
  return command
    .option("--executor <name>", `where ${what}: in-process (default) or dbos (durable, on Postgres; docs/distributed.md)`)
    .option("--database-url <url>", "the Postgres database of the dbos executor (default: FLOWC_DATABASE_URL)");
}

export function databaseUrl(flags: ExecutorFlags): string {
  const url = flags.databaseUrl ?? process.env.FLOWC_DATABASE_URL;
  if (!url) throw new UsageError("the dbos executor needs a database", "pass --database-url postgres://… or set FLOWC_DATABASE_URL (docs/distributed.md starts one)");
  return url;
}

export function checkExecutor(flags: ExecutorFlags, allowed: readonly string[]): "in-process" | "dbos" {
  const name = flags.executor ?? "in-process";
  if (name !== "in-process" && name !== "dbos") throw new UsageError(`unknown executor '${name}'`, "use --executor in-process or --executor dbos");
  if (!allowed.includes(name)) throw new UsageError(`--executor ${name} does not apply here`, `use --executor ${allowed.join(" or ")}`);
  return name;
}

export async function loadDbosRuntime(): Promise<DbosRuntime> {
  quietPgDeprecation();
  await enableTypeScriptImports();
  try {
    return await importExternal<DbosRuntime>(`${RUNTIME_PACKAGE}/dbos`);
  } catch (error) {
    throw new CliError(`could not load the dbos executor: ${(error as Error).message}`, { hint: "install it in the app: npm i @dbos-inc/dbos-sdk@^5" });
  }
}

/** RunOptions.executor for `flowc run`; nothing for in-process. */
export async function runExecutor(
  flags: ExecutorFlags & { readonly approve?: readonly string[]; readonly maxInFlight?: number },
  module: Readonly<Record<string, unknown>>,
  callOptions: RunOptions,
): Promise<Partial<RunOptions>> {
  if (checkExecutor(flags, ["in-process", "dbos"]) === "in-process") return {};
  if (callOptions.resume !== undefined) throw new UsageError("--resume reads a local journal; a dbos run is resumed with flowc runs resume ID");
  const dbos = await loadDbosRuntime();
  return {
    executor: dbos.dbosExecutor({
      databaseUrl: databaseUrl(flags),
      modules: [module],
      callOptions,
      approve: flags.approve ?? [],
      ...(flags.maxInFlight !== undefined ? { maxInFlight: flags.maxInFlight } : {}),
      ...(flags.runId !== undefined ? { runId: flags.runId } : {}),
    }),
  };
}

/** After a dbos run: stop DBOS so the process can exit (the run itself lives on in Postgres). */
export async function stopExecutor(flags: ExecutorFlags): Promise<void> {
  if ((flags.executor ?? "in-process") === "dbos") await (await loadDbosRuntime()).stopDbos();
}

/**
 * DBOS 5 still calls pg in a way pg 8 warns about on stderr ("Calling
 * client.query() when the client is already executing a query"); the warning
 * is DBOS's, not the user's to act on, and would garble flowc's stderr.
 */
function quietPgDeprecation(): void {
  const emit = process.emitWarning;
  if ((emit as { flowcQuiet?: true }).flowcQuiet) return;
  const quiet = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (text.startsWith("Calling client.query() when the client is already executing a query")) return;
    (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning & { flowcQuiet?: true };
  quiet.flowcQuiet = true;
  process.emitWarning = quiet;
}

export type { ModelProvider };
