// Where JSON text goes wrong, with a line and column: the scanner behind `--input` syntax errors.

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column };
}

/** Finds where JSON text goes wrong (JSON.parse does not always say). */
export function findJsonError(text: string): { offset: number; message: string } {
  let i = 0;
  class Failure {
    constructor(
      readonly offset: number,
      readonly message: string,
    ) {}
  }
  const describe = (at: number) =>
    at >= text.length ? "unexpected end of input" : `unexpected ${JSON.stringify(text[at])}`;
  const fail = (message: string): never => {
    throw new Failure(i, message);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail(`${describe(i)} (expected ${word})`);
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      const ch = text[i]!;
      if (ch === "\\") {
        i++;
        const esc = text[i];
        if (esc === "u") {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!/[0-9a-fA-F]/.test(text[i] ?? "")) fail("invalid \\u escape in a string");
          }
        } else if (esc === undefined || !'"\\/bfnrt'.includes(esc)) {
          fail("invalid escape in a string");
        }
        i++;
      } else if (ch < " ") {
        fail("control character in a string (write \\n for a newline)");
      } else {
        i++;
      }
    }
    if (i >= text.length) fail("unterminated string");
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail(`${describe(i)} (expected a number)`);
    i += match![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`${describe(i)} (expected a property name in double quotes)`);
        string();
        ws();
        if (text[i] !== ":") fail(`${describe(i)} (expected ':')`);
        i++;
        value();
        ws();
        if (text[i] === ",") {
          i++;
          ws();
          if (text[i] === "}") fail("trailing comma before '}'");
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail(`${describe(i)} (expected ',' or '}')`);
      }
    }
    if (ch === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ",") {
          i++;
          ws();
          if (text[i] === "]") fail("trailing comma before ']'");
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail(`${describe(i)} (expected ',' or ']')`);
      }
    }
    if (ch === '"') return string();
    if (ch === "t") return literal("true");
    if (ch === "f") return literal("false");
    if (ch === "n") return literal("null");
    if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) return number();
    if (ch === "'") fail("unexpected \"'\" (JSON strings use double quotes)");
    fail(`${describe(i)} (expected a value)`);
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`${describe(i)} after the end of the value`);
    return { offset: 0, message: "invalid JSON" };
  } catch (error) {
    if (error instanceof Failure) return { offset: error.offset, message: error.message };
    throw error;
  }
}
