// The one table of diagnostics. Codes are stable: never renumber, only add.
// FLW1xx syntax, FLW2xx names and modules, FLW3xx types, FLW4xx plan rules,
// FLW9xx internal errors of flowc itself.
// Each entry names its arguments; the message and hint use them as {0}, {1},
// ... and `diag` takes exactly that many (a wrong count does not compile;
// test/check/codes.test.ts checks the placeholders against the names).
// `hint` is the default `help:` line. FLW1xx messages come whole from the
// parser (grammar/problems.ts), one code per kind of syntax problem; their
// templates here document the shape.
// Messages state the problem: lower-case, no trailing period, names in backticks.
import type { Span } from "../../grammar/ast.ts";
import { NESTING_HINT, TOO_LARGE_HINT } from "../../grammar/limits.ts";
import type { Diagnostic, Severity } from "./types.ts";

/** FLW900's help line (hints.ts adds what was thrown). */
export const BUG_REPORT = "this is a bug in flowc; please report it together with the file that triggers it";

export interface DiagnosticTemplate<Args extends readonly string[] = readonly string[]> {
  readonly code: string;
  readonly severity: Severity;
  /** The names of the arguments, in order: `{0}` is the first. */
  readonly args: Args;
  readonly message: string;
  readonly hint?: string;
}

function entry<const Args extends readonly string[]>(
  code: string,
  args: Args,
  message: string,
  hint?: string,
  severity: Severity = "error",
): DiagnosticTemplate<Args> {
  return { code, severity, args, message, hint };
}

export const D = {
  // ------------------------------------------------------------ FLW1xx syntax
  UnexpectedToken: entry("FLW101", ["found", "expected"], "unexpected {0}, expected {1}"),
  UnterminatedString: entry("FLW102", [], "unterminated string", "close the string with the same quote that opened it"),
  InvalidCharacter: entry("FLW103", ["character"], "invalid character {0}"),
  MissingToken: entry("FLW104", ["expected", "found"], "expected {0}, found {1}"),
  InvalidEscape: entry("FLW105", ["escape"], "invalid escape {0}"),
  InvalidTemplate: entry("FLW106", ["problem"], "invalid template: {0}"),
  SpaceBeforeCall: entry("FLW107", [], "unexpected space before `(` in a call"),
  TooDeeplyNested: entry("FLW108", ["limit"], "nested too deeply: more than {0} levels", NESTING_HINT),
  InvalidUtf8: entry("FLW109", ["bytes"], "invalid UTF-8: {0}", "save the file as UTF-8"),
  FileTooLarge: entry("FLW110", ["size"], "file too large: {0}", TOO_LARGE_HINT),
  SingleQuotedString: entry("FLW111", [], "strings are written in double quotes"),
  IndexSyntax: entry("FLW112", [], "values cannot be indexed with `[...]`", "flows work on whole lists: use `map`, `filter` or `reduce`, or a tool that picks the element"),
  MissingSeparator: entry(
    "FLW113",
    [],
    "expected a new line or `;` between statements",
    "start the next statement on its own line, or separate the two with `;`",
  ),

  // ------------------------------------------------------------ FLW2xx names and modules
  DuplicateDeclaration: entry("FLW201", ["name"], "`{0}` is declared more than once in this module", "rename or remove one of them"),
  DuplicateName: entry("FLW202", ["what", "name"], "duplicate {0} `{1}`", "remove or rename one of them"),
  UnknownName: entry("FLW203", ["name"], "unknown name `{0}`"),
  UnknownType: entry("FLW204", ["name"], "unknown type `{0}`"),
  UnknownModel: entry("FLW205", ["name"], "unknown model `{0}`"),
  UnknownField: entry("FLW206", ["type", "field"], "`{0}` has no field `{1}`"),
  UnknownEnumMember: entry("FLW207", ["enum", "member"], "enum `{0}` has no member `{1}`"),
  UnknownImport: entry("FLW208", ["name", "module"], "{1} does not declare `{0}`"),
  ModuleNotFound: entry("FLW209", ["module"], "cannot find module {0}"),
  FileUnreadable: entry("FLW210", ["file", "reason"], "cannot read {0}: {1}"),
  ImportCycle: entry("FLW211", ["cycle"], "import cycle: {0}", "move the shared declarations into a module that both can import"),
  InvalidImportPath: entry(
    "FLW212",
    ["path"],
    "import path {0} must be relative and end in `.flow`",
    "write it like `\"./types.flow\"` or `\"../shared/types.flow\"`",
  ),
  NotAType: entry("FLW213", ["name", "what"], "`{0}` is {1}, not a type"),
  NotCallable: entry("FLW214", ["name", "what"], "`{0}` is {1}, not a worker, tool or flow"),
  NotAValue: entry("FLW215", ["name", "what"], "`{0}` is {1}, not a value"),
  ShadowedName: entry("FLW216", ["name"], "`{0}` is already defined", "choose another name"),
  ReservedName: entry("FLW217", ["name", "reason"], "`{0}` cannot be used as a name: {1}", "choose another name"),
  GeneratedNameCollision: entry(
    "FLW218",
    ["name", "flow"],
    "`{0}` is also the name that the generated code declares for flow `{1}`",
    "rename one of them",
  ),
  NotAModel: entry("FLW219", ["name", "what"], "`{0}` is {1}, not a model", "declare a model (`model name = \"id\"`) or write the model id as a string"),
  UnknownSetting: entry("FLW220", ["declaration", "setting"], "unknown {0} setting `{1}`"),
  UnknownOption: entry("FLW221", ["option", "construct"], "unknown option `{0}` for `{1}`"),
  UnknownTemplatePath: entry("FLW222", ["path", "reason"], "unknown template path `{{{0}}}`: {1}"),
  ToolFileNotFound: entry("FLW223", ["file"], "cannot find tool file {0}"),
  InvalidToolPath: entry(
    "FLW224",
    ["path"],
    "tool path {0} must be relative and end in `.ts`",
    "write it like `\"./tools/market.ts\"`, relative to this `.flow` file",
  ),
  ToolOutsideProject: entry("FLW225", ["file", "real", "root"], "tool file {0} resolves to {1}, outside the project root {2}"),
  ModuleOutsideRoot: entry(
    "FLW226",
    ["module", "root", "folder"],
    "cannot generate code for {0}: it is outside {1}, the folder whose tree the generated files mirror",
    "run flowc from a folder that contains every imported `.flow` file, such as {2}",
  ),

  // ------------------------------------------------------------ FLW3xx types
  TypeMismatch: entry("FLW301", ["expected", "found"], "expected `{0}`, found `{1}`"),
  TooManyArguments: entry("FLW302", ["callee", "count"], "too many arguments: `{0}` takes {1}"),
  MissingArgument: entry("FLW303", ["param", "callee"], "missing argument `{0}` in call to `{1}`"),
  UnknownArgument: entry("FLW304", ["callee", "param"], "`{0}` has no parameter `{1}`"),
  DuplicateArgument: entry("FLW305", ["param"], "argument `{0}` is given more than once", "remove one of them"),
  PositionalAfterNamed: entry(
    "FLW306",
    [],
    "positional argument after a named argument",
    "name this argument too (`param: value`), or move it before the named ones",
  ),
  VoidValue: entry("FLW307", ["callee"], "`{0}` returns `void`, so its result cannot be used as a value", "call it as a statement on its own line"),
  NotAnArray: entry("FLW308", ["what", "found"], "`{0}` needs an array, found `{1}`"),
  ConditionNotBool: entry("FLW309", ["what", "found"], "{0} must be `bool`, found `{1}`", "compare it to something, like `x == ...` or `len(x) > 0`"),
  OperatorMismatch: entry("FLW310", ["op", "left", "right"], "`{0}` cannot be applied to `{1}` and `{2}`"),
  UnaryOperatorMismatch: entry("FLW311", ["op", "operand"], "`{0}` cannot be applied to `{1}`"),
  MissingField: entry("FLW312", ["fields", "type"], "missing {0} for `{1}`"),
  NoFields: entry("FLW313", ["field", "type"], "cannot access `.{0}` on a value of type `{1}`"),
  VoidNotAllowed: entry("FLW314", [], "`void` can only be a result type", "use `json` for arbitrary data, or remove it"),
  ReduceSignature: entry("FLW315", ["element", "result", "fn", "fnType"], "`reduce` needs a callable of type `({0}) -> {1}`, but `{2}` is `{3}`"),
  ArrayElementMismatch: entry("FLW316", ["first", "other"], "array elements have different types: `{0}` and `{1}`", "every element of an array must have the same type"),
  MissingReturnValue: entry("FLW317", ["type"], "`return` needs a value of type `{0}`"),
  ReturnValueInVoid: entry("FLW318", ["flow"], "flow `{0}` returns `void`, so `return` takes no value", "remove the value, or declare a result type: `-> T`"),
  EmptyEnum: entry("FLW319", ["enum"], "enum `{0}` has no members", "list its members: `enum {0} { first, second }`"),
  OptionalFieldValue: entry("FLW320", ["value", "field", "type"], "`{0}` may be absent: `{1}` is an optional field of `{2}`"),
  NeverAbsent: entry("FLW321", ["value"], "`{0}` is never absent, so `??` has nothing to replace", "`??` takes an optional field on its left: `deck.notes ?? \"\"`; drop `?? ...` here"),
  ListKeyType: entry("FLW322", ["name", "verb", "type"], "`{0}` cannot {1} values of type `{2}`"),
  KeyNotAField: entry(
    "FLW323",
    [],
    "`by` takes a field of the elements, not an expression",
    "name the field: `by: score`, or a field of a field: `by: stats.score`; for a computed key, `map` to records first",
  ),

  // ------------------------------------------------------------ FLW4xx plan rules
  MissingInstructions: entry("FLW401", ["worker"], "worker `{0}` has no `instructions`", "add `instructions: \"...\"` to its settings"),
  InstructionsNotLiteral: entry(
    "FLW402",
    [],
    "`instructions` must be a string literal",
    "write the text in quotes; refer to parameters with `{{name}}`",
  ),
  InvalidSettingValue: entry("FLW403", ["setting", "what"], "`{0}` must be {1}"),
  UsesNotList: entry("FLW404", [], "`uses` must be a list of worker, tool or flow names", "write it like `uses: [market_size, summarize]`"),
  ContextCall: entry(
    "FLW405",
    ["callee"],
    "`context` cannot call `{0}`",
    "`context` is computed from the parameters without calls; call it in a flow and pass the result as a parameter",
  ),
  UsesCycle: entry("FLW406", ["worker", "path"], "`{0}` can reach itself through `uses` with no depth limit: {1}"),
  FlowRecursion: entry(
    "FLW407",
    ["flow", "path"],
    "flow `{0}` calls itself: {1}",
    "flows cannot recurse; loop with `repeat`, or delegate to a worker with `max_depth`",
  ),
  MissingReturn: entry("FLW408", ["flow", "type"], "flow `{0}` must return `{1}` but can reach its end without `return`", "add `return ...` at the end of the flow"),
  BreakOutsideRepeat: entry("FLW409", [], "`break` outside `repeat`", "`break` leaves the innermost `repeat`; use `return` to leave the flow"),
  MissingOption: entry("FLW410", ["construct", "option"], "`{0}` needs `({1}: N)`", "write it like `{0} ({1}: 5) { ... }`"),
  AssignToParameter: entry("FLW411", ["param"], "cannot assign to parameter `{0}`", "copy it first: `let current = {0}`, then assign to the copy"),
  ExpressionStatement: entry(
    "FLW412",
    [],
    "this expression is computed and then thrown away",
    "only calls can stand alone; keep the value with `let name = ...`",
  ),
  UnreachableCode: entry("FLW413", ["stopper"], "unreachable statement", "remove it, or move it before the `{0}`", "warning"),
  TemplateNotExpanded: entry(
    "FLW414",
    ["path"],
    "`{{{0}}}` is not expanded here: templates work only in a worker's `instructions`",
    "join the text with `+` instead",
    "warning",
  ),
  UnnamedOption: entry("FLW415", [], "option without a name", "options are written `name: value`"),
  QuotedModelName: entry(
    "FLW416",
    ["model"],
    "`\"{0}\"` is sent to the provider as a model id, but `{0}` is a declared model",
    "write `model: {0}` without quotes to use the declared model",
    "warning",
  ),
  MayBeEmpty: entry(
    "FLW417",
    ["name", "example"],
    "`{0}` of a list that can be empty fails at run time",
    "give the value for an empty list: `{1}`",
    "warning",
  ),

  // Tool implementation files, checked against generated types (compiler/emit/tool-check.ts)
  ToolExportMissing: entry(
    "FLW450",
    ["file", "name"],
    "tool file {0} does not export a function named `{1}`",
    "export `{1}` from {0}: `export function {1}(input, ctx) {...}`",
  ),
  ToolSignatureMismatch: entry("FLW451", ["tool", "file", "problem", "expected"], "tool `{0}` in {1} does not match its declaration: {2}", "{3}"),

  // ------------------------------------------------------------ FLW9xx flowc itself
  InternalError: entry(
    "FLW900",
    ["problem"],
    "internal error in flowc: {0}",
    BUG_REPORT,
  ),
} as const satisfies Record<string, DiagnosticTemplate>;

export type DiagnosticName = keyof typeof D;

export type DiagArg = string | number;

/** One value per argument the template names. */
export type ArgsOf<T extends DiagnosticTemplate> = T extends DiagnosticTemplate<infer Names> ? ValuesFor<Names> : never;
export type ValuesFor<Names extends readonly string[]> = { readonly [K in keyof Names]: DiagArg };

/** A template without arguments may leave them out. */
type DiagRest<T extends DiagnosticTemplate> = T["args"] extends readonly []
  ? [args?: readonly [], overrides?: DiagOverrides]
  : [args: ArgsOf<T>, overrides?: DiagOverrides];

export interface DiagOverrides {
  /** Replace the table's message (rarely; prefer a new table entry). */
  readonly message?: string;
  /** Replace the table's hint; `null` drops it. */
  readonly hint?: string | null;
  readonly related?: readonly { readonly message: string; readonly span: Span }[];
}

/** Replaces `{0}`, `{1}`, ... with the arguments; `{{` and `}}` stay as they are unless they wrap a number. */
export function fill(template: string, args: readonly DiagArg[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const i = Number(index);
    return i < args.length ? String(args[i]) : whole;
  });
}

/** Builds a diagnostic from its table entry: `diag(D.UnknownName, ident.span, [name], { hint })`. */
export function diag<T extends DiagnosticTemplate>(template: T, span: Span, ...[args, overrides]: DiagRest<T>): Diagnostic {
  return build(template, span, (args ?? []) as readonly DiagArg[], overrides ?? {});
}

/** A syntax problem's diagnostic: the parser's sentence and hint under the table's code for its kind. */
export function syntaxDiag(template: DiagnosticTemplate, span: Span, message: string, hint: string | null | undefined): Diagnostic {
  return build(template, span, [], { message, hint });
}

function build(template: DiagnosticTemplate, span: Span, args: readonly DiagArg[], overrides: DiagOverrides): Diagnostic {
  const message = fill(overrides.message ?? template.message, args);
  const rawHint = overrides.hint === null ? undefined : (overrides.hint ?? template.hint);
  const hint = rawHint === undefined ? undefined : fill(rawHint, args);
  const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
    code: template.code,
    severity: template.severity,
    message,
    span,
  };
  if (hint !== undefined) d.hint = hint;
  if (overrides.related !== undefined && overrides.related.length > 0) d.related = overrides.related;
  return d;
}
