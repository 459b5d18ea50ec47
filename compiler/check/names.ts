// Did-you-mean suggestions and the names the generated TypeScript reserves.

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  const d: number[][] = [];
  for (let i = 0; i <= n; i++) {
    d.push(new Array<number>(m + 1).fill(0));
    d[i]![0] = i;
  }
  for (let j = 0; j <= m; j++) d[0]![j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[n]![m]!;
}

/**
 * The closest candidate, when it is close enough to be a likely typo: at most
 * one edit for short names, about a third of the length for longer ones, none
 * for names of one or two letters. A difference only in case always counts as
 * close. Ties go to the first candidate.
 */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = name.length <= 2 ? 0.5 : Math.max(1, Math.floor(name.length / 3));
  for (const c of candidates) {
    if (c === name) continue;
    const distance = c.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name, c);
    if (distance <= limit && distance < bestDistance) {
      best = c;
      bestDistance = distance;
    }
  }
  return best;
}

/** `did you mean `x`?` or undefined. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const s = suggest(name, candidates);
  return s === undefined ? undefined : `did you mean \`${s}\`?`;
}

/** Lists names for a hint: `a, b, c` (at most `max`, then `, ...`). */
export function listNames(names: readonly string[], max = 8): string {
  const shown = names.slice(0, max).map((n) => `\`${n}\``);
  return names.length > max ? `${shown.join(", ")}, ...` : shown.join(", ");
}

/** JavaScript / TypeScript words that cannot name a `const`, a parameter or a destructured binding. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  "arguments",
  "await",
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "eval",
  "export",
  "extends",
  "false",
  "finally",
  "for",
  "function",
  "if",
  "implements",
  "import",
  "in",
  "instanceof",
  "interface",
  "let",
  "new",
  "null",
  "package",
  "private",
  "protected",
  "public",
  "return",
  "static",
  "super",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "typeof",
  "undefined",
  "var",
  "void",
  "while",
  "with",
  "yield",
  "NaN",
  "Infinity",
]);

/**
 * The list built-ins, added after plans had used these words: they are not
 * reserved. A parameter, `let` or binder may be called `count` or `max` (it
 * cannot be called anyway), and a declaration named `sum` is what `sum(...)`
 * calls in its module (and where it is imported), hiding the built-in.
 */
export const LIST_BUILTIN_NAMES: ReadonlySet<string> = new Set(["sum", "min", "max", "sort", "count"]);

export const BUILTIN_NAMES: ReadonlySet<string> = new Set(["split", "flatten", "len", "join", "concat", ...LIST_BUILTIN_NAMES]);

/**
 * Why `name` cannot be used, or undefined when it can: JavaScript reserved
 * words cannot name a `const`, a parameter or a destructured binding, and the
 * built-ins' names are taken in every scope (not the list built-ins':
 * LIST_BUILTIN_NAMES). Other collisions with names of
 * the generated code (`ctx`, `z`, runtime imports, tool module aliases) are
 * the emitter's to avoid by renaming (docs/generated-code.md, "Names"); the
 * flow-derived names `f_plan`, `runF`, `FInput` are checked by FLW218.
 */
export function reservedReason(name: string): string | undefined {
  if (RESERVED_WORDS.has(name)) return "it is a reserved word in the generated TypeScript";
  if (BUILTIN_NAMES.has(name) && !LIST_BUILTIN_NAMES.has(name)) return "it is a built-in function";
  return keyReason(name);
}

/**
 * Why a tool cannot have this name: a module that exports `then` is a
 * thenable, so `import()` of its file (how `needs approval` tools load) calls
 * that function instead of handing over the module.
 */
export function toolNameReason(name: string): string | undefined {
  return name === "then" ? "a module exporting `then` is a thenable, so a tool file that does cannot be loaded on demand (its `then` would be called)" : undefined;
}

/** `constructor`, `toString`, `__proto__`, ...: what every JavaScript object has without having it. */
const INHERITED: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Why `name` cannot be a field (of a record, an object literal, a callable's
 * input): JavaScript objects take `__proto__` for their prototype, so zod and
 * `JSON.parse` consumers drop or misread it. An optional field cannot have the
 * name of another property of Object.prototype either: when it is absent,
 * reading it gives the inherited method, not `undefined`.
 */
export function keyReason(name: string, optional = false): string | undefined {
  if (name === "__proto__") return "JavaScript objects take `__proto__` for their prototype, not for a field";
  if (optional && INHERITED.has(name)) {
    return `an optional field of that name, when absent, reads JavaScript's \`Object.prototype.${name}\``;
  }
  return undefined;
}

/** `evaluate_decks` -> `EvaluateDecks`, as the emitter names entry points (`runEvaluateDecks`). */
export function pascalCase(name: string): string {
  return name
    .split("_")
    .filter((p) => p.length > 0)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join("");
}
