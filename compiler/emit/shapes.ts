// What each declaration becomes, as plain data: names, docs, type texts and
// schema texts, computed once (and in declaration order, which is what decides
// imports and `z.lazy`). Two printers turn a shape into code: structures.ts
// (ts-morph structures, then prettier) and direct.ts (final text for the
// regular shapes, no ts-morph, no prettier). No ts-morph here.
import type { CodeBlockWriter } from "ts-morph";

/** A record: an interface and a zod object schema of the same name. */
export interface RecordShape {
  readonly kind: "record";
  readonly name: string;
  readonly doc: string | undefined;
  readonly fields: readonly {
    /** The key in the interface (`name`, `"na-me"`). */
    readonly typeKey: string;
    readonly optional: boolean;
    readonly type: string;
    readonly doc: string | undefined;
    /** The key in the schema object (`name`, `"na-me"`, `["__proto__"]`). */
    readonly schemaKey: string;
    /** The schema, then `.optional()` and `.describe("...")` when they apply: the calls of one chain. */
    readonly schema: string;
    readonly calls: readonly string[];
  }[];
  /** `z.ZodType<Name>`. */
  readonly schemaType: string;
  /** `z` as this module calls it. */
  readonly z: string;
  /** `.describe("...")` or "". */
  readonly describe: string;
}

/** An enum: a `z.enum([...])` constant and its inferred type. */
export interface EnumShape {
  readonly kind: "enum";
  readonly name: string;
  readonly doc: string | undefined;
  /** `z.enum(["a", "b"]).describe("...")`. */
  readonly initializer: string;
  /** `z.infer<typeof Name>`. */
  readonly type: string;
}

/** `export const name: type = initializer;` whose initializer is one expression (models). */
export interface ConstShape {
  readonly kind: "const";
  readonly name: string;
  readonly doc: string | undefined;
  readonly type: string | undefined;
  readonly initializer: string;
}

/** `export const name: type = callee({ key: value, ... });` with one entry per line (workers, tools). */
export interface DefineShape {
  readonly kind: "define";
  readonly name: string;
  readonly doc: string | undefined;
  readonly type: string;
  readonly callee: string;
  readonly props: readonly (readonly [key: string, value: string])[];
}

/** A flow: free-form code, always built as ts-morph structures and formatted by prettier. */
export interface FlowShape {
  readonly kind: "flow";
  readonly doc: string | undefined;
  readonly names: { readonly input: string; readonly plan: string; readonly run: string };
  readonly name: string;
  readonly flowName: string;
  readonly inputType: string;
  readonly outputType: string;
  readonly define: DefineShape;
  readonly parameters: readonly { readonly name: string; readonly type: string }[];
  readonly body: (writer: CodeBlockWriter) => void;
  readonly runOptions: string;
  readonly runFlow: string;
}

/** `score: z.number().int().describe("...")`: a record field's entry in the schema object. */
export function schemaEntry(field: RecordShape["fields"][number]): string {
  return `${field.schemaKey}: ${field.schema}${field.calls.join("")}`;
}

export type DeclShape = RecordShape | EnumShape | ConstShape | DefineShape | FlowShape;
