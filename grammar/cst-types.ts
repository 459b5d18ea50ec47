// Generated from the grammar (grammar/parser.ts) by scripts/gen-cst-types.ts
// with chevrotain's generateCstDts; do not edit. A key typed as present may
// still be missing after error recovery: read it through the helpers in
// cst.ts, which allow for that.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface ExpressionCstNode extends CstNode {
  name: "expression";
  children: ExpressionCstChildren;
}

export type ExpressionCstChildren = {
  unary: (UnaryCstNode)[];
  BinaryOperator?: IToken[];
};

export interface UnaryCstNode extends CstNode {
  name: "unary";
  children: UnaryCstChildren;
}

export type UnaryCstChildren = {
  PrefixOperator?: IToken[];
  postfix: PostfixCstNode[];
};

export interface PostfixCstNode extends CstNode {
  name: "postfix";
  children: PostfixCstChildren;
}

export type PostfixCstChildren = {
  primary: PrimaryCstNode[];
  Dot?: IToken[];
  PropertyName?: IToken[];
};

export interface PrimaryCstNode extends CstNode {
  name: "primary";
  children: PrimaryCstChildren;
}

export type PrimaryCstChildren = {
  StringLiteral?: IToken[];
  Number?: IToken[];
  True?: IToken[];
  False?: IToken[];
  arrayLiteral?: ArrayLiteralCstNode[];
  objectLiteral?: ObjectLiteralCstNode[];
  parenthesized?: ParenthesizedCstNode[];
  mapExpression?: MapExpressionCstNode[];
  filterExpression?: FilterExpressionCstNode[];
  reduceExpression?: ReduceExpressionCstNode[];
  nameOrCall?: NameOrCallCstNode[];
};

export interface NameOrCallCstNode extends CstNode {
  name: "nameOrCall";
  children: NameOrCallCstChildren;
}

export type NameOrCallCstChildren = {
  Name: IToken[];
  CallLParen?: IToken[];
  argumentList?: ArgumentListCstNode[];
  RParen?: IToken[];
};

export interface ArrayLiteralCstNode extends CstNode {
  name: "arrayLiteral";
  children: ArrayLiteralCstChildren;
}

export type ArrayLiteralCstChildren = {
  LSquare: IToken[];
  expression?: (ExpressionCstNode)[];
  Comma?: (IToken)[];
  RSquare: IToken[];
};

export interface ObjectLiteralCstNode extends CstNode {
  name: "objectLiteral";
  children: ObjectLiteralCstChildren;
}

export type ObjectLiteralCstChildren = {
  LCurly: IToken[];
  objectEntry?: ObjectEntryCstNode[];
  Comma?: IToken[];
  RCurly: IToken[];
};

export interface ObjectEntryCstNode extends CstNode {
  name: "objectEntry";
  children: ObjectEntryCstChildren;
}

export type ObjectEntryCstChildren = {
  PropertyName: IToken[];
  Colon: IToken[];
  expression: ExpressionCstNode[];
};

export interface ParenthesizedCstNode extends CstNode {
  name: "parenthesized";
  children: ParenthesizedCstChildren;
}

export type ParenthesizedCstChildren = {
  LParen: IToken[];
  expression: ExpressionCstNode[];
  RParen: IToken[];
};

export interface MapExpressionCstNode extends CstNode {
  name: "mapExpression";
  children: MapExpressionCstChildren;
}

export type MapExpressionCstChildren = {
  Map: IToken[];
  comprehension: ComprehensionCstNode[];
};

export interface FilterExpressionCstNode extends CstNode {
  name: "filterExpression";
  children: FilterExpressionCstChildren;
}

export type FilterExpressionCstChildren = {
  Filter: IToken[];
  comprehension: ComprehensionCstNode[];
};

export interface ComprehensionCstNode extends CstNode {
  name: "comprehension";
  children: ComprehensionCstChildren;
}

export type ComprehensionCstChildren = {
  Name: IToken[];
  In: IToken[];
  expression: (ExpressionCstNode)[];
  optionsGroup?: OptionsGroupCstNode[];
  FatArrow: IToken[];
};

export interface ReduceExpressionCstNode extends CstNode {
  name: "reduceExpression";
  children: ReduceExpressionCstChildren;
}

export type ReduceExpressionCstChildren = {
  Reduce: IToken[];
  expression: ExpressionCstNode[];
  With: IToken[];
  Name: IToken[];
  optionsGroup?: OptionsGroupCstNode[];
};

export interface OptionsGroupCstNode extends CstNode {
  name: "optionsGroup";
  children: OptionsGroupCstChildren;
}

export type OptionsGroupCstChildren = {
  LParen?: IToken[];
  CallLParen?: IToken[];
  argumentList: ArgumentListCstNode[];
  RParen: IToken[];
};

export interface ArgumentListCstNode extends CstNode {
  name: "argumentList";
  children: ArgumentListCstChildren;
}

export type ArgumentListCstChildren = {
  argument?: (ArgumentCstNode)[];
  Comma?: (IToken)[];
};

export interface ArgumentCstNode extends CstNode {
  name: "argument";
  children: ArgumentCstChildren;
}

export type ArgumentCstChildren = {
  PropertyName?: IToken[];
  Colon?: IToken[];
  expression: ExpressionCstNode[];
};

export interface ModuleCstNode extends CstNode {
  name: "module";
  children: ModuleCstChildren;
}

export type ModuleCstChildren = {
  importDecl?: ImportDeclCstNode[];
  declaration?: DeclarationCstNode[];
};

export interface ImportDeclCstNode extends CstNode {
  name: "importDecl";
  children: ImportDeclCstChildren;
}

export type ImportDeclCstChildren = {
  Import: IToken[];
  LCurly: IToken[];
  Name?: (IToken)[];
  Comma?: (IToken)[];
  RCurly: IToken[];
  From: IToken[];
  StringLiteral: IToken[];
};

export interface DeclarationCstNode extends CstNode {
  name: "declaration";
  children: DeclarationCstChildren;
}

export type DeclarationCstChildren = {
  typeDecl?: TypeDeclCstNode[];
  enumDecl?: EnumDeclCstNode[];
  modelDecl?: ModelDeclCstNode[];
  workerDecl?: WorkerDeclCstNode[];
  toolDecl?: ToolDeclCstNode[];
  flowDecl?: FlowDeclCstNode[];
};

export interface TypeDeclCstNode extends CstNode {
  name: "typeDecl";
  children: TypeDeclCstChildren;
}

export type TypeDeclCstChildren = {
  Type: IToken[];
  Name: IToken[];
  LCurly: IToken[];
  field?: FieldCstNode[];
  Comma?: IToken[];
  RCurly: IToken[];
};

export interface FieldCstNode extends CstNode {
  name: "field";
  children: FieldCstChildren;
}

export type FieldCstChildren = {
  PropertyName: IToken[];
  Question?: IToken[];
  Colon: IToken[];
  typeExpr: TypeExprCstNode[];
};

export interface EnumDeclCstNode extends CstNode {
  name: "enumDecl";
  children: EnumDeclCstChildren;
}

export type EnumDeclCstChildren = {
  Enum: IToken[];
  Name: IToken[];
  LCurly: IToken[];
  PropertyName?: IToken[];
  Comma?: IToken[];
  RCurly: IToken[];
};

export interface ModelDeclCstNode extends CstNode {
  name: "modelDecl";
  children: ModelDeclCstChildren;
}

export type ModelDeclCstChildren = {
  Model: IToken[];
  Name: IToken[];
  Equals: IToken[];
  StringLiteral: IToken[];
  settingsBody?: SettingsBodyCstNode[];
};

export interface SettingsBodyCstNode extends CstNode {
  name: "settingsBody";
  children: SettingsBodyCstChildren;
}

export type SettingsBodyCstChildren = {
  LCurly: IToken[];
  setting?: SettingCstNode[];
  Comma?: IToken[];
  RCurly: IToken[];
};

export interface SettingCstNode extends CstNode {
  name: "setting";
  children: SettingCstChildren;
}

export type SettingCstChildren = {
  PropertyName: IToken[];
  Colon: IToken[];
  expression: ExpressionCstNode[];
};

export interface WorkerDeclCstNode extends CstNode {
  name: "workerDecl";
  children: WorkerDeclCstChildren;
}

export type WorkerDeclCstChildren = {
  Worker: IToken[];
  signature: SignatureCstNode[];
  settingsBody: SettingsBodyCstNode[];
};

export interface ToolDeclCstNode extends CstNode {
  name: "toolDecl";
  children: ToolDeclCstChildren;
}

export type ToolDeclCstChildren = {
  Tool: IToken[];
  signature: SignatureCstNode[];
  From: IToken[];
  StringLiteral: IToken[];
  Needs?: IToken[];
  Approval?: IToken[];
};

export interface FlowDeclCstNode extends CstNode {
  name: "flowDecl";
  children: FlowDeclCstChildren;
}

export type FlowDeclCstChildren = {
  Flow: IToken[];
  signature: SignatureCstNode[];
  block: BlockCstNode[];
};

export interface SignatureCstNode extends CstNode {
  name: "signature";
  children: SignatureCstChildren;
}

export type SignatureCstChildren = {
  Name: IToken[];
  parameterList: ParameterListCstNode[];
  Arrow: IToken[];
  typeExpr: TypeExprCstNode[];
};

export interface ParameterListCstNode extends CstNode {
  name: "parameterList";
  children: ParameterListCstChildren;
}

export type ParameterListCstChildren = {
  CallLParen?: IToken[];
  LParen?: IToken[];
  parameter?: (ParameterCstNode)[];
  Comma?: (IToken)[];
  RParen: IToken[];
};

export interface ParameterCstNode extends CstNode {
  name: "parameter";
  children: ParameterCstChildren;
}

export type ParameterCstChildren = {
  Name: IToken[];
  Colon: IToken[];
  typeExpr: TypeExprCstNode[];
};

export interface TypeExprCstNode extends CstNode {
  name: "typeExpr";
  children: TypeExprCstChildren;
}

export type TypeExprCstChildren = {
  literalUnion?: LiteralUnionCstNode[];
  arrayableType?: ArrayableTypeCstNode[];
};

export interface LiteralUnionCstNode extends CstNode {
  name: "literalUnion";
  children: LiteralUnionCstChildren;
}

export type LiteralUnionCstChildren = {
  StringLiteral: (IToken)[];
  Pipe?: IToken[];
};

export interface ArrayableTypeCstNode extends CstNode {
  name: "arrayableType";
  children: ArrayableTypeCstChildren;
}

export type ArrayableTypeCstChildren = {
  Name?: IToken[];
  LParen?: IToken[];
  typeExpr?: TypeExprCstNode[];
  RParen?: IToken[];
  LSquare?: IToken[];
  RSquare?: IToken[];
};

export interface BlockCstNode extends CstNode {
  name: "block";
  children: BlockCstChildren;
}

export type BlockCstChildren = {
  LCurly: IToken[];
  statement?: StatementCstNode[];
  Semicolon?: IToken[];
  RCurly: IToken[];
};

export interface StatementCstNode extends CstNode {
  name: "statement";
  children: StatementCstChildren;
}

export type StatementCstChildren = {
  letStatement?: LetStatementCstNode[];
  returnStatement?: ReturnStatementCstNode[];
  ifStatement?: IfStatementCstNode[];
  repeatStatement?: RepeatStatementCstNode[];
  breakStatement?: BreakStatementCstNode[];
  assignStatement?: AssignStatementCstNode[];
  expressionStatement?: ExpressionStatementCstNode[];
};

export interface LetStatementCstNode extends CstNode {
  name: "letStatement";
  children: LetStatementCstChildren;
}

export type LetStatementCstChildren = {
  Let: IToken[];
  Name: IToken[];
  Equals: IToken[];
  expression: ExpressionCstNode[];
};

export interface AssignStatementCstNode extends CstNode {
  name: "assignStatement";
  children: AssignStatementCstChildren;
}

export type AssignStatementCstChildren = {
  Name: IToken[];
  Equals: IToken[];
  expression: ExpressionCstNode[];
};

export interface ExpressionStatementCstNode extends CstNode {
  name: "expressionStatement";
  children: ExpressionStatementCstChildren;
}

export type ExpressionStatementCstChildren = {
  expression: ExpressionCstNode[];
};

export interface ReturnStatementCstNode extends CstNode {
  name: "returnStatement";
  children: ReturnStatementCstChildren;
}

export type ReturnStatementCstChildren = {
  Return: IToken[];
  expression?: ExpressionCstNode[];
};

export interface IfStatementCstNode extends CstNode {
  name: "ifStatement";
  children: IfStatementCstChildren;
}

export type IfStatementCstChildren = {
  If: IToken[];
  expression: ExpressionCstNode[];
  block: (BlockCstNode)[];
  Else?: IToken[];
  ifStatement?: IfStatementCstNode[];
};

export interface RepeatStatementCstNode extends CstNode {
  name: "repeatStatement";
  children: RepeatStatementCstChildren;
}

export type RepeatStatementCstChildren = {
  Repeat: IToken[];
  optionsGroup: OptionsGroupCstNode[];
  block: BlockCstNode[];
};

export interface BreakStatementCstNode extends CstNode {
  name: "breakStatement";
  children: BreakStatementCstChildren;
}

export type BreakStatementCstChildren = {
  Break: IToken[];
};
