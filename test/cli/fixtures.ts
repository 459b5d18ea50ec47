// Small projects for the CLI tests.

export const GREET_FLOW = `/// Someone to greet.
type Person {
  name: string
  age: int
}

model fast = "gpt-4.1-mini"

/// Greets one person.
worker greet(person: Person) -> string {
  model: fast
  instructions: "Greet {{person.name}} warmly in one sentence."
}

/// Greets everyone.
flow greet_all(people: Person[]) -> string[] {
  return map p in people (concurrency: 2) => greet(person: p)
}
`;

/** The same plan with a typo: an unknown name. */
export const BROKEN_FLOW = GREET_FLOW.replace("=> greet(person: p)", "=> gret(person: p)");

/** A plan with a tool and no worker: runs without any model. */
export const TOOL_FLOW = `/// Adds two numbers in code.
tool add(a: int, b: int) -> int from "./tools/add.ts"

flow sum(a: int, b: int) -> int {
  return add(a: a, b: b)
}
`;

export const ADD_TOOL = `export function add(input: { a: number; b: number }): number {
  return input.a + input.b;
}
`;
