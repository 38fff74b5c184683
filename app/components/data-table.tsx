import type { ReactNode } from "react";

/** One column of a `DataTable`: its heading and how a row fills its cell. */
export interface Column<Row> {
  header: ReactNode;
  cell: (row: Row, index: number) => ReactNode;
  /** Class of the column's cells (`numeric`, `mono` …). */
  className?: string;
  /** Class of the column's heading. */
  headerClassName?: string;
}

/**
 * The app's list table: a scrollable `table-wrap` (focusable, like every table wrapper, so a
 * keyboard can scroll a table wider than its column) with one heading row, and, when `empty`
 * is given and there are no rows, the `empty` paragraph in its place. Rows are keyed by
 * their `id` unless `rowKey` says otherwise. A column may be
 * `false` to leave it out; a column written for a narrower row (`Column<{ name: string }>`) fits any row that has those fields.
 */
type RowKey<Row> = (row: Row, index: number) => string | number;

export function DataTable<Row>({
  rows,
  rowKey = (row) => (row as { id: string }).id,
  columns,
  empty,
  className,
}: {
  rows: readonly Row[];
  columns: readonly (Column<NoInfer<Row>> | false)[];
  empty?: ReactNode;
  className?: string;
} & (Row extends { id: string } ? { rowKey?: RowKey<Row> } : { rowKey: RowKey<Row> })) {
  if (empty !== undefined && rows.length === 0) return <p className="empty">{empty}</p>;
  const shown = columns.filter((c): c is Column<Row> => Boolean(c));
  // On a phone each row reads as a card, every cell under its column's heading (CSS, ADR 017).
  return (
    <div className="table-wrap table-wrap--cards" tabIndex={0}>
      <table className={className}>
        <thead>
          <tr>
            {shown.map((c, i) => (
              <th key={i} scope="col" className={c.headerClassName}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={rowKey(row, r)}>
              {shown.map((c, i) => (
                <td key={i} className={c.className} data-label={typeof c.header === "string" ? c.header : undefined}>
                  {c.cell(row, r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
