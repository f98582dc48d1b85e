/**
 * A case-insensitive multi-keyword prefilter (Aho–Corasick, 1975) for the secret scanners.
 *
 * The provider patterns run on every keystroke over the raw text of every file, so the common
 * case, a file with no candidate at all, must cost one linear pass: the automaton reads each
 * UTF-16 code unit once (a table lookup per unit, no backtracking) and reports where each
 * keyword first occurs. Only the patterns whose keywords occur then run their regular
 * expressions. This is the same design as gitleaks' keyword prefilter.
 */
export class KeywordScanner {
  private readonly table: Uint16Array | Int32Array;
  /** Maps a code unit to its symbol (0 = not in any keyword); ASCII letters fold to lower case. */
  private readonly symbol = new Uint8Array(65536);
  /** For each state offset (state × width), the keyword indexes that end there. */
  private readonly outputs = new Map<number, number[]>();
  /** State offsets at or above this have outputs. */
  private readonly threshold: number;

  /** @param keywords non-empty strings; matched case-insensitively for ASCII letters. */
  constructor(readonly keywords: readonly string[]) {
    const lower = keywords.map((k) => k.toLowerCase());
    let next = 1;
    for (const k of lower) {
      for (let i = 0; i < k.length; i++) {
        const c = k.charCodeAt(i);
        if (!this.symbol[c]) this.symbol[c] = next++;
      }
    }
    if (next > 255) throw new Error('too many distinct keyword characters');
    for (let c = 65; c <= 90; c++) this.symbol[c] = this.symbol[c + 32]!;
    const width = next;
    // Trie.
    const go: Int32Array[] = [new Int32Array(width).fill(-1)];
    const out: number[][] = [[]];
    lower.forEach((k, index) => {
      let s = 0;
      for (let i = 0; i < k.length; i++) {
        const a = this.symbol[k.charCodeAt(i)]!;
        if (go[s]![a]! < 0) {
          go[s]![a] = go.length;
          go.push(new Int32Array(width).fill(-1));
          out.push([]);
        }
        s = go[s]![a]!;
      }
      out[s]!.push(index);
    });
    // Failure links, breadth first, folded into a full transition table.
    const fail = new Int32Array(go.length);
    const queue: number[] = [];
    for (let a = 0; a < width; a++) {
      const s = go[0]![a]!;
      if (s < 0) go[0]![a] = 0;
      else {
        fail[s] = 0;
        queue.push(s);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const r = queue[qi]!;
      for (let a = 0; a < width; a++) {
        const s = go[r]![a]!;
        if (s < 0) {
          go[r]![a] = go[fail[r]!]![a]!;
          continue;
        }
        queue.push(s);
        fail[s] = go[fail[r]!]![a]!;
        out[s] = out[s]!.concat(out[fail[s]!]!);
      }
    }
    // Renumber states so that every state with an output comes last: the scan loop then tells
    // an output state by comparing its offset with `threshold`, with no extra memory load.
    const states = go.length;
    const order = [...Array(states).keys()].sort((a, b) => (out[a]!.length > 0 ? 1 : 0) - (out[b]!.length > 0 ? 1 : 0) || a - b);
    const newId = new Int32Array(states);
    order.forEach((old, i) => (newId[old] = i));
    if (newId[0] !== 0) throw new Error('the root state has an output');
    const size = states * width;
    this.table = size < 65536 ? new Uint16Array(size) : new Int32Array(size);
    let firstOutput = states;
    for (let s = 0; s < states; s++) {
      const id = newId[s]!;
      for (let a = 0; a < width; a++) this.table[id * width + a] = newId[go[s]![a]!]! * width;
      if (out[s]!.length) {
        firstOutput = Math.min(firstOutput, id);
        this.outputs.set(id * width, out[s]!);
      }
    }
    this.threshold = firstOutput * width;
  }

  /**
   * Scans `text` once. Returns, for each keyword index that occurs, the UTF-16 offset of its
   * first occurrence (start of the keyword). Cost: one table lookup per code unit.
   */
  firstOccurrences(text: string): Map<number, number> {
    const found = new Map<number, number>();
    const table = this.table;
    const hits = table instanceof Uint16Array ? scan16(text, table, this.symbol, this.threshold) : scan32(text, table, this.symbol, this.threshold);
    for (let h = 0; h < hits.length; h += 2) {
      const end = hits[h]!;
      for (const k of this.outputs.get(hits[h + 1]!)!) {
        if (!found.has(k)) found.set(k, end + 1 - this.keywords[k]!.length);
      }
    }
    return found;
  }
}

// The hot loops, one per table type so each stays monomorphic for the JIT. They return
// (offset, state) pairs of output hits; a state is recorded once, since only first
// occurrences matter.
function scan16(text: string, table: Uint16Array, symbol: Uint8Array, threshold: number): number[] {
  const hits: number[] = [];
  const seen = new Set<number>();
  let s = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    s = table[s + symbol[text.charCodeAt(i)]!]!;
    if (s >= threshold && !seen.has(s)) {
      seen.add(s);
      hits.push(i, s);
    }
  }
  return hits;
}

function scan32(text: string, table: Int32Array, symbol: Uint8Array, threshold: number): number[] {
  const hits: number[] = [];
  const seen = new Set<number>();
  let s = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    s = table[s + symbol[text.charCodeAt(i)]!]!;
    if (s >= threshold && !seen.has(s)) {
      seen.add(s);
      hits.push(i, s);
    }
  }
  return hits;
}
