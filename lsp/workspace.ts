// The editor's view of the project: open buffers override files on disk,
// and a check is cached until a buffer or a file changes. Two scopes:
// "open" checks the open `.flow` files (and what they import) for
// diagnostics and per-file features; "workspace" also checks every `.flow`
// file under the workspace folders, for references and rename.
import { readdirSync } from "node:fs";
import path from "node:path";
import { check } from "../compiler/index.ts";
import { Analysis, ParseCache } from "./analysis.ts";

/** Folders never searched for `.flow` files (as `flowc check` skips them). */
const SKIPPED_DIRS = new Set(["node_modules", "generated"]);

export type AnalysisScope = "open" | "workspace";

export class Workspace {
  private readonly buffers = new Map<string, string>();
  private readonly trees = new ParseCache();
  private readonly cached = new Map<AnalysisScope, { generation: number; analysis: Analysis }>();
  private generation = 0;

  constructor(readonly roots: readonly string[]) {}

  /** An open buffer's text (the file on disk is not read while it is open). */
  setBuffer(file: string, text: string): void {
    this.buffers.set(file, text);
    this.changed();
  }

  closeBuffer(file: string): void {
    this.buffers.delete(file);
    this.changed();
  }

  buffer(file: string): string | undefined {
    return this.buffers.get(file);
  }

  /** Something changed outside the buffers (a file saved, created or deleted on disk). */
  changed(): void {
    this.generation++;
  }

  analysis(scope: AnalysisScope = "open"): Analysis {
    const cached = this.cached.get(scope);
    if (cached !== undefined && cached.generation === this.generation) return cached.analysis;
    const open = [...this.buffers.keys()].filter((f) => f.endsWith(".flow")).sort();
    const entries = scope === "open" ? open : [...new Set([...this.workspaceFiles(), ...open])].sort();
    const result = check(entries, { readFile: (file) => this.buffers.get(file), parse: this.trees.parse });
    const analysis = new Analysis(result, this.trees);
    this.cached.set(scope, { generation: this.generation, analysis });
    return analysis;
  }

  /** Every `.flow` file under the workspace folders. */
  workspaceFiles(): string[] {
    const found: string[] = [];
    const walk = (dir: string): void => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!entry.name.startsWith(".") && !SKIPPED_DIRS.has(entry.name)) walk(full);
        } else if (entry.name.endsWith(".flow")) found.push(full);
      }
    };
    for (const root of this.roots) walk(root);
    return found;
  }
}
