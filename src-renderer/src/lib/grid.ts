/**
 * Tabulator, set up once for every grid in the app: the full build (editing, selection, remote paging), its CSS,
 * and a cell formatter that puts a validation message inside the cell it concerns with a red outline, so the
 * message sits next to the value instead of only in a toast.
 */
import { TabulatorFull } from 'tabulator-tables';
import type { CellComponent, ColumnDefinition, Formatter } from 'tabulator-tables';
import 'tabulator-tables/dist/css/tabulator_simple.min.css';
import { SOURCE_KINDS } from '../../../src-main/common/domain';
import { cellText, formatNumber } from './fields';

export { TabulatorFull as Tabulator };
export type { CellComponent, ColumnDefinition, RowComponent } from 'tabulator-tables';

/** Looks up the message for one cell; undefined when the cell is fine. */
export type IssueLookup = (row: Record<string, unknown>, field: string) => string | undefined;

/**
 * A formatter that shows the value (via `show`) and, when `issue` names a problem, the message under it, and
 * marks the cell invalid. The message is a DOM text node, never HTML, because it may echo pasted text.
 */
export function withIssues(issue: IssueLookup, show: (v: unknown) => string = cellText): Formatter {
  return (cell: CellComponent) => {
    const field = cell.getField();
    const msg = issue(cell.getRow().getData() as Record<string, unknown>, field);
    const el = cell.getElement();
    el.classList.toggle('cell-invalid', msg !== undefined);
    el.title = msg ?? '';
    const wrap = document.createElement('div');
    wrap.className = 'cell-content';
    const val = document.createElement('span');
    val.className = 'cell-value';
    val.textContent = show(cell.getValue());
    wrap.append(val);
    if (msg !== undefined) {
      const m = document.createElement('span');
      m.className = 'cell-message';
      m.setAttribute('role', 'alert');
      m.textContent = msg;
      wrap.append(m);
    }
    return wrap;
  };
}

/** Display of a stored value: numbers without float noise, booleans as yes/no. */
export function showValue(v: unknown): string {
  if (typeof v === 'number') return formatNumber(v);
  return cellText(v);
}

/** Editor options shared by grids: plain text inputs (so bad text can be caught and explained, not swallowed). */
export const textEditor: ColumnDefinition['editor'] = 'input';

export const cotEditor: Pick<ColumnDefinition, 'editor' | 'editorParams'> = {
  editor: 'list',
  editorParams: { values: { '': '—', yes: 'yes', no: 'no' } },
};

export const sourceKindEditor: Pick<ColumnDefinition, 'editor' | 'editorParams'> = {
  editor: 'list',
  editorParams: { values: ['', ...SOURCE_KINDS] },
};
