// Scripted answers for examples/code-worker (scripts/record-examples.ts): the
// code worker's cells, chosen by how many cells its transcript already holds,
// and its llm() sub-calls, answered by rules that can be read off the request.
// Not a real model.

/** The cells the "model" writes, in order. */
export const CODE_WORKER_CELLS: readonly string[] = [
  ['const sections = document.split("\\n## ").slice(1);', 'print(sections.length + " sections");'].join("\n"),
  [
    "const quotes = llm_batch(sections.map((section) => ({",
    '  prompt: "Quote the sentence of this section that answers the question, or answer NONE: " + question,',
    "  text: section,",
    "})));",
    'const found = quotes.filter((quote) => quote !== "NONE");',
    "print(found);",
  ].join("\n"),
  'FINAL(llm("Answer the question in a few words, from these quotes: " + question, found.join("\\n")));',
];

/** The next cell, as a reply with one ```js block. */
export function codeWorkerTurn(transcript: string): string {
  const done = (transcript.match(/^### Cell \d+$/gm) ?? []).length;
  const cell = CODE_WORKER_CELLS[done];
  if (cell === undefined) throw new Error(`the scripted code worker has no cell ${done + 1}`);
  return `\`\`\`js\n${cell}\n\`\`\``;
}

/** The sentence of the section that holds every long word (6+ letters) of the question, or NONE. */
export function quoteSentence(system: string, section: string): string {
  const question = system.slice(system.indexOf(":") + 1);
  const words = (question.match(/[A-Za-z]{6,}/g) ?? []).map((word) => word.toLowerCase());
  const sentences = section.split(/(?<=[.!?])\s+/);
  return sentences.find((sentence) => words.every((word) => sentence.toLowerCase().includes(word))) ?? "NONE";
}

/** The first year in the quotes. */
export function answerFromQuotes(quotes: string): string {
  return /\b1\d{3}\b/.exec(quotes)?.[0] ?? "unknown";
}
