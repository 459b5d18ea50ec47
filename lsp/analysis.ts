// One check of a set of entry files, and what the editor features read from
// it: each module's syntax tree (parsed again from the same text, cached by
// text) and the names in it with what they refer to.
import type { CheckResult } from "../compiler/index.ts";
import type { Module } from "../grammar/ast.ts";
import { parse, type ParseResult } from "../grammar/index.ts";
import { moduleOccurrences } from "./occurrences.ts";
import { ProgramLookup } from "./program-lookup.ts";
import type { Occurrence } from "./symbols.ts";

/**
 * Parse results by file, reused while the file's text is the same: the
 * checker gets them through check()'s `parse` option, so a keystroke parses
 * only the module it changed, and the editor features read the same trees.
 */
export class ParseCache {
  private readonly trees = new Map<string, { readonly text: string; readonly result: ParseResult }>();

  readonly parse = (text: string, file: string): ParseResult => {
    const cached = this.trees.get(file);
    if (cached !== undefined && cached.text === text) return cached.result;
    const result = parse(text, file);
    this.trees.set(file, { text, result });
    return result;
  };

  get(file: string, text: string): Module {
    return this.parse(text, file).ast;
  }
}

export class Analysis {
  readonly lookup: ProgramLookup;
  private readonly occurrencesByFile = new Map<string, Occurrence[]>();

  constructor(
    readonly result: CheckResult,
    private readonly trees: ParseCache,
  ) {
    this.lookup = new ProgramLookup(result.program);
  }

  /** Absolute paths of every module checked. */
  files(): string[] {
    return this.result.program.modules.map((m) => m.file);
  }

  source(file: string): string | undefined {
    return this.result.sources.get(file);
  }

  ast(file: string): Module | undefined {
    const text = this.source(file);
    return text === undefined ? undefined : this.trees.get(file, text);
  }

  occurrences(file: string): readonly Occurrence[] {
    let found = this.occurrencesByFile.get(file);
    if (found === undefined) {
      const ast = this.ast(file);
      const text = this.source(file);
      found = ast === undefined || text === undefined ? [] : moduleOccurrences(ast, text, this.lookup);
      this.occurrencesByFile.set(file, found);
    }
    return found;
  }

  /** The name at `offset` (a cursor just after a name still counts). */
  occurrenceAt(file: string, offset: number): Occurrence | undefined {
    const all = this.occurrences(file);
    return (
      all.find((o) => o.span.start.offset <= offset && offset < o.span.end.offset) ??
      all.find((o) => o.span.end.offset === offset)
    );
  }

  /** Where the symbol of `key` is declared, looked up in its declaring file. */
  definition(o: Occurrence): Occurrence | undefined {
    if (o.definition) return o;
    return this.occurrences(o.symbol.file).find((x) => x.definition && x.key === o.key);
  }

  /** Every occurrence of `key` in every module checked, in file order. */
  references(key: string): Occurrence[] {
    return this.files().flatMap((file) => this.occurrences(file).filter((o) => o.key === key));
  }
}
