// Identifiers in generated code. A `.flow` name is kept as it is unless it is
// reserved in TypeScript (or shadows a global the generated code relies on);
// then it gets a trailing underscore. Generated helper names (`XInput`, `runX`,
// `x_plan`, `tool_market`) go through a per-module allocator so they can never
// collide with a user's declaration.

/** Words that cannot name a binding in a strict-mode module (or should not: `undefined`). */
const JS_RESERVED: ReadonlySet<string> = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally " +
    "for function if import in instanceof new null return super switch this throw true try typeof var void " +
    "while with implements interface let package private protected public static yield await " +
    "arguments eval undefined NaN Infinity"
  ).split(" "),
);

/** Globals the generated code reads as values inside functions (`Math.trunc`, `new Error`). */
const VALUE_GLOBALS: ReadonlySet<string> = new Set(["Math", "Error"]);

/**
 * The parameters of the functions the generated code writes (a flow's plan
 * takes `ctx`; its `runF` takes `input` and `options`): a declaration of that
 * name would be hidden there. (Locals are renamed by the flow's LocalScope.)
 */
const GENERATED_PARAMETERS: ReadonlySet<string> = new Set(["ctx", "input", "options"]);

/**
 * Names a top-level declaration cannot take: records and enums are also types
 * (`type as = ...` does not parse, nor does a field of type `unique`), and
 * `Promise` is used in every plan's return type.
 */
const TOP_LEVEL_ONLY: ReadonlySet<string> = new Set(
  "any unknown never object string number boolean symbol bigint keyof readonly infer unique as Promise".split(" "),
);

/** The TypeScript identifier of a `.flow` declaration (record, enum, model, worker, tool, flow). */
export function safeIdent(name: string): string {
  return JS_RESERVED.has(name) || VALUE_GLOBALS.has(name) || TOP_LEVEL_ONLY.has(name) || GENERATED_PARAMETERS.has(name) ? `${name}_` : name;
}

/** The TypeScript identifier of a local (parameter, `let`, binder) before de-duplication. */
export function safeLocal(name: string): string {
  return JS_RESERVED.has(name) || VALUE_GLOBALS.has(name) ? `${name}_` : name;
}

/** `evaluate_decks` -> `EvaluateDecks`, `fetchURL` -> `FetchURL`. */
export function pascalCase(name: string): string {
  return name
    .split(/_+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
}

/** `max_chars` -> `maxChars` (built-in option names). */
export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal.length === 0 ? name : pascal[0]!.toLowerCase() + pascal.slice(1);
}

/** Hands out unique identifiers in one scope, in call order (so: deterministic). */
export class NameAllocator {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name);
  }

  /** Taken in this scope, or not usable as a top-level name at all. */
  has(name: string): boolean {
    return this.taken.has(name) || safeIdent(name) !== name;
  }

  /** Declared or reserved in this scope (keywords aside). */
  isDeclared(name: string): boolean {
    return this.taken.has(name);
  }

  reserve(name: string): void {
    this.taken.add(name);
  }

  /** `preferred` if free, else `preferred_2`, `preferred_3`, ... */
  allocate(preferred: string): string {
    let candidate = safeIdent(preferred);
    for (let n = 2; this.has(candidate); n++) candidate = `${preferred}_${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}

/** A valid identifier from arbitrary text (a file name): `market-data.v2` -> `market_data_v2`. */
export function identFromText(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  if (cleaned.length === 0) return "_";
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}
