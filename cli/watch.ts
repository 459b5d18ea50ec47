// `flowc build --watch`: build, then rebuild whenever a `.flow` file or a tool
// file of the build changes, until Ctrl-C or SIGTERM (exit 0). One line per
// build on stderr; compile errors are printed and the watch goes on. A rebuild
// is quick because the compiler's emit cache (compiler/emit/cache.ts) gives
// back every module whose plan did not change, and the writer writes only the
// files whose bytes changed.
//
// Folders are watched one at a time (fs.watch without `recursive`): on Linux,
// Node 20 does `recursive: true` by watching every file under the folder,
// node_modules included. The folders watched are those the source search
// visits (so never hidden, node_modules, generated or output folders) and the
// folders of the other files a build read: imported `.flow` files, tool files.
import { statSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";
import { compileAndWrite, type GenerateOutcome } from "./build.ts";
import { printDiagnostics } from "./check.ts";
import { CliError, colors, EXIT, firstLine, plural, printError, setExitCode, writeErr } from "./output.ts";
import { displayPath, isSkippedFolder } from "./paths.ts";
import { sourceFiles, type Project } from "./project.ts";

/** Editors write a file in several steps (truncate, write, rename): one rebuild for all of them. */
const DEBOUNCE_MS = 30;

/** Builds `paths` (or the project's sources) into `project.out`, then rebuilds on change until stopped. */
export async function watchBuild(paths: readonly string[], project: Project, cwd: string): Promise<void> {
  await new BuildWatcher(paths, project, cwd).run();
}

class BuildWatcher {
  /** Folders the source search visits: a new `.flow` file or folder in one means a rebuild. */
  #searched = new Set<string>();
  /** Files the last build read (`.flow` and tool files): a change to one means a rebuild. */
  #files = new Set<string>();
  #watchers = new Map<string, FSWatcher>();
  #timer: NodeJS.Timeout | undefined;
  #building: Promise<void> | undefined;
  #pending = false;
  #stopped = false;
  /** Why the last build could not start (a missing source, say), if it could not. */
  #error: CliError | undefined;
  #hasFlows = false;

  constructor(
    private readonly paths: readonly string[],
    private readonly project: Project,
    private readonly cwd: string,
  ) {}

  async run(): Promise<void> {
    const ok = await this.#build("built");
    if (!ok && this.#watchers.size === 0) {
      // Nothing to watch (no source exists): the error printed says why.
      setExitCode(this.#error?.exitCode ?? EXIT.failure);
      return;
    }
    writeErr("watching for changes; press Ctrl-C to stop");
    this.#warmUp();
    await new Promise<void>((resolve) => {
      const stop = () => {
        this.#stopped = true;
        clearTimeout(this.#timer);
        for (const watcher of this.#watchers.values()) watcher.close();
        this.#watchers.clear();
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        // A rebuild under way finishes (its files are written whole), then the process ends.
        void (this.#building ?? Promise.resolve()).then(() => resolve());
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
  }

  /**
   * When every module came from the cache, ts-morph and prettier were not
   * loaded; the first edit of a flow would wait ~0.5 s for them. Load them
   * while nothing happens.
   */
  #warmUp(): void {
    if (!this.#hasFlows) return;
    setTimeout(() => {
      if (this.#stopped || this.#building) return;
      void Promise.all([
        import("../compiler/emit/ts-morph.ts").then(({ tsMorph }) => tsMorph()),
        import("../compiler/emit/format.ts").then(({ formatTypeScript }) => formatTypeScript("export const a = 1;\n")),
      ]).catch(() => {}); // a rebuild loads them again and reports what fails
    }, 100);
  }

  /** One build and its line on stderr. False when it failed (diagnostics or an error). */
  async #build(label: "built" | "rebuilt"): Promise<boolean> {
    const started = performance.now();
    const searched = new Set<string>();
    const took = () => `${label} in ${Math.round(performance.now() - started)} ms`;
    this.#error = undefined;
    try {
      const files = sourceFiles(this.paths, this.project, this.cwd, searched);
      const outcome = await compileAndWrite(files, this.project);
      if (outcome.compiled.diagnostics.length > 0) await printDiagnostics(outcome.compiled);
      for (const file of outcome.refused) writeErr(`${colors().red("refused")} ${displayPath(file, this.cwd)}`);
      writeErr(`${took()}: ${this.#describe(outcome)}`);
      const ok = outcome.compiled.ok && outcome.refused.length === 0;
      this.#track(searched, outcome, ok);
      return ok;
    } catch (error) {
      if (error instanceof CliError) {
        this.#error = error;
        printError(error.message, error.hint);
      } else {
        printError(`could not build: ${firstLine(error instanceof Error ? error.message : String(error))}`);
      }
      writeErr(`${took()}: nothing written`);
      this.#track(searched, undefined, false);
      return false;
    }
  }

  #describe(outcome: GenerateOutcome): string {
    const errors = outcome.compiled.diagnostics.filter((d) => d.severity === "error").length;
    const warnings = outcome.compiled.diagnostics.length - errors;
    if (errors > 0) return `${plural(errors, "error")}, ${plural(warnings, "warning")}; nothing written`;
    const shown = outcome.written.slice(0, 3).map((file) => displayPath(file, this.cwd));
    const more = outcome.written.length - shown.length;
    const parts = [
      outcome.written.length === 0 ? "no changes" : `wrote ${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`,
      ...(warnings > 0 ? [plural(warnings, "warning")] : []),
      ...(outcome.refused.length > 0 ? [`refused ${plural(outcome.refused.length, "file")} that flowc did not generate`] : []),
    ];
    return parts.join("; ");
  }

  /**
   * Watches the folders this build searched and those of the files it read.
   * After a failed build the earlier folders and files stay watched too, so
   * that fixing any of them rebuilds.
   */
  #track(searched: Set<string>, outcome: GenerateOutcome | undefined, ok: boolean): void {
    const files = new Set(ok ? [] : this.#files);
    for (const file of outcome?.compiled.sources.keys() ?? []) files.add(file);
    for (const module of outcome?.compiled.program.modules ?? []) {
      for (const decl of module.decls) {
        if (decl.kind === "tool") files.add(decl.implementation);
        if (decl.kind === "flow") this.#hasFlows = true;
      }
    }
    if (!ok) for (const folder of this.#searched) searched.add(folder);
    this.#searched = searched;
    this.#files = files;
    if (this.#stopped) return;

    const wanted = new Set(searched);
    for (const file of files) wanted.add(existingFolder(path.dirname(file)));
    for (const [folder, watcher] of this.#watchers) {
      if (wanted.has(folder)) continue;
      watcher.close();
      this.#watchers.delete(folder);
    }
    for (const folder of wanted) {
      if (this.#watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, (_event, name) => {
          if (this.#matters(folder, name)) this.#schedule();
        });
        // The folder went away (or can no longer be read): rebuild, which watches what is there now.
        watcher.on("error", () => {
          watcher.close();
          this.#watchers.delete(folder);
          this.#schedule();
        });
        this.#watchers.set(folder, watcher);
      } catch {
        // Gone between the build and now: the event that removed it has scheduled a rebuild.
      }
    }
  }

  /** Whether an event for `name` in `folder` can change the build. */
  #matters(folder: string, name: string | Buffer | null): boolean {
    if (name === null) return true;
    const full = path.join(folder, name.toString());
    if (this.#files.has(full)) return true;
    if (this.#searched.has(folder)) {
      if (full.endsWith(".flow") || this.#searched.has(full)) return true;
      if (!isSkippedFolder(full, new Set([this.project.out])) && isFolder(full)) return true;
    }
    // A missing folder on the way to a file the build wants (a tool file not written yet).
    for (const file of this.#files) if (file.startsWith(full + path.sep)) return true;
    return false;
  }

  #schedule(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#rebuild(), DEBOUNCE_MS);
  }

  #rebuild(): void {
    if (this.#building) {
      this.#pending = true; // once this build ends
      return;
    }
    this.#building = (async () => {
      do {
        this.#pending = false;
        await this.#build("rebuilt");
      } while (this.#pending && !this.#stopped);
      this.#building = undefined;
    })();
  }
}

/** `dir`, or its nearest ancestor that exists. */
function existingFolder(dir: string): string {
  while (!isFolder(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function isFolder(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
