// `flowc init [dir]`: scaffolds a project that builds, runs offline and passes
// its test right after `npm install`: the project file, a plan with a worker
// and a tool, the plan's recording, an entry point, a vitest test on replay,
// npm scripts and the dev dependencies they use. The files come from
// templates/init (shipped in the package); existing files are never
// overwritten, and package.json is merged, not replaced.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { packageRoot } from "../compiler/package-root.ts";
import { CliError, colors, writeErr, writeOut } from "./output.ts";
import { displayPath } from "./paths.ts";

interface InitOptions {
  readonly install: boolean;
}

/** Template files npm would drop or rename when packing, stored under another name. */
const RENAMED: Readonly<Record<string, string>> = { gitignore: ".gitignore" };

const SCRIPTS: Readonly<Record<string, string>> = {
  build: "flowc build && tsc",
  start: "node dist/src/main.js",
  test: "flowc build && vitest run",
  dev: "flowc build --watch",
  flow: "flowc run flows/digest.flow digest --input @flows/input.json --replay flows/digest.recording.jsonl",
};

/** What the scaffolded scripts and files use, at the versions this flowc is built and tested with. */
const DEV_TOOLS = ["typescript", "tsx", "vitest", "@types/node"] as const;

/** npm's own placeholder, which `npm init -y` writes; replaced, unlike a real test script. */
const NPM_PLACEHOLDER_TEST = 'echo "Error: no test specified" && exit 1';

export function register(program: Command): void {
  program
    .command("init")
    .summary("scaffold a flowc project in a folder")
    .description(
      "Write a working project into DIR (default: the current folder): flowc.config.json, a plan in flows/ " +
        "with a worker, a tool and a recording of its model answers, src/main.ts that runs it, a vitest test " +
        "that runs it offline, and npm scripts. Existing files are left as they are; package.json is merged. " +
        "Then `npm install` adds the dev tools the scripts use (typescript, tsx, vitest, @types/node).",
    )
    .argument("[dir]", "the project folder", ".")
    .option("--no-install", "do not run npm install afterwards")
    .addHelpText(
      "after",
      `
Examples:
  $ npm i -D flowc && npm i @flowc/runtime
  $ npx flowc init
  $ npx flowc build                       flows/digest.flow -> src/generated/flows/digest.ts
  $ node --import tsx src/main.ts         runs it offline on flows/digest.recording.jsonl
  $ npm test                              the vitest test, on the recording

Exit codes: 0 ok, 1 npm install failed, 2 usage error.`,
    )
    .action(async (dir: string, options: InitOptions) => {
      runInit(dir, options);
    });
}

function runInit(dir: string, options: InitOptions): void {
  const cwd = process.cwd();
  const target = path.resolve(cwd, dir);
  if (existsSync(target) && !statSync(target).isDirectory()) throw new CliError(`${dir} is a file, not a folder`);
  mkdirSync(target, { recursive: true });
  const c = colors();
  const { written, kept } = copyTemplate(path.join(packageRoot(), "templates", "init"), target);
  const manifest = mergeManifest(path.join(target, "package.json"));
  for (const file of written) writeOut(`${c.green("created")} ${displayPath(file, cwd)}`);
  for (const file of kept) writeErr(`kept ${displayPath(file, cwd)} (it exists; not overwritten)`);
  writeOut(`${c.green(manifest.created ? "created" : "updated")} ${displayPath(manifest.file, cwd)} (${manifest.changes.join(", ") || "nothing to change"})`);

  if (options.install && manifest.addedDevTools.length > 0) {
    writeErr(`running npm install (adds ${manifest.addedDevTools.join(", ")})`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const result = spawnSync(npm, ["install", "--no-audit", "--no-fund"], { cwd: target, stdio: ["ignore", "inherit", "inherit"] });
    if (result.error || result.status !== 0) {
      throw new CliError(`npm install failed in ${displayPath(target, cwd) || "."}`, {
        hint: "run 'npm install' there yourself; the project files are written",
      });
    }
  }
  const where = path.relative(cwd, target);
  writeErr(
    `\nNext:\n${where ? `  cd ${where}\n` : ""}` +
      `${options.install ? "" : "  npm install\n"}` +
      "  npx flowc build                  generate src/generated/ from flows/\n" +
      "  node --import tsx src/main.ts    run the plan offline on its recording\n" +
      "  npm test                         its test, offline\n" +
      "Set OPENAI_API_KEY (or OPENAI_BASE_URL) to run src/main.ts on a real model.",
  );
}

/** Copies every template file that does not exist yet; returns what was written and what was kept. */
function copyTemplate(from: string, to: string): { written: string[]; kept: string[] } {
  const written: string[] = [];
  const kept: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const source = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(source);
        continue;
      }
      const relative = path.relative(from, source);
      const target = path.join(to, path.dirname(relative), RENAMED[entry.name] ?? entry.name);
      if (existsSync(target)) {
        kept.push(target);
        continue;
      }
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, readFileSync(source));
      written.push(target);
    }
  };
  walk(from);
  return { written, kept };
}

interface Manifest {
  type?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** Adds `"type": "module"` (when unset), the scripts and the dependencies; keeps everything already there. */
function mergeManifest(file: string): { file: string; created: boolean; changes: string[]; addedDevTools: string[] } {
  const created = !existsSync(file);
  let manifest: Manifest;
  try {
    manifest = created ? { name: path.basename(path.dirname(file)), version: "0.1.0", private: true } : (JSON.parse(readFileSync(file, "utf8")) as Manifest);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`, { hint: "fix it, then run flowc init again" });
  }
  const changes: string[] = [];
  if (manifest.type === undefined) {
    manifest.type = "module";
    changes.push('"type": "module"');
  }
  const scripts = (manifest.scripts ??= {});
  const addedScripts = Object.entries(SCRIPTS).filter(([name]) => scripts[name] === undefined || scripts[name] === NPM_PLACEHOLDER_TEST);
  for (const [name, command] of addedScripts) scripts[name] = command;
  if (addedScripts.length > 0) changes.push(`scripts ${addedScripts.map(([name]) => name).join(", ")}`);

  const own = JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as Manifest;
  const versionOf = (name: string) => own.dependencies?.[name] ?? own.devDependencies?.[name] ?? "latest";
  const declared = (name: string) => manifest.dependencies?.[name] !== undefined || manifest.devDependencies?.[name] !== undefined;
  if (!declared("@flowc/runtime")) {
    (manifest.dependencies ??= {})["@flowc/runtime"] = `^${own.version as string}`;
    changes.push("dependency @flowc/runtime");
  }
  const devDependencies = (manifest.devDependencies ??= {});
  if (!declared("flowc")) devDependencies.flowc = `^${own.version as string}`;
  const addedDevTools = DEV_TOOLS.filter((name) => !declared(name));
  for (const name of addedDevTools) devDependencies[name] = versionOf(name);
  if (addedDevTools.length > 0) changes.push(`dev dependencies ${addedDevTools.join(", ")}`);
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return { file, created, changes, addedDevTools };
}
