import { describe, expect, it } from 'vitest';
import { FLAG_RULES } from '../../../src-main/common/flags';
import { FLAG_RULE_LABELS, flagRuleLabel, formatScore, thresholdLabel } from '../../../src-main/common/format';
import { fmtScore } from '../../../src-main/core/report/charts';

describe('formatScore', () => {
  it("writes a score with its benchmark's unit: fractions and percents as percentages, points with pts", () => {
    expect(formatScore(0.979, 'fraction')).toBe('97.9%');
    expect(formatScore(97.9, 'percent')).toBe('97.9%');
    expect(formatScore(2420, 'points')).toBe('2,420 pts');
    expect(formatScore(7.45, 'points')).toBe('7.45 pts');
    expect(formatScore(76.6, 'percent')).toBe('76.6%');
  });

  it('writes a missing or non-finite value as a dash', () => {
    for (const v of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) expect(formatScore(v, 'fraction')).toBe('—');
  });

  it('is what the PDF report writes, so the app and the report agree (ClozeStory 0.979 is 97.9% in both)', () => {
    expect(fmtScore).toBe(formatScore);
  });
});

describe('labels for readers', () => {
  it('names every flag rule in words, never by its id', () => {
    for (const r of FLAG_RULES) {
      expect(FLAG_RULE_LABELS[r]).not.toContain('-');
      expect(flagRuleLabel(r)).toBe(FLAG_RULE_LABELS[r]);
    }
    expect(flagRuleLabel('aggregate-mismatch')).toBe('Aggregate mismatch');
  });

  it('says a threshold key in words ("zHigh" is not shown as such)', () => {
    expect(thresholdLabel('zHigh')).toBe('high severity from |z|');
    expect(thresholdLabel('someNewKey')).toBe('some new key');
  });
});
