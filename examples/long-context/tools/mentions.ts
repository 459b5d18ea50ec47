// dedupe: chunks overlap by 200 characters, so a sentence near a chunk border
// can be found twice. Keep the first of each (quote, page), in document order.

export function dedupe(input: { mentions: { quote: string; page: number }[] }): { quote: string; page: number }[] {
  const seen = new Set<string>();
  return input.mentions.filter((m) => {
    const key = `${m.page}\u0000${m.quote}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
