// The reference printer: a declaration's shape as ts-morph structures, printed
// by ts-morph's structure printer and then formatted by prettier. Every shape
// can be printed this way; flows are only printed this way.
import type { StatementStructures, WriterFunction } from "ts-morph";
import { tsMorph } from "./ts-morph.ts";
import { commentText } from "./literals.ts";
import { jsDocLines } from "./prettier-rules.ts";
import { schemaEntry, type DeclShape, type DefineShape } from "./shapes.ts";
import { assertNever } from "../../grammar/exhaustive.ts";

type Statement = StatementStructures | WriterFunction;

function jsDocs(doc: string | undefined): { description: string }[] {
  return doc === undefined ? [] : [{ description: commentText(doc) }];
}

/** `{\n  key: value,\n ... }`: a newline after `{` keeps prettier from joining the entries. */
function objectLiteral(props: DefineShape["props"]): string {
  return `{\n${props.map(([k, v]) => `  ${k}: ${v},\n`).join("")}}`;
}

function exportedConst(name: string, doc: string | undefined, initializer: string, type?: string): StatementStructures {
  const { StructureKind, VariableDeclarationKind } = tsMorph();
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: jsDocs(doc),
    declarations: [{ name, type, initializer }],
  };
}

const blankLine: WriterFunction = (writer) => writer.blankLineIfLastNot();

function defineStatement(shape: DefineShape): StatementStructures {
  return exportedConst(shape.name, shape.doc, `${shape.callee}(${objectLiteral(shape.props)})`, shape.type);
}

/** `{\n  /** doc *\/\n  key?: type;\n}`: the members of a record's type, unformatted (prettier formats them). */
function recordType(fields: Extract<DeclShape, { kind: "record" }>["fields"]): string {
  if (fields.length === 0) return "{}";
  const members = fields.map((f) => {
    const doc = f.doc === undefined ? "" : `${jsDocLines(commentText(f.doc), "  ").join("\n")}\n`;
    return `${doc}  ${f.typeKey}${f.optional ? "?" : ""}: ${f.type};\n`;
  });
  return `{\n${members.join("")}}`;
}

function shapeStatements(shape: DeclShape): Statement[] {
  const { StructureKind, VariableDeclarationKind } = tsMorph();
  switch (shape.kind) {
    case "record":
      return [
        {
          // A type alias, not an interface: TypeScript gives an object type
          // alias an implicit index signature, so a record value fits the
          // runtime's `Json` (`{ [key: string]: Json }`), as the checker allows.
          kind: StructureKind.TypeAlias,
          name: shape.name,
          isExported: true,
          docs: jsDocs(shape.doc),
          type: recordType(shape.fields),
        },
        blankLine,
        exportedConst(
          shape.name,
          undefined,
          `${shape.z}.object({\n${shape.fields.map((f) => `  ${schemaEntry(f)},\n`).join("")}})${shape.describe}`,
          shape.schemaType,
        ),
      ];
    case "enum":
      return [
        {
          kind: StructureKind.VariableStatement,
          isExported: true,
          declarationKind: VariableDeclarationKind.Const,
          docs: jsDocs(shape.doc),
          declarations: [{ name: shape.name, initializer: shape.initializer }],
        },
        { kind: StructureKind.TypeAlias, name: shape.name, isExported: true, type: shape.type },
      ];
    case "const":
      return [exportedConst(shape.name, shape.doc, shape.initializer, shape.type)];
    case "define":
      return [defineStatement(shape)];
    case "flow":
      return [
        { kind: StructureKind.TypeAlias, name: shape.names.input, isExported: true, type: shape.inputType },
        blankLine,
        defineStatement(shape.define),
        {
          kind: StructureKind.Function,
          name: shape.names.plan,
          isAsync: true,
          parameters: [...shape.parameters],
          returnType: `Promise<${shape.outputType}>`,
          statements: shape.body,
        },
        {
          kind: StructureKind.Function,
          name: shape.names.run,
          isExported: true,
          docs: jsDocs(`Runs \`${shape.flowName}\` with a fresh run context.`),
          parameters: [
            { name: "input", type: shape.names.input },
            { name: "options", type: shape.runOptions, hasQuestionToken: true },
          ],
          returnType: `Promise<${shape.outputType}>`,
          statements: `return ${shape.runFlow}(${shape.name}, input, options);`,
        },
      ];
  }
  return assertNever(shape);
}

/** Unformatted text of some declarations, one blank line between them (as prettier keeps it). */
export function printShapes(shapes: readonly DeclShape[]): string {
  const { printStructure, StructureKind } = tsMorph();
  const statements = shapes.flatMap((shape) => [blankLine, ...shapeStatements(shape)]);
  return printStructure(
    { kind: StructureKind.SourceFile, statements },
    { indentNumberOfSpaces: 2, newLine: "\n", useSingleQuote: false },
  ).trimStart();
}
