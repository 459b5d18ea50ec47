// rank: ordering in code, not by a model. Best score first; ties by company name.

export interface Evaluation {
  company: string;
  score: number;
  strengths: string[];
  risks: string[];
  verdict: "invest" | "maybe" | "pass";
  notes?: string;
  stage: "seed" | "series_a" | "later";
}

export function rank(input: { evaluations: Evaluation[] }): Evaluation[] {
  return [...input.evaluations].sort(
    (a, b) => b.score - a.score || (a.company < b.company ? -1 : a.company > b.company ? 1 : 0),
  );
}
