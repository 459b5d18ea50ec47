// The resume index: a hash table in typed arrays from a call's 64-bit key
// (its path and input hash, see callKey) to an entry number, with each
// entry's line offset and length. A million entries take ~38 MB outside the
// JS heap and no object per entry, so indexing a big journal neither grows
// the heap nor keeps the collector busy.

/** 64 bits of a call's path and input hash, as two unsigned 32-bit halves. */
export interface CallKey {
  readonly hi: number;
  readonly lo: number;
}

export function callKey(path: string, inputHash: string): CallKey {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  for (let i = -1; i < inputHash.length; i++) {
    const c = i < 0 ? 10 : inputHash.charCodeAt(i); // a newline between the two
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return { hi: h1 >>> 0, lo: h2 >>> 0 };
}

const EMPTY = 0;

/** Open addressing with linear probing, kept under half full. Slots hold entry + 1 (0 is empty). */
export class CompactIndex {
  #hi = new Uint32Array(1024);
  #lo = new Uint32Array(1024);
  #slots = new Int32Array(1024);
  #size = 0;
  #offsets = new Float64Array(1024);
  #lengths = new Uint32Array(1024);
  #entries = 0;

  /** Distinct keys. */
  get size(): number {
    return this.#size;
  }

  /** Adds an entry (a line's offset and length) for the key; a later entry of the same key replaces the earlier one. */
  set(key: CallKey, offset: number, length: number): void {
    const entry = this.#addEntry(offset, length);
    if ((this.#size + 1) * 2 > this.#slots.length) this.#grow();
    const slot = this.#find(key.hi, key.lo);
    if (this.#slots[slot] === EMPTY) this.#size++;
    this.#hi[slot] = key.hi;
    this.#lo[slot] = key.lo;
    this.#slots[slot] = entry + 1;
  }

  /** The entry of the key, or -1. */
  get(key: CallKey): number {
    return this.#slots[this.#find(key.hi, key.lo)]! - 1;
  }

  has(key: CallKey): boolean {
    return this.get(key) >= 0;
  }

  offset(entry: number): number {
    return this.#offsets[entry]!;
  }

  length(entry: number): number {
    return this.#lengths[entry]!;
  }

  /** The slot holding the key, or the empty slot where it would go. */
  #find(hi: number, lo: number): number {
    const mask = this.#slots.length - 1;
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & mask;
    while (this.#slots[slot] !== EMPTY && (this.#hi[slot] !== hi || this.#lo[slot] !== lo)) slot = (slot + 1) & mask;
    return slot;
  }

  #grow(): void {
    const [hi, lo, slots] = [this.#hi, this.#lo, this.#slots];
    this.#hi = new Uint32Array(slots.length * 2);
    this.#lo = new Uint32Array(slots.length * 2);
    this.#slots = new Int32Array(slots.length * 2);
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] === EMPTY) continue;
      const slot = this.#find(hi[i]!, lo[i]!);
      this.#hi[slot] = hi[i]!;
      this.#lo[slot] = lo[i]!;
      this.#slots[slot] = slots[i]!;
    }
  }

  #addEntry(offset: number, length: number): number {
    if (this.#entries === this.#offsets.length) {
      const offsets = new Float64Array(this.#entries * 2);
      offsets.set(this.#offsets);
      this.#offsets = offsets;
      const lengths = new Uint32Array(this.#entries * 2);
      lengths.set(this.#lengths);
      this.#lengths = lengths;
    }
    this.#offsets[this.#entries] = offset;
    this.#lengths[this.#entries] = length;
    return this.#entries++;
  }
}
