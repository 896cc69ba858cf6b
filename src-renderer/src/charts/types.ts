/** The data behind a chart as a table (the "Show data" view and the CSV download). */
export interface ChartTable {
  columns: string[];
  rows: (string | number | null)[][];
}
