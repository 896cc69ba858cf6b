/** The data behind a chart as a table (the "Show data" view and the CSV download). */
export interface ChartTable {
  columns: string[];
  rows: (string | number | null)[][];
}

/** An entry of a legend the page draws (Chart.svelte): a series of the option, by name, and its colour. */
export interface ChartLegendItem {
  name: string;
  color: string;
}
