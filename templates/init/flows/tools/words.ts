// A tool is a TypeScript function: it takes the tool's parameters as one
// object and returns its result. flowc checks it against the declaration in
// digest.flow.
export function count_words(input: { texts: string[] }): number {
  return input.texts.reduce((total, text) => total + text.split(/\s+/).filter(Boolean).length, 0);
}
