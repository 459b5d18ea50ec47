// Symbolic call counts: polynomials over size atoms (`len(decks)`), with
// ceilings (`⌈len(document)/7800⌉`) and maxima of branches as opaque atoms.
// Every operation keeps the result in one normal form, so equal formulas
// render identically and can be compared by their text.
import { assertNever } from "../../../grammar/exhaustive.ts";

/** A size that the formula depends on. `path` uses `[]` for "each element of". */
export interface SizeAtom {
  readonly kind: "size";
  /** A parameter name, or for a run-time size the label of the value (`topics`). */
  readonly root: string;
  readonly path: readonly string[];
  /** True when the size is only known at run time (a result of a call, a reassigned variable). */
  readonly runtime: boolean;
  /** For a run-time size, where it comes from ("the result of find_topics"). */
  readonly origin?: string;
}

export interface CeilAtom {
  readonly kind: "ceil";
  readonly numerator: Poly;
  readonly denominator: number;
}

export interface MaxAtom {
  readonly kind: "max";
  readonly options: readonly Poly[];
}

export type Atom = SizeAtom | CeilAtom | MaxAtom;

export interface Term {
  readonly coef: number;
  /** Sorted by `atomKey`; empty for the constant term. */
  readonly atoms: readonly Atom[];
}

/** Sum of terms, sorted by degree (highest first) then key; no zero coefficients. */
export interface Poly {
  readonly terms: readonly Term[];
}

export const ZERO: Poly = { terms: [] };

export function constant(n: number): Poly {
  return n === 0 ? ZERO : { terms: [{ coef: n, atoms: [] }] };
}

export function sizeName(atom: SizeAtom): string {
  return atom.path.reduce((name, step) => (step === "[]" ? `${name}[]` : `${name}.${step}`), atom.root);
}

export function size(root: string, path: readonly string[] = [], runtime = false, origin?: string): Poly {
  return fromAtom({ kind: "size", root, path, runtime, ...(origin === undefined ? {} : { origin }) });
}

function fromAtom(atom: Atom): Poly {
  return { terms: [{ coef: 1, atoms: [atom] }] };
}

const renderAtom: { [K in Atom["kind"]]: (atom: Extract<Atom, { kind: K }>) => string } = {
  size: (a) => `len(${sizeName(a)})`,
  ceil: (a) => {
    const inner = render(a.numerator);
    return `⌈${a.numerator.terms.length > 1 ? `(${inner})` : inner}/${a.denominator}⌉`;
  },
  max: (a) => `max(${a.options.map(render).join(", ")})`,
};

export function atomKey(atom: Atom): string {
  return (renderAtom[atom.kind] as (a: Atom) => string)(atom);
}

function termKey(term: Term): string {
  return term.atoms.map(atomKey).join("·");
}

function normalize(terms: readonly Term[]): Poly {
  const byKey = new Map<string, Term>();
  for (const term of terms) {
    const atoms = [...term.atoms].sort((a, b) => (atomKey(a) < atomKey(b) ? -1 : atomKey(a) > atomKey(b) ? 1 : 0));
    const key = atoms.map(atomKey).join("·");
    const before = byKey.get(key);
    byKey.set(key, { coef: (before?.coef ?? 0) + term.coef, atoms });
  }
  const kept = [...byKey.values()].filter((t) => t.coef !== 0);
  const nesting = (t: Term) => t.atoms.reduce((n, a) => n + atomNesting(a), 0);
  kept.sort(
    (a, b) => b.atoms.length - a.atoms.length || nesting(a) - nesting(b) || (termKey(a) < termKey(b) ? -1 : termKey(a) > termKey(b) ? 1 : 0),
  );
  return { terms: kept };
}

/** How deeply an atom nests (`len(x)` 1, `⌈len(x)/8⌉` 2, ...), so simpler terms print first. */
function atomNesting(a: Atom): number {
  const inner = (p: Poly) => Math.max(0, ...p.terms.flatMap((t) => t.atoms.map(atomNesting)));
  if (a.kind === "size") return 1;
  if (a.kind === "ceil") return 1 + inner(a.numerator);
  return 1 + Math.max(...a.options.map(inner));
}

export function add(...polys: readonly Poly[]): Poly {
  return normalize(polys.flatMap((p) => p.terms));
}

export function multiply(a: Poly, b: Poly): Poly {
  const terms: Term[] = [];
  for (const x of a.terms) for (const y of b.terms) terms.push({ coef: x.coef * y.coef, atoms: [...x.atoms, ...y.atoms] });
  return normalize(terms);
}

export function scale(p: Poly, n: number): Poly {
  return multiply(p, constant(n));
}

export function isConstant(p: Poly): boolean {
  return p.terms.every((t) => t.atoms.length === 0);
}

export function constantValue(p: Poly): number {
  return p.terms.reduce((sum, t) => sum + (t.atoms.length === 0 ? t.coef : 0), 0);
}

/** ⌈p/d⌉ for a positive integer d; exact on constants, and `p` itself when d is 1. */
export function ceilDiv(p: Poly, d: number): Poly {
  if (d <= 1) return p;
  if (isConstant(p)) return constant(Math.max(0, Math.ceil(constantValue(p) / d)));
  return fromAtom({ kind: "ceil", numerator: p, denominator: d });
}

/** True when every coefficient of `a` is covered by `b` (so a ≤ b for all non-negative sizes). */
export function dominatedBy(a: Poly, b: Poly): boolean {
  const bByKey = new Map(b.terms.map((t) => [termKey(t), t.coef]));
  return a.terms.every((t) => t.coef <= 0 || (bByKey.get(termKey(t)) ?? 0) >= t.coef);
}

export function max(...polys: readonly Poly[]): Poly {
  const options = polys.flatMap((p) => (p.terms.length === 1 && p.terms[0]!.coef === 1 && p.terms[0]!.atoms.length === 1 && p.terms[0]!.atoms[0]!.kind === "max" ? p.terms[0]!.atoms[0]!.options : [p]));
  const kept: Poly[] = [];
  options.forEach((p, i) => {
    const dominated = options.some((q, j) => j !== i && dominatedBy(p, q) && (!dominatedBy(q, p) || j < i));
    if (!dominated) kept.push(p);
  });
  if (kept.length === 0) return ZERO;
  if (kept.length === 1) return kept[0]!;
  kept.sort((a, b) => (render(a) < render(b) ? -1 : 1));
  return fromAtom({ kind: "max", options: kept });
}

/** Replaces every atom (deepest first) and re-normalizes. */
export function substitute(p: Poly, replace: (atom: SizeAtom) => Poly): Poly {
  const mapAtom = (atom: Atom): Poly => {
    switch (atom.kind) {
      case "size":
        return replace(atom);
      case "ceil":
        return ceilDiv(substitute(atom.numerator, replace), atom.denominator);
      case "max":
        return max(...atom.options.map((o) => substitute(o, replace)));
    }
    return assertNever(atom);
  };
  return add(...p.terms.map((t) => t.atoms.reduce((acc, atom) => multiply(acc, mapAtom(atom)), constant(t.coef))));
}

export function sizeAtoms(p: Poly): SizeAtom[] {
  const found = new Map<string, SizeAtom>();
  const visit = (atom: Atom): void => {
    if (atom.kind === "size") found.set(atomKey(atom), atom);
    else if (atom.kind === "ceil") atom.numerator.terms.forEach((t) => t.atoms.forEach(visit));
    else atom.options.forEach((o) => o.terms.forEach((t) => t.atoms.forEach(visit)));
  };
  p.terms.forEach((t) => t.atoms.forEach(visit));
  return [...found.values()];
}

/** `4·len(decks) + 1`; `0` for the empty sum. */
export function render(p: Poly): string {
  if (p.terms.length === 0) return "0";
  return p.terms
    .map((t, i) => {
      const magnitude = Math.abs(t.coef);
      const body = t.atoms.length === 0 ? `${magnitude}` : [...(magnitude === 1 ? [] : [`${magnitude}`]), ...t.atoms.map(atomKey)].join("·");
      if (i === 0) return t.coef < 0 ? `−${body}` : body;
      return t.coef < 0 ? ` − ${body}` : ` + ${body}`;
    })
    .join("");
}

/** The number for given sizes (by `sizeName`), or the names that are missing. */
export function evaluate(p: Poly, sizes: ReadonlyMap<string, number>): { value: number } | { missing: string[] } {
  const missing = sizeAtoms(p).map(sizeName).filter((n) => !sizes.has(n));
  if (missing.length > 0) return { missing };
  const atomValue = (atom: Atom): number => {
    switch (atom.kind) {
      case "size":
        return sizes.get(sizeName(atom))!;
      case "ceil":
        return Math.max(0, Math.ceil(polyValue(atom.numerator) / atom.denominator));
      case "max":
        return Math.max(...atom.options.map(polyValue));
    }
    return assertNever(atom);
  };
  const polyValue = (q: Poly): number => q.terms.reduce((s, t) => s + t.atoms.reduce((m, a) => m * atomValue(a), t.coef), 0);
  return { value: polyValue(p) };
}
