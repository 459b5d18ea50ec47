// generate_document: the harbor log, a deterministic document of exactly `chars`
// characters made from a seed. Generating it is cheap (well under a second for
// 1M characters), so the example commits a seed instead of a 1 MB file.

const THEMES = [
  { weight: 300, make: (r: Rng) => `The harbor master logged ${r.int(3, 40)} boats at the ${r.pick(QUAYS)} quay.` },
  { weight: 200, make: (r: Rng) => `A storm from the ${r.pick(WINDS)} kept the ${r.pick(BOATS)} in port until ${r.pick(TIMES)}.` },
  { weight: 250, make: (r: Rng) => `The ${r.pick(TIMES)} ferry to ${r.pick(ISLANDS)} left with ${r.int(4, 90)} passengers.` },
  { weight: 240, make: (r: Rng) => `At the market, ${r.pick(FISH)} sold for ${r.int(2, 30)} coins a crate.` },
  { weight: 100, make: (r: Rng) => `Preparations for the ${r.pick(SEASONS)} festival filled the ${r.pick(QUAYS)} square.` },
  { weight: 1, make: (r: Rng) => `The lighthouse keeper on ${r.pick(ISLANDS)} reported ${r.pick(EVENTS)}.` },
] as const;

const QUAYS = ["north", "south", "old", "salt", "customs"] as const;
const WINDS = ["west", "north-west", "east", "south"] as const;
const BOATS = ["Marta", "Grey Heron", "Saint Ives", "Lucky Seven", "Pelican"] as const;
const TIMES = ["dawn", "noon", "dusk", "midnight"] as const;
const ISLANDS = ["Inishmore", "Skerry", "Gull Rock", "Aran Beg"] as const;
const FISH = ["mackerel", "herring", "cod", "sardines"] as const;
const SEASONS = ["spring", "midsummer", "harvest", "winter"] as const;
const EVENTS = [
  "a cracked lens",
  "a ship's bell heard in the fog",
  "the lamp failing for an hour",
  "a new coat of paint",
  "seals on the landing",
] as const;

/** About this many characters per page. */
const PAGE_CHARS = 2000;

export function generate_document(input: { seed: number; chars: number }): string {
  const rng = new Rng(input.seed);
  const total = THEMES.reduce((sum, t) => sum + t.weight, 0);
  const parts: string[] = [];
  let length = 0;
  let page = 0;
  while (length < input.chars) {
    page += 1;
    let text = `=== Page ${page} ===\n`;
    while (text.length < PAGE_CHARS) {
      let roll = rng.int(0, total - 1);
      const theme = THEMES.find((t) => (roll -= t.weight) < 0)!;
      text += `${theme.make(rng)} `;
    }
    text = `${text.trimEnd()}\n\n`;
    parts.push(text);
    length += text.length;
  }
  return parts.join("").slice(0, input.chars);
}

/** mulberry32: small, fast and the same on every platform. */
class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
}
