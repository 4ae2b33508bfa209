import { useApp } from '../app-context.ts';
import { type Column, DataTable } from './data-table.tsx';
import { DateText, Money } from './formatted.tsx';

const MONEY_FIELD = /Cents$/;

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function label(key: string): string {
  return key
    .replace(/Cents$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** The record's own ISO 4217 `currency`, else the one of the record it is part of (amounts in that currency). */
function currencyOf(data: Record<string, unknown>, inherited: string | undefined): string | undefined {
  const own = data.currency;
  return typeof own === 'string' && /^[A-Z]{3}$/.test(own) ? own : inherited;
}

function ScalarValue({
  name,
  value,
  currency,
}: {
  name: string;
  value: string | number | boolean;
  currency: string | undefined;
}) {
  if (typeof value === 'number' && MONEY_FIELD.test(name)) return <Money cents={value} currency={currency} />;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return <DateText iso={value} />;
  return <>{String(value)}</>;
}

/**
 * An array of records (an invoice's lines) as a table of their scalar fields: as many columns as the data
 * has, so on a phone it scrolls sideways in its own frame instead of becoming cards.
 */
function RecordTable({
  name,
  rows,
  currency,
}: {
  name: string;
  rows: Array<Record<string, unknown>>;
  currency: string | undefined;
}) {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row).filter((k) => isScalar(row[k]))))];
  const columns: Column<{ index: number; row: Record<string, unknown> }>[] = keys.map((key) => ({
    header: label(key),
    cell: ({ row }) => {
      const value = row[key];
      return isScalar(value) ? (
        <ScalarValue name={key} value={value} currency={currencyOf(row, currency)} />
      ) : (
        ''
      );
    },
  }));
  return (
    <DataTable
      rows={rows.map((row, index) => ({ index, row }))}
      rowKey={({ index }) => String(index)}
      label={label(name)}
      caption={label(name)}
      layout="scroll"
      columns={columns}
    />
  );
}

/**
 * A record's scalar fields as a definition list (money from `…Cents` in the nearest `currency` the record or
 * the one it is part of names, else euros; dates formatted) and its arrays as tables.
 */
export function RecordView({
  data,
  currency: inherited,
}: {
  data: Record<string, unknown>;
  currency?: string | undefined;
}) {
  const currency = currencyOf(data, inherited);
  const entries = Object.entries(data);
  const scalars = entries.filter(([, value]) => isScalar(value)) as Array<
    [string, string | number | boolean]
  >;
  const objects = entries.filter(
    ([, value]) => typeof value === 'object' && value !== null && !Array.isArray(value),
  );
  const tables = entries.filter(
    ([, value]) =>
      Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'object' && v !== null),
  ) as Array<[string, Array<Record<string, unknown>>]>;
  const lists = entries.filter(([, value]) => Array.isArray(value) && value.every(isScalar)) as Array<
    [string, unknown[]]
  >;
  return (
    <div class="record">
      {scalars.length > 0 || lists.length > 0 ? (
        <dl>
          {scalars.map(([name, value]) => (
            <div key={name}>
              <dt>{label(name)}</dt>
              <dd>
                <ScalarValue name={name} value={value} currency={currency} />
              </dd>
            </div>
          ))}
          {lists.map(([name, value]) => (
            <div key={name}>
              <dt>{label(name)}</dt>
              <dd>{value.map(String).join(', ') || '–'}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {objects.map(([name, value]) => (
        <section key={name} class="record-part">
          <h3>{label(name)}</h3>
          <RecordView data={value as Record<string, unknown>} currency={currency} />
        </section>
      ))}
      {tables.map(([name, rows]) => (
        <RecordTable key={name} name={name} rows={rows} currency={currency} />
      ))}
    </div>
  );
}

/** The invoice as the API read it (UBL or recognised PDF): supplier, numbers, dates, totals and lines. */
export function InvoiceData({ result }: { result: Record<string, unknown> | undefined }) {
  const { m } = useApp();
  const invoice = (result?.invoice ?? result) as Record<string, unknown> | undefined;
  if (!invoice || Object.keys(invoice).length === 0) return null;
  return (
    <section class="invoice-data" aria-label={m.review.invoiceView}>
      <h2>{m.review.invoiceView}</h2>
      <RecordView data={invoice} />
    </section>
  );
}
