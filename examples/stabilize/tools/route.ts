// route: a fixed table from category to queue, applied in code.

type Category = "billing" | "bug" | "feature_request" | "other";

const QUEUES: Readonly<Record<Category, string>> = {
  billing: "finance",
  bug: "engineering",
  feature_request: "product",
  other: "support",
};

export function route(input: {
  tickets: { id: number; text: string }[];
  categories: Category[];
}): { id: number; category: Category; queue: string }[] {
  if (input.tickets.length !== input.categories.length) {
    throw new Error(`route: ${input.tickets.length} tickets but ${input.categories.length} categories`);
  }
  return input.tickets.map((ticket, i) => {
    const category = input.categories[i]!;
    return { id: ticket.id, category, queue: QUEUES[category] };
  });
}
