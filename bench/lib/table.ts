/** Alignment of a table column. */
export type Align = 'left' | 'right';

/** One column of a plain-text table. */
export interface Column {
  readonly header: string;
  /** @default 'left' */
  readonly align?: Align;
}

/**
 * Format rows as an aligned plain-text table: a header, a rule, then one line
 * per row. Cells are strings already (format numbers with `formatNumber`).
 *
 * @example
 * console.log(formatTable([{ header: 'case' }, { header: 'msgs/s', align: 'right' }], [['ping-pong', '912,000']]));
 */
export const formatTable = (columns: ReadonlyArray<Column>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (text: string, i: number): string =>
    columns[i].align === 'right' ? text.padStart(widths[i]) : text.padEnd(widths[i]);
  const line = (cells: ReadonlyArray<string>): string => columns.map((_, i) => cell(cells[i] ?? '', i)).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
};

/**
 * A number for a table: thousands separators, `digits` significant digits at
 * most for small values (never in exponent notation).
 *
 * @example
 * formatNumber(912345.6); // '912,346'
 * formatNumber(3.14159);  // '3.14'
 */
export const formatNumber = (value: number, digits = 3): string => {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 10 ** digits || abs === 0) return Math.round(value).toLocaleString('en-US');
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
};
