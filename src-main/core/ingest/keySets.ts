/** Typed-array sets an ImportWriter keeps per import: parent ids to check at its end, and the keys it wrote while the natural key index is dropped. */
import type { ResolvedResult } from '../db/repositories/results';
import { stmt } from '../db/statements';
import type { Db } from '../db/open';
/** Ids as bits of a growable typed array (ids are rowids: small, dense), for sets noted once per written row. */
class IdBits {
  private bits = new Uint32Array(1024);
  private readonly big = new Set<number>();
  add(id: number): void {
    const w = id >>> 5;
    if (id < 0 || id >= 2 ** 28 || !Number.isInteger(id)) {
      this.big.add(id);
      return;
    }
    if (w >= this.bits.length) {
      const grown = new Uint32Array(Math.max(w + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[w] = this.bits[w]! | (1 << (id & 31));
  }
  ids(): number[] {
    const out = [...this.big];
    for (let w = 0; w < this.bits.length; w++) {
      const b = this.bits[w]!;
      if (b === 0) continue;
      for (let i = 0; i < 32; i++) if (b & (1 << i)) out.push(w * 32 + i);
    }
    return out;
  }
}

/**
 * The parent ids of the rows an ImportWriter wrote while foreign keys were off: SQLite looked each row's four
 * parents up on insert (a share of a bare insert: bench/import.ts; docs/formats.md, "Import speed"); instead each
 * distinct id is looked up once at flush, which
 * refuses exactly the rows a foreign-key check would have refused (none, as every id comes from name resolution in
 * the same transaction; this is the guarantee that it stays so).
 */
export class ParentIds {
  private readonly models = new IdBits();
  private readonly benchmarks = new IdBits();
  private readonly subtasks = new IdBits();
  private readonly imports = new IdBits();
  // Rows come in runs of one benchmark (and import): skip the bit when the id repeats the previous row's.
  private lastBenchmark = -1;
  private lastImport = -1;

  note(r: ResolvedResult): void {
    this.models.add(r.modelId);
    if (r.benchmarkId !== this.lastBenchmark) {
      this.lastBenchmark = r.benchmarkId;
      this.benchmarks.add(r.benchmarkId);
    }
    if (r.subtaskId !== null) this.subtasks.add(r.subtaskId);
    if (r.importId !== null && r.importId !== this.lastImport) {
      this.lastImport = r.importId;
      this.imports.add(r.importId);
    }
  }

  /** Throws, naming the table and id, when a row refers to a parent that does not exist. */
  verify(db: Db): void {
    for (const [table, set] of [['models', this.models], ['benchmarks', this.benchmarks], ['subtasks', this.subtasks], ['imports', this.imports]] as const) {
      const ids = set.ids();
      if (ids.length === 0) continue;
      const missing = stmt(db, `SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM ${table}) LIMIT 1`).get(JSON.stringify(ids)) as
        | { value: number }
        | undefined;
      if (missing) throw new Error(`FOREIGN KEY constraint failed: a result refers to ${table} id ${missing.value}, which does not exist`);
    }
  }
}

/** A well-mixed 32-bit hash of a packed key (every bit of it matters once the table outgrows 2^16 slots). */
function slot(hi: number, lo: number): number {
  let h = Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The natural keys a big import has written while the natural key index is away: model, benchmark and subtask ids
 * packed into two 32-bit words with the setting key + source numbered per import, in an open-addressing hash table
 * of typed arrays, 16 MB at a million keys (a JavaScript Set of the same numbers cost several times as much: figures
 * in docs/formats.md, "Import speed"). `add` answers false (key seen, or too big to pack) and the writer then builds
 * the index.
 */
export class KeySet {
  private hi = new Uint32Array(1 << 16);
  private lo = new Uint32Array(1 << 16);
  private size = 0;
  /** Setting key + source → its number (at most 2^14 of them). */
  private readonly groups = new Map<string, number>();
  private lastSetting: string | null = null;
  private lastSource: string | null = null;
  private lastGroup = 0;

  add(modelId: number, benchmarkId: number, subtaskId: number, setting: string, source: string): boolean {
    // Rows come in runs of one setting and source: compare with the last before building a map key.
    let g = this.lastGroup;
    if (setting !== this.lastSetting || source !== this.lastSource) {
      const group = `${setting}\u0000${source}`;
      const known = this.groups.get(group);
      if (known === undefined) {
        if (this.groups.size >= 1 << 14) return false;
        g = this.groups.size;
        this.groups.set(group, g);
      } else g = known;
      this.lastSetting = setting;
      this.lastSource = source;
      this.lastGroup = g;
    }
    if (modelId >= 1 << 16 || benchmarkId >= 1 << 16 || subtaskId >= 1 << 18 || modelId < 1) return false;
    // hi is never 0 (model ids start at 1), so 0 marks an empty slot.
    const hi = (modelId * 65536 + benchmarkId) >>> 0;
    const lo = (subtaskId * 16384 + g) >>> 0;
    if (this.size * 2 >= this.hi.length) this.grow();
    const mask = this.hi.length - 1;
    let i = slot(hi, lo) & mask;
    for (;;) {
      const h = this.hi[i]!;
      if (h === 0) break;
      if (h === hi && this.lo[i] === lo) return false;
      i = (i + 1) & mask;
    }
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.size++;
    return true;
  }

  private grow(): void {
    const [oldHi, oldLo] = [this.hi, this.lo];
    this.hi = new Uint32Array(oldHi.length * 2);
    this.lo = new Uint32Array(oldLo.length * 2);
    const mask = this.hi.length - 1;
    for (let j = 0; j < oldHi.length; j++) {
      const hi = oldHi[j]!;
      if (hi === 0) continue;
      const lo = oldLo[j]!;
      let i = slot(hi, lo) & mask;
      while (this.hi[i] !== 0) i = (i + 1) & mask;
      this.hi[i] = hi;
      this.lo[i] = lo;
    }
  }
}

