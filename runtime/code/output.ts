// What a cell prints, kept up to a character limit: the rest is counted, not
// stored, so a cell printing in a loop cannot grow the host's memory.

export class OutputBuffer {
  #text = "";
  #dropped = 0;

  constructor(private readonly limit: number) {}

  write(line: string): void {
    const room = this.limit - this.#text.length;
    const piece = this.#text.length === 0 ? line : `\n${line}`;
    if (piece.length <= room) {
      this.#text += piece;
      return;
    }
    if (room > 0) this.#text += piece.slice(0, room);
    this.#dropped += piece.length - Math.max(room, 0);
  }

  /** The printed text, with a note saying how much was cut. */
  text(): string {
    if (this.#dropped === 0) return this.#text;
    return `${this.#text}\n[output truncated: ${this.#dropped} more characters not shown; print less, e.g. a slice or a count]`;
  }
}
