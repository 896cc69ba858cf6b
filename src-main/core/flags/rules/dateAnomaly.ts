/**
 * date-anomaly: a result evaluated before its model or its benchmark was released, or in the future.
 */
import type { Severity } from '../../../common/flags';
import { singleResultDraft, type FlagDraft, type RuleContext } from '../context';

/** Whole days from a to b (b − a), both YYYY-MM-DD. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * Before the model's release: more than 30 days is high (medium for the lab's own report, which may be dated by an
 * internal run), up to 30 days low (embargoed early access happens). Before the benchmark's release: more than
 * 90 days medium, else low (benchmark authors evaluate models before publishing). After today: medium.
 */
export function checkDates(ctx: RuleContext): FlagDraft[] {
  const out: FlagDraft[] = [];
  for (const d of ctx.snap.derived) {
    const on = d.r.evaluatedOn;
    if (!on) continue;
    const where = `${d.model.name} on ${d.bench.name}${d.subtask ? ` / ${d.subtask.name}` : ''}`;
    const push = (kind: string, severity: Severity, message: string, details: Record<string, unknown>, extra: string) =>
      out.push(singleResultDraft('date-anomaly', d, severity, message, kind, { values: [], details: { kind, evaluatedOn: on, ...details } }, extra));
    const release = d.model.releaseDate;
    if (release && on < release) {
      const days = daysBetween(on, release);
      const severity: Severity = days > 30 ? (d.r.sourceKind === 'lab-reported' ? 'medium' : 'high') : 'low';
      push('before-model-release', severity, `${where} is dated ${on}, ${days} days before the model's release on ${release}.`, { modelRelease: release, days }, release);
    }
    const bRelease = d.bench.releaseDate;
    if (bRelease && on < bRelease) {
      const days = daysBetween(on, bRelease);
      push('before-benchmark-release', days > 90 ? 'medium' : 'low', `${where} is dated ${on}, ${days} days before the benchmark's release on ${bRelease}.`, { benchmarkRelease: bRelease, days }, bRelease);
    }
    if (on > ctx.snap.inputs.today) {
      push('in-the-future', 'medium', `${where} is dated ${on}, after today (${ctx.snap.inputs.today}).`, { today: ctx.snap.inputs.today }, '');
    }
  }
  return out;
}
