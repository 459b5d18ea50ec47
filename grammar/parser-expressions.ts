// The expression half of the grammar (parser.ts adds declarations and
// statements on top). As in chevrotain's ecma5 example, binary expressions
// are one flat rule, `operand (operator operand)*`, and precedence is applied
// when building the AST (precedence.ts): one rule per precedence level would
// build ten CST nodes around every name and double the parsing time.
import { CstParser } from "chevrotain";
import type { IParserConfig, IToken } from "chevrotain";
import { MAX_PARSER_DEPTH } from "./limits.ts";
import * as t from "./tokens.ts";

/** Thrown out of the parse when the input nests deeper than MAX_PARSER_DEPTH; `token` is where. */
export class NestingLimit extends Error {
  constructor(readonly token: IToken) {
    super("nested too deeply");
    this.name = "NestingLimit";
  }
}

/** What the parser reads of chevrotain's state: the index of the innermost open rule. */
interface RuleStack {
  readonly RULE_STACK_IDX: number;
}

export class ExpressionParser extends CstParser {
  constructor(config: IParserConfig) {
    super(t.allTokens, config);
  }

  /**
   * Stops the parse before its recursion can overflow the stack. Called (as
   * an ACTION, so not while chevrotain records the grammar) at the start of
   * every rule that a recursion of the grammar goes through: `expression`,
   * `block`, `ifStatement` and `typeExpr`. test/check/hostile.test.ts checks
   * that chevrotain still keeps this count.
   */
  protected readonly guardDepth = (): void => {
    if ((this as unknown as RuleStack).RULE_STACK_IDX >= MAX_PARSER_DEPTH) throw new NestingLimit(this.LA(1));
  };

  expression = this.RULE("expression", () => {
    this.ACTION(this.guardDepth);
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.CONSUME(t.BinaryOperator);
      this.SUBRULE2(this.unary);
    });
  });

  /** An operand with its `not` and `-` prefixes. */
  unary = this.RULE("unary", () => {
    this.MANY(() => this.CONSUME(t.PrefixOperator));
    this.SUBRULE(this.postfix);
  });

  postfix = this.RULE("postfix", () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(t.Dot);
      this.CONSUME(t.PropertyName);
    });
  });

  // The alternatives of the hot alternations are built once, not on every
  // call: tsx compiles with esbuild's keepNames, which makes each `ALT: () =>`
  // literal cost a defineProperty (parsing was five times slower).
  private readonly primaryChoice = {
    DEF: [
      { ALT: () => this.CONSUME(t.StringLiteral) },
      { ALT: () => this.CONSUME(t.NumberToken) },
      { ALT: () => this.CONSUME(t.True) },
      { ALT: () => this.CONSUME(t.False) },
      { ALT: () => this.SUBRULE(this.arrayLiteral) },
      { ALT: () => this.SUBRULE(this.objectLiteral) },
      { ALT: () => this.SUBRULE(this.parenthesized) },
      { ALT: () => this.SUBRULE(this.mapExpression) },
      { ALT: () => this.SUBRULE(this.filterExpression) },
      { ALT: () => this.SUBRULE(this.reduceExpression) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
    ],
    ERR_MSG: "an expression",
  };

  primary = this.RULE("primary", () => {
    this.OR(this.primaryChoice);
  });

  /** `name` or `name(args)`; only a CallLParen (touching the name) makes it a call. */
  nameOrCall = this.RULE("nameOrCall", () => {
    this.CONSUME(t.Name);
    this.OPTION(() => {
      this.CONSUME(t.CallLParen);
      this.SUBRULE(this.argumentList);
      this.CONSUME(t.RParen);
    });
  });

  arrayLiteral = this.RULE("arrayLiteral", () => {
    this.CONSUME(t.LSquare);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.expression);
      });
      this.OPTION2(() => this.CONSUME2(t.Comma));
    });
    this.CONSUME(t.RSquare);
  });

  objectLiteral = this.RULE("objectLiteral", () => {
    this.CONSUME(t.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.objectEntry);
      this.OPTION(() => this.CONSUME(t.Comma));
    });
    this.CONSUME(t.RCurly);
  });

  objectEntry = this.RULE("objectEntry", () => {
    this.CONSUME(t.PropertyName);
    this.CONSUME(t.Colon);
    this.SUBRULE(this.expression);
  });

  parenthesized = this.RULE("parenthesized", () => {
    this.CONSUME(t.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(t.RParen);
  });

  mapExpression = this.RULE("mapExpression", () => {
    this.CONSUME(t.MapKw);
    this.SUBRULE(this.comprehension);
  });

  filterExpression = this.RULE("filterExpression", () => {
    this.CONSUME(t.Filter);
    this.SUBRULE(this.comprehension);
  });

  /** The shared tail of `map`/`filter`: `x in xs (options) => body`. */
  comprehension = this.RULE("comprehension", () => {
    this.CONSUME(t.Name);
    this.CONSUME(t.In);
    this.SUBRULE(this.expression);
    this.OPTION(() => this.SUBRULE(this.optionsGroup));
    this.CONSUME(t.FatArrow);
    this.SUBRULE2(this.expression);
  });

  reduceExpression = this.RULE("reduceExpression", () => {
    this.CONSUME(t.Reduce);
    this.SUBRULE(this.expression);
    this.CONSUME(t.With);
    this.CONSUME(t.Name);
    this.OPTION(() => this.SUBRULE(this.optionsGroup));
  });

  /**
   * `(max: 5)`, `(concurrency: 4)`, `(batch: 8)`. Normally a plain LParen; a
   * CallLParen only reaches here in `reduce xs with f(batch: 8)`, where the
   * function is a bare name and cannot be a call, so it is accepted too.
   */
  optionsGroup = this.RULE("optionsGroup", () => {
    this.OR([{ ALT: () => this.CONSUME(t.LParen) }, { ALT: () => this.CONSUME(t.CallLParen) }]);
    this.SUBRULE(this.argumentList);
    this.CONSUME(t.RParen);
  });

  /** Comma-separated arguments, possibly none, with an optional trailing comma. */
  argumentList = this.RULE("argumentList", () => {
    this.OPTION(() => {
      this.SUBRULE(this.argument);
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.argument);
      });
      this.OPTION2(() => this.CONSUME2(t.Comma));
    });
  });

  /** `name: value` or a positional `value`. */
  argument = this.RULE("argument", () => {
    this.OPTION(() => {
      this.CONSUME(t.PropertyName);
      this.CONSUME(t.Colon);
    });
    this.SUBRULE(this.expression);
  });
}
