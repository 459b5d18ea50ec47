// `flowc graph FILE [--flow NAME] [--format mermaid|dot] [--out FILE] [--size name=N]`:
// an offline picture of a checked plan, plus each callable's call bound (and a
// cost estimate when sizes are given) on stderr.
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { CliError, EXIT, UsageError, writeErr, writeOut } from "./output.ts";
import { displayPath, expandFlowPaths } from "./paths.ts";

interface GraphCliOptions {
  readonly flow?: string;
  readonly format: string;
  readonly out?: string;
  readonly size?: string[];
  readonly bounds: boolean;
}

export function register(program: Command): void {
  program
    .command("graph")
    .summary("draw a plan: steps, fan-out, branches, loops, calls, delegation")
    .description(
      "Draw the checked plan of a .flow file offline: steps in order, map fan-out with its concurrency, " +
        "filter, reduce, branches and loops, each call's kind and model, tools that need approval, " +
        "`uses` delegation edges and the worst-case number of LLM calls (printed on stderr, with a cost range " +
        "when every size is given with --size).",
    )
    .argument("<file>", "the .flow file")
    .option("--flow <name>", "only this flow (or worker/tool)")
    .option("--format <format>", "mermaid or dot", "mermaid")
    .option("--out <file>", "write the picture to a file instead of stdout")
    .option("--size <name=N>", "an input size for the cost estimate (repeatable): --size decks=50", collect)
    .option("--no-bounds", "do not print call bounds on stderr")
    .addHelpText(
      "after",
      `
Examples:
  $ flowc graph examples/pitchdeck/pitchdeck.flow > plan.mmd
  $ flowc graph app.flow --flow digest --format dot --out digest.dot
  $ flowc graph app.flow --flow evaluate_decks --size decks=50   bound and cost range on stderr`,
    )
    .action(async (file: string, options: GraphCliOptions) => {
      await runGraph(file, options);
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

async function runGraph(file: string, options: GraphCliOptions): Promise<void> {
  const { GRAPH_FORMATS, buildGraph, renderGraph, GraphSelectionError } = await import("../compiler/review/graph/index.ts");
  const format = GRAPH_FORMATS.find((f) => f === options.format);
  if (!format) throw new UsageError(`unknown format '${options.format}'`, "use --format mermaid or --format dot");
  const { CallBounds, parseSizes } = await import("../compiler/review/bounds/index.ts");
  let sizes: Map<string, number>;
  try {
    sizes = parseSizes(options.size ?? []);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [entry] = expandFlowPaths([file]);
  if (!entry || path.resolve(file) !== entry) throw new UsageError(`graph takes one .flow file, got ${file}`);
  const { check } = await import("../compiler/index.ts");
  const checked = check([entry]);
  if (!checked.ok) {
    const { printDiagnostics, printSummary } = await import("./check.ts");
    await printDiagnostics(checked);
    printSummary(checked.diagnostics);
    throw new CliError(`cannot draw ${displayPath(entry)}: it has errors`, { exitCode: EXIT.failure });
  }
  const module = checked.program.modules.find((m) => m.file === entry)!;
  const bounds = new CallBounds(checked.program);
  let graph;
  try {
    graph = buildGraph(checked.program, module, { flow: options.flow }, bounds);
  } catch (error) {
    if (error instanceof GraphSelectionError) throw new UsageError(error.message);
    throw error;
  }
  const text = renderGraph(graph, format);
  if (options.out) writeFileSync(options.out, text);
  else writeOut(text);
  if (options.bounds) {
    const { boundsReport } = await import("../compiler/review/bounds/report.ts");
    writeErr(boundsReport(bounds, module, { only: options.flow, sizes }));
  }
}
