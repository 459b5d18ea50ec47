// The code reduce of the OOLONG plan: merge the classified records of every
// chunk (deduplicated by id) and answer each query by counting.
import { answerQueries, type Label, type Query } from "../../lib/oolong.ts";

interface Classified {
  records: { id: number; user: string; label: Label }[];
}

export function answer({ batches, queries }: { batches: Classified[]; queries: Query[] }): string[] {
  return answerQueries(
    batches.flatMap((b) => b.records),
    queries,
  );
}
