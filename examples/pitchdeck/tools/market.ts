// market_size: a fixed table of market estimates (USD), so runs are reproducible.
// A real deployment would query a data provider here.

const MARKETS: readonly (readonly [keyword: string, usd: number])[] = [
  ["climate", 45_000_000_000],
  ["energy", 45_000_000_000],
  ["developer", 12_000_000_000],
  ["legal", 25_000_000_000],
  ["pet", 6_000_000_000],
  ["retail", 30_000_000_000],
];

/** Estimates a market's size in USD from its sector name (1B when unknown). */
export function market_size(input: { sector: string }): number {
  const sector = input.sector.toLowerCase();
  for (const [keyword, usd] of MARKETS) if (sector.includes(keyword)) return usd;
  return 1_000_000_000;
}
