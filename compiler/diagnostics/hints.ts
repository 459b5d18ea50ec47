// Help lines that several diagnostics share, with their arguments named like
// the table's (table.ts): `help(H.WholeNumber, [name, 4])` takes exactly the
// arguments the entry names, so a call site cannot drift from the text.
// A hint that belongs to one diagnostic is that table entry's `hint`; hints
// computed from the program (did-you-mean, lists of names) stay where they
// are computed.
import { BUG_REPORT, fill, type DiagArg, type ValuesFor } from "./table.ts";

export interface HintTemplate<Args extends readonly string[] = readonly string[]> {
  readonly args: Args;
  readonly text: string;
}

function hint<const Args extends readonly string[]>(args: Args, text: string): HintTemplate<Args> {
  return { args, text };
}

export const H = {
  /** FLW900 with what was thrown. */
  BugReport: hint(["detail"], `${BUG_REPORT}\n{0}`),
  WholeNumber: hint(["option", "example"], "write a whole number, like `{0}: {1}`"),
  ZeroOrMore: hint(["option", "example"], "`{0}` is 0 or more, like `{0}: {1}`"),
  OneOrMore: hint(["option", "example"], "`{0}` is 1 or more, like `{0}: {1}`"),
  ChooseAnotherName: hint(["reason"], "choose another name; {0}"),
  ProviderModelId: hint([], 'write the provider\'s model id, like `"gpt-4.1-mini"`'),
  ReturnOnOneLine: hint([], "a `return` value must start on the same line as `return`; write `return <value>` on one line"),
  WriteInstead: hint(["code"], "write `{0}`"),
  FlowTakes: hint(["flow", "signature"], "{0} takes {1}"),
} as const satisfies Record<string, HintTemplate>;

/** The help line of `template` with its arguments filled in. */
export function help<const Args extends readonly string[]>(template: HintTemplate<Args>, args: ValuesFor<Args>): string {
  return fill(template.text, args as readonly DiagArg[]);
}
