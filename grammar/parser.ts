// The `.flow` grammar as a chevrotain CstParser: rules only, no actions.
// to-ast.ts turns the concrete syntax tree into the AST. Newlines are plain
// whitespace; list commas are optional where DESIGN says "newlines or
// commas" (fields, enum members, settings, object entries) and separators
// with an optional trailing one elsewhere (imports, params, args, arrays).
import { tokenMatcher } from "chevrotain";
import type { CstNode, IRecognitionException, IToken, TokenType } from "chevrotain";
import { DECLARATION, errorMessageProvider } from "./errors.ts";
import { ExpressionParser } from "./parser-expressions.ts";
import type { ModuleCstNode } from "./cst-types.ts";
import * as t from "./tokens.ts";

export class FlowParser extends ExpressionParser {
  /**
   * `validate`: check the grammar's definition (ambiguities, left recursion).
   * Skipped in production (a third of the parser's start-up time); a test
   * builds the parser with it on.
   */
  constructor(validate = false) {
    super({
      recoveryEnabled: true,
      maxLookahead: 2,
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider,
      skipValidations: !validate,
    });
    this.performSelfAnalysis();
  }

  // When a closing bracket is expected and dropping the one stray token
  // before it repairs the input (`g(a b)`), do that rather than insert the
  // bracket, which would leave the stray token to cause a second error.
  protected override canTokenTypeBeInsertedInRecovery(tokenType: TokenType): boolean {
    const closing = tokenType === t.RParen || tokenType === t.RSquare || tokenType === t.RCurly;
    return !(closing && tokenMatcher(this.LA(2), tokenType));
  }

  /** True when the next token starts on the line where the last consumed one ends. */
  private readonly onSameLine = (): boolean => {
    const previous = this.LA(0);
    const next = this.LA(1);
    if (previous === undefined || next.startLine === undefined || previous.endLine === undefined) return true;
    if (!Number.isFinite(next.startLine) || !Number.isFinite(previous.endLine)) return true;
    return next.startLine === previous.endLine;
  };

  // ------------------------------------------------------------ declarations

  module = this.RULE("module", () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.importDecl) }, { ALT: () => this.SUBRULE(this.declaration) }]);
    });
  });

  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(t.Import);
    this.CONSUME(t.LCurly);
    this.OPTION(() => {
      this.CONSUME(t.Name);
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.CONSUME2(t.Name);
      });
      this.OPTION2(() => this.CONSUME2(t.Comma));
    });
    this.CONSUME(t.RCurly);
    this.CONSUME(t.From);
    this.CONSUME(t.StringLiteral);
  });

  // Alternatives built once (see primaryChoice in parser-expressions.ts).
  private readonly declarationChoice = {
    DEF: [
      { ALT: () => this.SUBRULE(this.typeDecl) },
      { ALT: () => this.SUBRULE(this.enumDecl) },
      { ALT: () => this.SUBRULE(this.modelDecl) },
      { ALT: () => this.SUBRULE(this.workerDecl) },
      { ALT: () => this.SUBRULE(this.toolDecl) },
      { ALT: () => this.SUBRULE(this.flowDecl) },
    ],
    ERR_MSG: DECLARATION,
  };

  declaration = this.RULE("declaration", () => {
    this.OR(this.declarationChoice);
  });

  typeDecl = this.RULE("typeDecl", () => {
    this.CONSUME(t.Type);
    this.CONSUME(t.Name);
    this.CONSUME(t.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.field);
      this.OPTION(() => this.CONSUME(t.Comma));
    });
    this.CONSUME(t.RCurly);
  });

  field = this.RULE("field", () => {
    this.CONSUME(t.PropertyName);
    this.OPTION(() => this.CONSUME(t.Question));
    this.CONSUME(t.Colon);
    this.SUBRULE(this.typeExpr);
  });

  enumDecl = this.RULE("enumDecl", () => {
    this.CONSUME(t.Enum);
    this.CONSUME(t.Name);
    this.CONSUME(t.LCurly);
    this.MANY(() => {
      this.CONSUME(t.PropertyName);
      this.OPTION(() => this.CONSUME(t.Comma));
    });
    this.CONSUME(t.RCurly);
  });

  modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(t.Model);
    this.CONSUME(t.Name);
    this.CONSUME(t.Equals);
    this.CONSUME(t.StringLiteral);
    this.OPTION(() => this.SUBRULE(this.settingsBody));
  });

  settingsBody = this.RULE("settingsBody", () => {
    this.CONSUME(t.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.setting);
      this.OPTION(() => this.CONSUME(t.Comma));
    });
    this.CONSUME(t.RCurly);
  });

  setting = this.RULE("setting", () => {
    this.CONSUME(t.PropertyName);
    this.CONSUME(t.Colon);
    this.SUBRULE(this.expression);
  });

  workerDecl = this.RULE("workerDecl", () => {
    this.CONSUME(t.Worker);
    this.SUBRULE(this.signature);
    this.SUBRULE(this.settingsBody);
  });

  toolDecl = this.RULE("toolDecl", () => {
    this.CONSUME(t.Tool);
    this.SUBRULE(this.signature);
    this.CONSUME(t.From);
    this.CONSUME(t.StringLiteral);
    this.OPTION(() => {
      this.CONSUME(t.Needs);
      this.CONSUME(t.Approval);
    });
  });

  flowDecl = this.RULE("flowDecl", () => {
    this.CONSUME(t.Flow);
    this.SUBRULE(this.signature);
    this.SUBRULE(this.block);
  });

  /** `name(params) -> Type`, shared by workers, tools and flows. */
  signature = this.RULE("signature", () => {
    this.CONSUME(t.Name);
    this.SUBRULE(this.parameterList);
    this.CONSUME(t.Arrow);
    this.SUBRULE(this.typeExpr);
  });

  // A declaration's `(` may or may not touch its name: there is no call to
  // tell apart here (see the call-paren rule in tokens.ts).
  parameterList = this.RULE("parameterList", () => {
    this.OR([{ ALT: () => this.CONSUME(t.CallLParen) }, { ALT: () => this.CONSUME(t.LParen) }]);
    this.OPTION(() => {
      this.SUBRULE(this.parameter);
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.parameter);
      });
      this.OPTION2(() => this.CONSUME2(t.Comma));
    });
    this.CONSUME(t.RParen);
  });

  parameter = this.RULE("parameter", () => {
    this.CONSUME(t.Name);
    this.CONSUME(t.Colon);
    this.SUBRULE(this.typeExpr);
  });

  // ------------------------------------------------------------ types

  typeExpr = this.RULE("typeExpr", () => {
    this.ACTION(this.guardDepth);
    this.OR({
      DEF: [{ ALT: () => this.SUBRULE(this.literalUnion) }, { ALT: () => this.SUBRULE(this.arrayableType) }],
      ERR_MSG: "a type such as `string` or `Deck`",
    });
  });

  literalUnion = this.RULE("literalUnion", () => {
    this.CONSUME(t.StringLiteral);
    this.MANY(() => {
      this.CONSUME(t.Pipe);
      this.CONSUME2(t.StringLiteral);
    });
  });

  /** `Name`, `Name[]`, `Name[][]`, and `("a" | "b")[]` for arrays of literal unions. */
  arrayableType = this.RULE("arrayableType", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Name) },
      {
        ALT: () => {
          this.CONSUME(t.LParen);
          this.SUBRULE(this.typeExpr);
          this.CONSUME(t.RParen);
        },
      },
    ]);
    this.MANY(() => {
      this.CONSUME(t.LSquare);
      this.CONSUME(t.RSquare);
    });
  });

  // ------------------------------------------------------------ statements

  block = this.RULE("block", () => {
    this.ACTION(this.guardDepth);
    this.CONSUME(t.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.statement);
      this.OPTION(() => this.CONSUME(t.Semicolon));
    });
    this.CONSUME(t.RCurly);
  });

  private readonly statementChoice = {
    DEF: [
      { ALT: () => this.SUBRULE(this.letStatement) },
      { ALT: () => this.SUBRULE(this.returnStatement) },
      { ALT: () => this.SUBRULE(this.ifStatement) },
      { ALT: () => this.SUBRULE(this.repeatStatement) },
      { ALT: () => this.SUBRULE(this.breakStatement) },
      { ALT: () => this.SUBRULE(this.assignStatement) },
      { ALT: () => this.SUBRULE(this.expressionStatement) },
    ],
    ERR_MSG: "a statement",
  };

  statement = this.RULE("statement", () => {
    this.OR(this.statementChoice);
  });

  letStatement = this.RULE("letStatement", () => {
    this.CONSUME(t.Let);
    this.CONSUME(t.Name);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  assignStatement = this.RULE("assignStatement", () => {
    this.CONSUME(t.Name);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  expressionStatement = this.RULE("expressionStatement", () => {
    this.SUBRULE(this.expression);
  });

  // A return value starts on the line of `return` (as in Go and Swift):
  // `return` then a call on the next line is a bare `return` and a statement.
  returnStatement = this.RULE("returnStatement", () => {
    this.CONSUME(t.Return);
    this.OPTION({ GATE: this.onSameLine, DEF: () => this.SUBRULE(this.expression) });
  });

  ifStatement = this.RULE("ifStatement", () => {
    this.ACTION(this.guardDepth);
    this.CONSUME(t.If);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.block);
    this.OPTION(() => {
      this.CONSUME(t.Else);
      this.OR([{ ALT: () => this.SUBRULE(this.ifStatement) }, { ALT: () => this.SUBRULE2(this.block) }]);
    });
  });

  repeatStatement = this.RULE("repeatStatement", () => {
    this.CONSUME(t.Repeat);
    this.SUBRULE(this.optionsGroup);
    this.SUBRULE(this.block);
  });

  breakStatement = this.RULE("breakStatement", () => {
    this.CONSUME(t.Break);
  });
}

// Built once: self-analysis of the grammar is the expensive part, and
// chevrotain parsers are designed to be reused by resetting `input`.
const flowParser = new FlowParser();

export interface ParsedCst {
  /** chevrotain types a rule's result as a plain CstNode; `module` builds a ModuleCstNode (cst-types.ts). */
  readonly cst: ModuleCstNode;
  readonly errors: readonly IRecognitionException[];
}

export function parseTokens(tokens: IToken[]): ParsedCst {
  flowParser.input = tokens;
  const cst = flowParser.module() as ModuleCstNode;
  return { cst, errors: flowParser.errors };
}
