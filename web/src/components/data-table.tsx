// biome-ignore-all lint/a11y/noRedundantRoles: the cards' CSS makes the table's parts blocks, and some browsers (Safari) then drop the table semantics the roles keep
import { type ComponentChildren, Fragment, type VNode } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Paged } from '../use-paged.ts';
import { PagedFooter } from './more-button.tsx';
import { TableWrap } from './table-wrap.tsx';

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
  /** Names the table for screen readers (its scroll region on a screen too narrow for it). */
  label: string;
  /** A visible title of the table (`<caption>`). */
  caption?: string;
  /**
   * `cards` (the default): on a narrow screen every row is a card, each cell under its header's text.
   * `scroll`: the table stays a table and scrolls sideways in its own frame (columns that only make sense
   * side by side, or as many as the data has).
   */
  layout?: 'cards' | 'scroll';
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

/**
 * Rows that render themselves cannot be handed their headers, so their cells get them (`data-label`, shown
 * on the cards) and their roles by position once rendered.
 */
function useRenderedRowCells(
  body: { current: HTMLTableSectionElement | null },
  headers: readonly string[] | undefined,
) {
  useLayoutEffect(() => {
    if (!headers || !body.current) return;
    for (const row of Array.from(body.current.children)) {
      row.setAttribute('role', 'row');
      for (const [index, cell] of Array.from(row.children).entries()) {
        cell.setAttribute('role', cell.tagName === 'TH' ? 'rowheader' : 'cell');
        const header = headers[index];
        if (header !== undefined) cell.setAttribute('data-label', header);
      }
    }
  });
}

/**
 * The app's tables: one header row of column headers, a row per item; on a narrow screen (below 48rem) a
 * card per row unless `layout` is `scroll`. The explicit roles keep the table's semantics for screen readers
 * when the cards' CSS makes its parts blocks (some browsers drop them then).
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { rows, rowKey, label } = props;
  const body = useRef<HTMLTableSectionElement>(null);
  const heads: readonly Pick<Column<T>, 'header' | 'hiddenHeader' | 'number'>[] =
    'columns' in props ? props.columns : props.headers.map((header) => ({ header }));
  useRenderedRowCells(body, 'headers' in props ? props.headers : undefined);
  const layout = props.layout ?? 'cards';
  return (
    <TableWrap label={label}>
      <table class={`data-table data-table-${layout}`} role="table">
        {props.caption ? <caption>{props.caption}</caption> : null}
        <thead role="rowgroup">
          <tr role="row">
            {heads.map((column) => (
              <th
                key={column.header}
                scope="col"
                role="columnheader"
                class={column.number ? 'number' : undefined}
              >
                {column.hiddenHeader ? <span class="visually-hidden">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup" ref={body}>
          {rows.map((row) =>
            'renderRow' in props ? (
              <Fragment key={rowKey(row)}>{props.renderRow(row)}</Fragment>
            ) : (
              <tr key={rowKey(row)} role="row" class={props.rowClass?.(row)}>
                {props.columns.map((column) => {
                  const cellClass = classes(column.number && 'number', column.cellClass);
                  // A column whose header is for screen readers only shows no header on its cards either.
                  const dataLabel = column.hiddenHeader ? undefined : column.header;
                  return column.rowHeader ? (
                    <th
                      key={column.header}
                      scope="row"
                      role="rowheader"
                      class={cellClass}
                      data-label={dataLabel}
                    >
                      {column.cell(row)}
                    </th>
                  ) : (
                    <td key={column.header} role="cell" class={cellClass} data-label={dataLabel}>
                      {column.cell(row)}
                    </td>
                  );
                })}
              </tr>
            ),
          )}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** A paged list as a table (none while it is empty) with its loading state, errors and *Meer laden*. */
export function PagedTable<T>(props: {
  list: Paged<T>;
  emptyText: string;
  label: string;
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
}) {
  const { list, emptyText, label, columns, rowKey } = props;
  return (
    <>
      {list.items.length > 0 ? (
        <DataTable rows={list.items} rowKey={rowKey} label={label} columns={columns} />
      ) : null}
      <PagedFooter list={list} emptyText={emptyText} />
    </>
  );
}
