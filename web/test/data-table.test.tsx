// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataTable } from '../src/components/data-table.tsx';
import { renderWith } from './harness.tsx';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const render = (children: ComponentChildren) => renderWith(children, () => undefined);

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
        label="Relaties"
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

  it('gives every cell its header for the phone cards, but none to a column with a hidden header', () => {
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
    render(<DataTable rows={ROWS} rowKey={(row) => row.id} label="Relaties" columns={columns} />);
    // Assess
    const firstRow = [...(document.querySelector('tbody tr')?.children ?? [])] as HTMLElement[];
    expect(firstRow.map((cell) => cell.dataset.label)).toEqual([undefined, 'Naam', 'Bedrag']);
    expect(document.querySelector('table')?.className).toBe('data-table data-table-cards');
    expect(screen.getAllByRole('cell')).toHaveLength(4);
  });

  it('scrolls in a named region, focusable and with a visible hint only when the table is wider than it', () => {
    // Prepare: a frame narrower than its table (happy-dom lays nothing out; the sizes are given)
    vi.spyOn(HTMLElement.prototype, 'scrollWidth', 'get').mockReturnValue(900);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(390);
    const columns = [{ header: 'Naam', cell: (row: Row) => row.name }];
    // Act
    render(
      <DataTable rows={ROWS} rowKey={(row) => row.id} label="Regels" layout="scroll" columns={columns} />,
    );
    // Assess
    const region = screen.getByRole('region', { name: 'Regels' });
    expect(region.getAttribute('tabindex')).toBe('0');
    const hint = document.getElementById(region.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toContain('Schuif de tabel opzij');
    expect(document.querySelector('table')?.className).toBe('data-table data-table-scroll');
  });

  it('is no Tab stop and shows no hint while the table fits', () => {
    // Prepare
    vi.spyOn(HTMLElement.prototype, 'scrollWidth', 'get').mockReturnValue(390);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(390);
    // Act
    render(
      <DataTable
        rows={ROWS}
        rowKey={(row) => row.id}
        label="Relaties"
        columns={[{ header: 'Naam', cell: (row: Row) => row.name }]}
      />,
    );
    // Assess
    const region = screen.getByRole('region', { name: 'Relaties' });
    expect(region.hasAttribute('tabindex')).toBe(false);
    expect(region.hasAttribute('aria-describedby')).toBe(false);
    expect(screen.queryByText(/Schuif de tabel opzij/)).toBeNull();
  });

  it('lets rows with state of their own render themselves under the headers, their cells labelled by position', () => {
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
        label="Relaties"
        headers={['Naam', 'Bedrag']}
        renderRow={(row) => <EditRow row={row} />}
      />,
    );
    // Assess
    expect(screen.getAllByRole('columnheader')).toHaveLength(2);
    expect(screen.getAllByRole('rowheader').map((th) => th.textContent)).toEqual(['Jansen', 'De Vries']);
    const cells = [...document.querySelectorAll('tbody tr > *')] as HTMLElement[];
    expect(cells.map((cell) => cell.dataset.label)).toEqual(['Naam', 'Bedrag', 'Naam', 'Bedrag']);
    expect(cells.map((cell) => cell.getAttribute('role'))).toEqual([
      'rowheader',
      'cell',
      'rowheader',
      'cell',
    ]);
  });
});
