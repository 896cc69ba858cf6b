/**
 * ordering: within one report of one benchmark, a model passes harder subtasks but fails easier ones.
 */
import type { Severity } from '../../../common/flags';
import { baseEvidence, type FlagDraft, type RuleContext } from '../context';
import { fmt, groupBy, round, type Derived } from '../derive';

/** Flagged at z ≥ 3 with a reversal ≥ 0.1 of the headroom; high at z ≥ 5 with a reversal ≥ 0.2. */
export const ORDERING = { z: 3, reversal: 0.1, zHigh: 5, reversalHigh: 0.2, easierBy: 0.05 } as const;

/**
 * How easy each subtask is for this model: the capability model's expected headroom when available, else the mean
 * normalized score of every model on that subtask (other models' results decide which subtask is easier).
 */
function easiness(ctx: RuleContext, d: Derived, meanH: Map<number, number>): number | null {
  const s = ctx.surprise(d, 1, 3);
  if (s) return s.hExpected;
  return meanH.get(d.subtask!.id) ?? null;
}

/**
 * Reports are grouped by model, benchmark, setting and source. For each pair of subtasks where one is clearly easier
 * (expected headroom higher by ≥ 0.05) but scored lower by ≥ 0.1 of the headroom, with z = (reversal − rounding) /
 * √(se_e² + se_h²) ≥ 3 on the headroom scale, the pair is a violation. Each violation is blamed on the side that is
 * itself surprising in the wrong direction (capability z ≥ 3; a swap makes both sides wrong), else on the more
 * surprising side (the easy side when there is no expectation), and one flag is
 * raised per blamed subtask, listing its violations. Severity high when the strongest has z ≥ 5 and a reversal ≥ 0.2.
 */
export function checkOrdering(ctx: RuleContext): FlagDraft[] {
  const out: FlagDraft[] = [];
  const subRows = ctx.snap.derived.filter((d) => d.subtask !== null && ctx.comparable(d));
  const meanH = new Map<number, number>();
  for (const [sid, list] of groupBy(subRows, (d) => String(d.subtask!.id))) meanH.set(Number(sid), list.reduce((s, d) => s + d.h, 0) / list.length);
  const reports = groupBy(subRows, (d) => `${d.r.modelId}|${d.r.benchmarkId}|${d.r.settingKey}|${d.r.source}`);
  for (const list of reports.values()) {
    if (list.length < 2) continue;
    const blamed = new Map<Derived, { partner: Derived; z: number; reversal: number }[]>();
    for (const easy of list) {
      for (const hard of list) {
        if (easy === hard) continue;
        const ee = easiness(ctx, easy, meanH);
        const eh = easiness(ctx, hard, meanH);
        if (ee === null || eh === null || ee - eh < ORDERING.easierBy) continue;
        const reversal = hard.h - easy.h;
        if (reversal < ORDERING.reversal) continue;
        const seE = easy.se / Math.abs(easy.span);
        const seH = hard.se / Math.abs(hard.span);
        const z = (reversal - easy.half / Math.abs(easy.span) - hard.half / Math.abs(hard.span)) / Math.sqrt(seE * seE + seH * seH);
        if (z < ORDERING.z) continue;
        const sE = ctx.surprise(easy);
        const sH = ctx.surprise(hard);
        // Blame every side that is itself surprising in the wrong direction (a swap makes both wrong); failing
        // that, the more surprising side; without a capability expectation, the easy side.
        const downE = sE ? -sE.z : 0;
        const upH = sH ? sH.z : 0;
        const who: [Derived, Derived][] = [];
        if (downE >= ORDERING.z) who.push([easy, hard]);
        if (upH >= ORDERING.z) who.push([hard, easy]);
        if (who.length === 0) who.push(upH > downE ? [hard, easy] : [easy, hard]);
        for (const [w, partner] of who) {
          const list2 = blamed.get(w) ?? [];
          list2.push({ partner, z, reversal });
          blamed.set(w, list2);
        }
      }
    }
    for (const [who, violations] of blamed) {
      const strongest = violations.reduce((a, b) => (b.z > a.z ? b : a));
      const severity: Severity = strongest.z >= ORDERING.zHigh && strongest.reversal >= ORDERING.reversalHigh ? 'high' : 'medium';
      const unit = who.bench.unit;
      const p = strongest.partner;
      const whoIsEasy = (easiness(ctx, who, meanH) ?? 0) > (easiness(ctx, p, meanH) ?? 0);
      const partners = [...new Set(violations.map((v) => v.partner))];
      const expected = ctx.surprise(who, 1, 3)?.expected ?? null;
      out.push({
        rule: 'ordering',
        severity,
        modelId: who.r.modelId,
        benchmarkId: who.r.benchmarkId,
        subtaskId: who.subtask!.id,
        resultIds: [who.r.id, ...partners.map((x) => x.r.id)],
        subjectResultIds: [who.r.id],
        message: whoIsEasy
          ? `${who.model.name} scores ${fmt(who.r.score, unit)} on the easier ${who.bench.name} subtask "${who.subtask!.name}" but ${fmt(p.r.score, unit)} on the harder "${p.subtask!.name}" in the same report` +
            `${partners.length > 1 ? ` (and ${partners.length - 1} more harder subtask${partners.length > 2 ? 's' : ''} scored higher)` : ''}.`
          : `${who.model.name} scores ${fmt(who.r.score, unit)} on the harder ${who.bench.name} subtask "${who.subtask!.name}", above its ${fmt(p.r.score, unit)} on the easier "${p.subtask!.name}" in the same report` +
            `${partners.length > 1 ? ` (and ${partners.length - 1} more easier subtask${partners.length > 2 ? 's' : ''})` : ''}.`,
        evidence: {
          ...baseEvidence(who),
          values: [ctx.snap.value(who, expected), ...partners.map((x) => ctx.snap.value(x, ctx.surprise(x, 1, 3)?.expected ?? null))],
          z: round(strongest.z, 2),
          difference: round(strongest.reversal, 4),
          thresholds: { ...ORDERING },
          details: {
            blamed: who.subtask!.name,
            difficultyFrom: ctx.surprise(who, 1, 3) ? 'capability model' : "other models' mean scores",
            violations: violations.map((v) => ({ partner: v.partner.subtask!.name, reversal: round(v.reversal, 4), z: round(v.z, 2) })),
          },
        },
        identity: `ordering|${who.r.modelId}|${who.r.benchmarkId}|${who.r.settingKey}|${who.r.source}|${who.subtask!.id}`,
      });
    }
  }
  return out;
}
