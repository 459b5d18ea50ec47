// Figures that compare flowc with the bare SDK run those two in a child
// process that never loads LangGraph or the AI SDK: LangGraph turns on
// AsyncLocalStorage, which stays on for the rest of a process and makes every
// promise dearer (~4x per async step in Node 20), so next to it the side that
// makes more promises pays more, whatever its own cost.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { BENCH_DIR } from "./paths.ts";

/** Runs `figures/<script>` with tsx and returns the JSON of the last line it prints. */
export async function runFigureChild<T>(script: string, args: readonly (string | number)[]): Promise<T> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", path.join(BENCH_DIR, "figures", script), ...args.map(String)], {
    cwd: BENCH_DIR,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(BENCH_DIR, "tsconfig.json") },
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as T;
}
