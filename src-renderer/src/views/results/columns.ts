/**
 * The columns of the Results view's two grids: the stored results (key cells read-only, values edited in place,
 * sortable on the server) and the rows pasted or added but not saved yet (every cell editable).
 */
import type { ResultsQuery } from '../../../../src-main/common/schemas';
import { lists } from '../../lib/app.svelte';
import { FIELD_LABELS, type ResultValueField } from '../../lib/fields';
import { cotEditor, showValue, sourceKindEditor, withIssues, type ColumnDefinition, type IssueLookup } from '../../lib/grid';

export type SortField = NonNullable<ResultsQuery['sort']>['field'];

/** Columns the server sorts by (results/query). */
export const SORTABLE: ReadonlySet<string> = new Set<SortField>(['model', 'benchmark', 'subtask', 'score', 'stderr', 'n', 'source', 'evaluatedOn']);

const RIGHT_ALIGNED: ReadonlySet<ResultValueField> = new Set<ResultValueField>(['score', 'stderr', 'n', 'shots', 'passK', 'testTimeCompute']);

/** The value columns, each edited as text (so bad text can be explained) with its message in the cell. */
export function valueColumns(issue: IssueLookup, sortable: boolean): ColumnDefinition[] {
  const f = (field: ResultValueField, width: number, extra: Partial<ColumnDefinition> = {}): ColumnDefinition => ({
    title: FIELD_LABELS[field],
    field,
    width,
    editor: 'input',
    headerSort: sortable && SORTABLE.has(field),
    formatter: withIssues(issue, showValue),
    hozAlign: RIGHT_ALIGNED.has(field) ? 'right' : 'left',
    ...extra,
  });
  return [
    f('score', 96),
    f('stderr', 92),
    f('n', 70),
    f('shots', 66),
    f('cot', 66, cotEditor),
    f('passK', 70),
    f('testTimeCompute', 80),
    f('effort', 76),
    f('source', 180),
    f('sourceKind', 118, sourceKindEditor),
    f('evaluatedOn', 104),
    f('notes', 160),
  ];
}

/** A key column: read-only and sortable in the stored grid; in the draft grid a list of known names that takes any text. */
export function keyColumn(field: 'model' | 'benchmark' | 'subtask', width: number, editable: boolean, issue: IssueLookup): ColumnDefinition {
  const values = field === 'model' ? lists.models.map((m) => m.name) : field === 'benchmark' ? lists.benchmarks.map((b) => b.name) : [];
  return {
    title: FIELD_LABELS[field],
    field,
    width,
    frozen: field === 'model',
    headerSort: !editable,
    formatter: withIssues(issue, showValue),
    cssClass: editable ? '' : 'key-cell',
    ...(editable
      ? values.length
        ? { editor: 'list' as const, editorParams: { values, autocomplete: true, freetext: true, allowEmpty: true, listOnEmpty: true } }
        : { editor: 'input' as const }
      : {}),
  };
}
