// Reading the concrete syntax tree defensively. With error recovery any
// child may be missing, and tokens inserted by recovery have no position
// (NaN offsets); these helpers hide both so the AST builders stay simple.
import type { CstElement, CstNode, IToken } from "chevrotain";
import type { Ident, Span } from "./ast.ts";
import type { DocComments } from "./docs.ts";
import type { SourceText } from "./source.ts";
import type { DecodedString } from "./strings.ts";
import type { SyntaxProblem } from "./problems.ts";

/** What every AST builder needs besides the CST node. */
export interface BuildContext {
  readonly source: SourceText;
  readonly strings: ReadonlyMap<IToken, DecodedString>;
  readonly docs: DocComments;
  /** Problems only the shape of the tree shows (two statements on one line). */
  readonly problems?: SyntaxProblem[];
}

function isNode(element: CstElement): element is CstNode {
  return "children" in element;
}

/** Tokens inserted by recovery are the only ones without a position. */
function isRealToken(token: IToken): boolean {
  return token.isInsertedInRecovery !== true;
}

const NONE: readonly never[] = [];

// Every node is read through its generated type (cst-types.ts): a child key
// is checked against the rule, so a misspelled or stale key is a type error
// rather than a child that looks "missing after recovery". Rules are
// lowerCamel and tokens UpperCamel, so a key holds only nodes or only tokens.

type ChildrenOf<N> = N extends { readonly children: infer C } ? C : never;

/** The keys of `N`'s children that hold sub-rule nodes. */
export type NodeKey<N> = {
  [K in keyof ChildrenOf<N>]-?: NonNullable<ChildrenOf<N>[K]> extends readonly CstNode[] ? K : never;
}[keyof ChildrenOf<N>] &
  string;

/** The keys of `N`'s children that hold tokens. */
export type TokenKey<N> = {
  [K in keyof ChildrenOf<N>]-?: NonNullable<ChildrenOf<N>[K]> extends readonly IToken[] ? K : never;
}[keyof ChildrenOf<N>] &
  string;

/** The node type under a key. */
export type ChildNode<N, K extends NodeKey<N>> = NonNullable<ChildrenOf<N>[K]> extends readonly (infer C)[] ? C : never;

function childList(node: CstNode | undefined, key: string): readonly CstElement[] {
  return node?.children[key] ?? NONE;
}

export function nodes<N extends CstNode, K extends NodeKey<N>>(node: N | undefined, key: K): readonly ChildNode<N, K>[] {
  return childList(node, key) as readonly ChildNode<N, K>[];
}

export function nodeAt<N extends CstNode, K extends NodeKey<N>>(node: N | undefined, key: K, index = 0): ChildNode<N, K> | undefined {
  return nodes(node, key)[index];
}

/** The tokens under a key, without those inserted by recovery. */
export function tokens<N extends CstNode>(node: N | undefined, key: TokenKey<N>): readonly IToken[] {
  const list = childList(node, key) as readonly IToken[];
  for (let i = 0; i < list.length; i++) if (!isRealToken(list[i]!)) return list.filter(isRealToken);
  return list;
}

export function tokenAt<N extends CstNode>(node: N | undefined, key: TokenKey<N>, index = 0): IToken | undefined {
  const list = node?.children[key] as readonly IToken[] | undefined;
  if (list === undefined) return undefined;
  // Counting in place rather than through tokens(): this is the hottest helper.
  let seen = 0;
  for (let i = 0; i < list.length; i++) {
    if (isRealToken(list[i]!) && seen++ === index) return list[i];
  }
  return undefined;
}

/**
 * The builders of a choice rule (a declaration, a statement, a primary), one
 * per sub-rule it may choose: the type system wants every alternative of the
 * grammar built, each from its own node type.
 */
export type Alternatives<N, Args extends unknown[], R> = {
  readonly [K in NodeKey<N>]: (node: ChildNode<N, K>, ...args: Args) => R;
};

/** Builds the alternative `node` chose; undefined when recovery left none. */
export function buildChosen<N extends CstNode, Args extends unknown[], R>(
  node: N | undefined,
  builders: Alternatives<N, Args, R>,
  ...args: Args
): R | undefined {
  const chosen = chosenRule(node);
  // The child's key is its rule's name (see chosenRule).
  if (chosen === undefined || !Object.hasOwn(builders, chosen.name)) return undefined;
  return (builders as unknown as Record<string, (node: CstNode, ...args: Args) => R>)[chosen.name]!(chosen, ...args);
}

/**
 * For a rule that is a choice of sub-rules (a declaration, a statement): the
 * chosen rule's node. Its `name` is the rule's name, which is also its key.
 */
function chosenRule(node: CstNode | undefined): CstNode | undefined {
  if (node === undefined) return undefined;
  const children = node.children;
  for (const key in children) {
    const child = children[key]![0];
    if (child && isNode(child)) return child;
  }
  return undefined;
}

/** The first real token under any of `keys` (for rules that are one of several tokens). */
export function anyToken<N extends CstNode>(node: N | undefined, keys: readonly TokenKey<N>[]): IToken | undefined {
  for (const key of keys) {
    const token = tokenAt(node, key);
    if (token) return token;
  }
  return undefined;
}

export function tokenSpan(context: BuildContext, token: IToken): Span {
  return context.source.span(token.startOffset, token.startOffset + token.image.length);
}

/** A zero-width span just after `near`, where something missing should have been. */
export function emptySpanAfter(near: Span): Span {
  return { file: near.file, start: near.end, end: near.end };
}

/** The node's whole text, or an empty span after `near` if recovery left it without tokens. */
export function nodeSpan(context: BuildContext, node: CstNode | undefined, near: Span): Span {
  const location = node?.location;
  if (!location || !Number.isFinite(location.startOffset)) return emptySpanAfter(near);
  const end = Number.isFinite(location.endOffset) ? location.endOffset! + 1 : location.startOffset;
  return context.source.span(location.startOffset, end);
}

/** Offset where the node starts, or undefined if it has no real token. */
export function startOffset(node: CstNode | undefined): number | undefined {
  const start = node?.location?.startOffset;
  return start !== undefined && Number.isFinite(start) ? start : undefined;
}

/** An Ident from a token; a missing name becomes "" (the checker skips empty names). */
export function identFrom(context: BuildContext, token: IToken | undefined, near: Span): Ident {
  if (!token) return { kind: "Ident", name: "", span: emptySpanAfter(near) };
  return { kind: "Ident", name: token.image, span: tokenSpan(context, token) };
}

/** The Ident of the `Name` (or `PropertyName`) token of `node`; "" when recovery dropped it. */
export function nameOf<N extends CstNode>(context: BuildContext, node: N | undefined, near: Span, key: TokenKey<N>): Ident {
  return identFrom(context, tokenAt(node, key), near);
}

/** The first real token under the node, in source order. */
export function firstToken(node: CstNode | undefined): IToken | undefined {
  let first: IToken | undefined;
  for (const key in node?.children ?? {}) {
    for (const child of node!.children[key]!) {
      const token = isNode(child) ? firstToken(child) : isRealToken(child) && Number.isFinite(child.startOffset) ? child : undefined;
      if (token !== undefined && (first === undefined || token.startOffset < first.startOffset)) first = token;
    }
  }
  return first;
}
