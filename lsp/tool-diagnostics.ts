// The tool check of `flowc check` (FLW450/FLW451: each tool's TypeScript
// export against its declaration), run by the language server when a
// `.flow` file is opened or saved, or a file changes on disk. It spawns tsc
// (cached by the compiler), so it never runs per keystroke; its findings
// are shown while the `.flow` files they were made from are unchanged.
import path from "node:path";
import { checkTools, type CheckResult, type Diagnostic } from "../compiler/index.ts";

export class ToolDiagnostics {
  private found: { readonly diagnostics: readonly Diagnostic[]; readonly texts: ReadonlyMap<string, string> } | undefined;
  private running: Promise<void> | undefined;
  /** Set when a run is asked for while one is under way: that one checks once more when done. */
  private again = false;

  constructor(private readonly roots: () => readonly string[]) {}

  /**
   * Checks the tools of `checked` (only when it has no errors, as the CLI
   * does); resolves when done, with whether the findings changed.
   */
  async run(checked: () => CheckResult): Promise<boolean> {
    const before = JSON.stringify(this.found?.diagnostics ?? []);
    if (this.running !== undefined) {
      this.again = true;
      await this.running;
    } else {
      this.running = this.loop(checked).finally(() => (this.running = undefined));
      await this.running;
    }
    return JSON.stringify(this.found?.diagnostics ?? []) !== before;
  }

  private async loop(checked: () => CheckResult): Promise<void> {
    do {
      this.again = false;
      const result = checked();
      const entries = result.program.modules.map((m) => m.file);
      const rootDir = this.roots()[0] ?? path.dirname(entries[0] ?? process.cwd());
      const diagnostics = result.ok ? await checkTools(result, { rootDir, outDir: path.join(rootDir, "generated") }) : [];
      this.found = { diagnostics, texts: result.sources };
    } while (this.again);
  }

  /** The findings whose `.flow` file still has the text they were made from. */
  current(sources: ReadonlyMap<string, string>): Diagnostic[] {
    if (this.found === undefined) return [];
    const { diagnostics, texts } = this.found;
    return diagnostics.filter((d) => texts.get(d.span.file) === sources.get(d.span.file));
  }
}
