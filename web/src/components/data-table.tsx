import { type ComponentChildren, Fragment, type VNode } from 'preact';
import type { Paged } from '../use-paged.ts';
import { PagedFooter } from './more-button.tsx';

/** One column of a table: its header and how a row fills its cell. */
export interface Column<T> {
  header: string;
  /** The header is for screen readers only (a column of checkboxes). */
  hiddenHeader?: boolean;
  cell: (row: T) => ComponentChildren;
  /** Amounts and counts: right-aligned. */
  number?: boolean;
  /** The cell names its row (`<th scope="row">`). */
  rowHeader?: boolean;
  /** Classes of the cell (e.g. `button-row`). */
  cellClass?: string;
}

interface TableRows<T> {
  rows: readonly T[];
  rowKey: (row: T) => string;
}

/** Cells from the columns, or (rows with state of their own, edited in place) rows that render themselves. */
export type DataTableProps<T> = TableRows<T> &
  (
    | { columns: readonly Column<T>[]; rowClass?: (row: T) => string | undefined }
    | { headers: readonly string[]; renderRow: (row: T) => VNode }
  );

function classes(...names: Array<string | false | undefined>): string | undefined {
  const joined = names.filter(Boolean).join(' ');
  return joined === '' ? undefined : joined;
}

/** The app's tables: scrollable on a narrow screen, one header row of column headers, a row per item. */
export function DataTable<T>(props: DataTableProps<T>) {
  const { rows, rowKey } = props;
  const heads: readonly Pick<Column<T>, 'header' | 'hiddenHeader' | 'number'>[] =
    'columns' in props ? props.columns : props.headers.map((header) => ({ header }));
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {heads.map((column) => (
              <th key={column.header} scope="col" class={column.number ? 'number' : undefined}>
                {column.hiddenHeader ? <span class="visually-hidden">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) =>
            'renderRow' in props ? (
              <Fragment key={rowKey(row)}>{props.renderRow(row)}</Fragment>
            ) : (
              <tr key={rowKey(row)} class={props.rowClass?.(row)}>
                {props.columns.map((column) => {
                  const cellClass = classes(column.number && 'number', column.cellClass);
                  return column.rowHeader ? (
                    <th key={column.header} scope="row" class={cellClass}>
                      {column.cell(row)}
                    </th>
                  ) : (
                    <td key={column.header} class={cellClass}>
                      {column.cell(row)}
                    </td>
                  );
                })}
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A paged list as a table (none while it is empty) with its loading state, errors and *Meer laden*. */
export function PagedTable<T>(props: {
  list: Paged<T>;
  emptyText: string;
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
}) {
  const { list, emptyText, columns, rowKey } = props;
  return (
    <>
      {list.items.length > 0 ? <DataTable rows={list.items} rowKey={rowKey} columns={columns} /> : null}
      <PagedFooter list={list} emptyText={emptyText} />
    </>
  );
}
