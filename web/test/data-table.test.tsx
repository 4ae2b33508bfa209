// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { DataTable } from '../src/components/data-table.tsx';

afterEach(cleanup);

interface Row {
  id: string;
  name: string;
  cents: number;
}

const ROWS: Row[] = [
  { id: 'a', name: 'Jansen', cents: 1200 },
  { id: 'b', name: 'De Vries', cents: -50 },
];

describe('DataTable', () => {
  it('renders column headers, a row header per row, amounts right-aligned and a hidden header', () => {
    // Prepare
    const columns = [
      {
        header: 'Kies',
        hiddenHeader: true,
        cell: (row: Row) => <input type="checkbox" aria-label={row.id} />,
      },
      { header: 'Naam', rowHeader: true, cell: (row: Row) => row.name },
      { header: 'Bedrag', number: true, cell: (row: Row) => String(row.cents) },
    ];
    // Act
    render(
      <DataTable
        rows={ROWS}
        rowKey={(row) => row.id}
        rowClass={(row) => (row.cents < 0 ? 'row-warn' : undefined)}
        columns={columns}
      />,
    );
    // Assess
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Kies',
      'Naam',
      'Bedrag',
    ]);
    expect(document.querySelector('thead .visually-hidden')?.textContent).toBe('Kies');
    expect(screen.getAllByRole('rowheader').map((th) => th.textContent)).toEqual(['Jansen', 'De Vries']);
    expect([...document.querySelectorAll('tbody td.number')].map((td) => td.textContent)).toEqual([
      '1200',
      '-50',
    ]);
    expect(document.querySelectorAll('tbody tr.row-warn')).toHaveLength(1);
  });

  it('lets rows with state of their own render themselves under the headers', () => {
    // Prepare
    function EditRow({ row }: { row: Row }) {
      const [name] = useState(row.name);
      return (
        <tr>
          <th scope="row">{name}</th>
          <td>{row.cents}</td>
        </tr>
      );
    }
    // Act
    render(
      <DataTable
        rows={ROWS}
        rowKey={(row) => row.id}
        headers={['Naam', 'Bedrag']}
        renderRow={(row) => <EditRow row={row} />}
      />,
    );
    // Assess
    expect(screen.getAllByRole('columnheader')).toHaveLength(2);
    expect(screen.getAllByRole('rowheader').map((th) => th.textContent)).toEqual(['Jansen', 'De Vries']);
  });
});
