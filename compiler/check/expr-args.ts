// Argument matching: pairs the arguments of a call with parameters, positional then by name.
import type { Arg, Ident } from "../../grammar/ast.ts";
import { D, diag } from "../diagnostics/table.ts";
import type { Type } from "../plan/ir.ts";
import type { ExprChecker } from "./expr.ts";
import { didYouMean } from "./names.ts";

export interface ParamSpec {
  readonly name: string;
  readonly type: Type;
  readonly optional: boolean;
}

export interface Matched {
  readonly param: ParamSpec;
  readonly arg: Arg;
}

/** Matches arguments to parameters: positional first, then by name. Reports shape problems, not types. */
export function matchArgs(c: ExprChecker, args: readonly Arg[], params: readonly ParamSpec[], callee: Ident, signature: string): { matched: (Matched | undefined)[]; stray: Arg[] } {
  const matched: (Matched | undefined)[] = params.map(() => undefined);
  const stray: Arg[] = [];
  const sigHint = `the signature is \`${signature}\``;
  let named = false;
  let position = 0;
  let tooMany = false;
  for (const arg of args) {
    if (arg.name === undefined) {
      if (named) {
        c.report(diag(D.PositionalAfterNamed, arg.span));
        stray.push(arg);
        continue;
      }
      if (position >= params.length) {
        if (!tooMany) {
          const count = params.length === 1 ? "1 argument" : `${params.length} arguments`;
          c.report(diag(D.TooManyArguments, arg.span, [callee.name, count], { hint: sigHint }));
        }
        tooMany = true;
        stray.push(arg);
        continue;
      }
      matched[position] = { param: params[position]!, arg };
      position++;
      continue;
    }
    named = true;
    const index = params.findIndex((p) => p.name === arg.name!.name);
    if (index < 0) {
      const suggestion = didYouMean(arg.name.name, params.map((p) => p.name));
      c.report(
        diag(D.UnknownArgument, arg.name.span, [callee.name, arg.name.name], {
          hint: suggestion === undefined ? sigHint : `${suggestion} (${sigHint})`,
        }),
      );
      stray.push(arg);
      continue;
    }
    const previous = matched[index];
    if (previous !== undefined) {
      c.report(
        diag(D.DuplicateArgument, arg.name.span, [arg.name.name], {
          related: [{ message: "first given here", span: previous.arg.name?.span ?? previous.arg.span }],
        }),
      );
      stray.push(arg);
      continue;
    }
    matched[index] = { param: params[index]!, arg };
  }
  // A misnamed or misplaced argument usually is the missing one: report it only.
  params.forEach((p, i) => {
    if (matched[i] === undefined && !p.optional && stray.length === 0) {
      c.report(diag(D.MissingArgument, callee.span, [p.name, callee.name], { hint: sigHint }));
    }
  });
  return { matched, stray };
}

export function paramHint(param: string, signature: string): string {
  return `for parameter \`${param}\` of \`${signature}\``;
}
