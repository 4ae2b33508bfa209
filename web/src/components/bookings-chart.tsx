import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import type { Counts } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { formatDate } from '../format/index.ts';
import { DataTable } from './data-table.tsx';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

type Day = { date: string } & Counts;

const SERIES: Array<{ key: keyof Counts; color: string }> = [
  { key: 'booked', color: '#1a7f37' },
  { key: 'review', color: '#9a6700' },
  { key: 'rejected', color: '#cf222e' },
  { key: 'failed', color: '#6e40c9' },
];

/** Bookings per day as a stacked bar chart (chart.js on a canvas), with the same numbers as a table. */
export function BookingsChart({ days }: { days: Day[] }) {
  const { m, locale } = useApp();
  const canvas = useRef<HTMLCanvasElement>(null);
  const labels: Record<keyof Counts, string> = {
    booked: m.overview.booked,
    review: m.overview.reviewCount,
    rejected: m.overview.rejected,
    failed: m.overview.failed,
  };
  useEffect(() => {
    const element = canvas.current;
    // Without a 2D context (an old browser, a test DOM) the table below still tells the numbers.
    if (!element?.getContext('2d')) return;
    const chart = new Chart(element, {
      type: 'bar',
      data: {
        labels: days.map((day) => formatDate(day.date, locale)),
        datasets: SERIES.map((series) => ({
          label: labels[series.key],
          data: days.map((day) => day[series.key]),
          backgroundColor: series.color,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    return () => chart.destroy();
  }, [days, locale, m]);
  return (
    <figure class="chart">
      <figcaption>{m.overview.chart}</figcaption>
      <div class="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={m.overview.chart} />
      </div>
      <details>
        <summary>{m.overview.chartTable}</summary>
        <DataTable
          rows={days}
          rowKey={(day) => day.date}
          label={m.overview.chartTable}
          columns={[
            { header: m.overview.date, rowHeader: true, cell: (day) => formatDate(day.date, locale) },
            ...SERIES.map((series) => ({
              header: labels[series.key],
              number: true,
              cell: (day: Day) => day[series.key],
            })),
          ]}
        />
      </details>
    </figure>
  );
}
