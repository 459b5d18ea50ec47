// Prettier with pinned options, in one place. The standalone build with only the
// TypeScript parser: no config file lookup, so the output never depends on where
// flowc runs.
import * as prettier from "prettier/standalone";
import * as estree from "prettier/plugins/estree";
import * as typescript from "prettier/plugins/typescript";

export const PRETTIER_OPTIONS = {
  parser: "typescript",
  printWidth: 100,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: false,
  quoteProps: "as-needed",
  trailingComma: "all",
  bracketSpacing: true,
  arrowParens: "always",
  endOfLine: "lf",
} as const;

export async function formatTypeScript(text: string): Promise<string> {
  return prettier.format(text, { ...PRETTIER_OPTIONS, plugins: [estree, typescript] });
}
