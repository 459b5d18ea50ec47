// Runs `node bin/flowc.js` as a child process, the way users run it, with a
// clean environment (no model credentials, no colours unless a test asks).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BIN = path.join(ROOT, "bin", "flowc.js");

export interface FlowcResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface FlowcOptions {
  readonly cwd?: string;
  /** Added to the clean environment; `undefined` values remove a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function cleanEnv(extra: FlowcOptions["env"] = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "FORCE_COLOR", "NO_COLOR", "CI", "FLOWC_DEBUG"]) delete env[name];
  env.NO_COLOR = "1";
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Async, so an in-process test server can answer the child's requests. */
export function flowc(args: readonly string[], options: FlowcOptions = {}): Promise<FlowcResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: cleanEnv(options.env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A fresh folder under .tmp/ in the repository (gitignored), with the given files. */
export function makeProject(files: Readonly<Record<string, string>>): { dir: string; cleanup: () => void } {
  const base = path.join(ROOT, ".tmp");
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(path.join(base, "cli-"));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
