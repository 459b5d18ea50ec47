// grammar/cst-types.ts: the type of every CST node the parser builds, made
// by chevrotain's generateCstDts from the grammar itself. to-ast reads the
// CST through these types, so a misspelled child key or a rule the builders
// do not handle is a type error. test/grammar/cst-types.test.ts fails when
// the file is stale; `UPDATE=1 npx vitest run test/grammar/cst-types.test.ts`
// or `npx tsx scripts/gen-cst-types.ts` rewrites it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generateCstDts } from "chevrotain";
import { FlowParser } from "../grammar/parser.ts";

export const CST_TYPES_FILE = join(import.meta.dirname, "..", "grammar", "cst-types.ts");

const HEADER = `// Generated from the grammar (grammar/parser.ts) by scripts/gen-cst-types.ts
// with chevrotain's generateCstDts; do not edit. A key typed as present may
// still be missing after error recovery: read it through the helpers in
// cst.ts, which allow for that.
`;

export function cstTypesText(): string {
  return HEADER + generateCstDts(new FlowParser().getGAstProductions(), { includeVisitorInterface: false });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(CST_TYPES_FILE, cstTypesText());
}
