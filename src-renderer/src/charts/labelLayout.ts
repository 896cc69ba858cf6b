/**
 * Direct labels in one column (the gutter right of a line chart, as Our World in Data's grapher places them): each
 * label as near its line's last value as it can be without touching another.
 */

/**
 * Positions for labels in one column: each as close to its wanted position as the others allow, no two closer than
 * `gap`, all within [lo, hi] (any unit, increasing upwards or downwards alike).
 *
 * The classic one-dimensional dodge: labels sorted by wanted position form blocks of labels `gap` apart; a block
 * sits where the mean of its labels' wanted positions puts it (the least-squares position for a rigid block), moved
 * inside [lo, hi]; two blocks that would overlap merge into one, until none do. O(n²) at worst, n is tens.
 *
 * When more labels are asked for than `(hi − lo) / gap + 1` can hold, the lowest in `priority` (a smaller number =
 * kept first; default: the order given) are left out: their entry is null. Non-finite wanted positions are null too.
 */
export function dodgeLabels(wanted: readonly number[], gap: number, lo: number, hi: number, priority?: readonly number[]): (number | null)[] {
  const out: (number | null)[] = wanted.map(() => null);
  if (!(gap > 0) || !(hi >= lo)) return out;
  const capacity = Math.floor((hi - lo) / gap + 1e-9) + 1;
  const candidates = wanted.map((w, i) => i).filter((i) => Number.isFinite(wanted[i]));
  const kept = [...candidates].sort((a, b) => (priority?.[a] ?? a) - (priority?.[b] ?? b)).slice(0, capacity);
  kept.sort((a, b) => (wanted[a] ?? 0) - (wanted[b] ?? 0) || a - b);

  interface Block { members: number[]; sum: number; start: number }
  const place = (b: Block) => {
    const size = (b.members.length - 1) * gap;
    const ideal = b.sum / b.members.length - size / 2;
    b.start = Math.min(Math.max(ideal, lo), hi - size);
  };
  const blocks: Block[] = [];
  for (const i of kept) {
    const b: Block = { members: [i], sum: wanted[i] ?? 0, start: 0 };
    place(b);
    blocks.push(b);
    // Merge with the block below while they overlap.
    for (;;) {
      const top = blocks[blocks.length - 1];
      const below = blocks[blocks.length - 2];
      if (!top || !below || below.start + (below.members.length - 1) * gap + gap <= top.start + 1e-9) break;
      blocks.pop();
      below.members.push(...top.members);
      below.sum += top.sum;
      place(below);
    }
  }
  for (const b of blocks) b.members.forEach((i, k) => (out[i] = b.start + k * gap));
  return out;
}
