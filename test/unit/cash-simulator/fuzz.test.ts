import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDemoAdministration,
  exportRecords,
  flattenImport,
  formatDecimalComma,
  processImport,
} from '../../../lib/cash/simulator/index.ts';
import { fuzzParameters } from '../../support/fuzz.ts';
import { type Started, startSimulator } from './helpers.ts';

/** Values shaped like what a buggy or hostile client might send: real rubrieken with odd values, or garbage. */
const rubriek = fc.constantFrom(
  'F0101',
  'F201',
  'F0201',
  'F0302',
  'F0303',
  'F0307',
  'F0309',
  'F0901',
  'F0911',
  'F9999',
);
const value = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('8000', '1300', 'VRK', 'MEM', '260410', '260230', '1,00', '-1,00', '100001', '', '999999'),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
);
const record = fc.dictionary(rubriek, value, { maxKeys: 8 });
const element = fc.oneof(
  fc.dictionary(
    fc.constantFrom('R301', 'R0301', 'R101', 'R2260', 'R2400', 'R2410', 'R440', 'X1'),
    fc.array(record, { maxLength: 3 }),
  ),
  fc.anything(),
);
const cash = fc.array(element, { maxLength: 8 });

describe('CASH simulator with arbitrary input', () => {
  const state = createDemoAdministration();

  it('processImport either applies or returns errors, never throws, never touches the given state', () => {
    const before = structuredClone(state);
    fc.assert(
      fc.property(cash, (content) => {
        // Act
        const flat = flattenImport(content);
        const outcome = processImport(state, flat.records, {
          notation: 'decimal-comma',
          vatFromCode: true,
          now: 0,
          transaction: 'fuzz',
        });
        // Assess
        if (!outcome.ok) {
          expect(outcome.errors.length).toBeGreaterThan(0);
          for (const error of outcome.errors) expect(typeof error.message).toBe('string');
        }
      }),
      fuzzParameters(300),
    );
    expect(state).toEqual(before);
  });

  it('books any balanced boekstuk exactly and reports the exact difference of an unbalanced one', () => {
    const amounts = fc.array(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), {
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(amounts, fc.bigInt({ min: -500n, max: 500n }), (lines, skew) => {
        // Prepare: lines on 4200 plus one balancing line on 1900, then skew the balancing line.
        const balance = -lines.reduce((sum, cents) => sum + cents, 0n);
        const all = [...lines, balance + skew];
        const content = all.map((cents, i) => ({
          R301: [
            {
              F0901: 'MEM',
              F0302: '260415',
              F0303: '50',
              F0201: i === lines.length ? '1900' : '4200',
              F0307: formatDecimalComma(cents),
            },
          ],
        }));
        // Act
        const outcome = processImport(state, flattenImport(content).records, {
          notation: 'decimal-comma',
          vatFromCode: false,
          now: 0,
          transaction: 'prop',
        });
        // Assess
        if (skew === 0n) {
          expect(outcome.ok).toBe(true);
          const exported = outcome.ok ? exportRecords(outcome.state, '0301T', ['2604', '2604'], 0).R0301 : [];
          expect(exported?.map((row) => row.F0307)).toEqual(all.map((cents) => formatDecimalComma(cents)));
        } else {
          expect(outcome.ok ? [] : outcome.errors.map((e) => e.message)).toEqual([
            `Boekstuk 50 in dagboek MEM is niet in balans (verschil ${formatDecimalComma(skew)})`,
          ]);
        }
      }),
      fuzzParameters(200),
    );
  });

  describe('over HTTP', () => {
    let s: Started;
    beforeAll(async () => {
      s = await startSimulator({ rateLimitPerMinute: 0 });
    });
    afterAll(async () => {
      await s.sim.stop();
    });

    it('never answers 5xx to any import body', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.anything(),
            fc.record({ admin: fc.constant('DEMO'), format: fc.constant(0), content: fc.record({ cash }) }),
          ),
          async (body) => {
            // Act
            const response = await s.post('/import', JSON.stringify(body) ?? 'undefined');
            // Assess
            expect([200, 400, 403]).toContain(response.status);
            await response.arrayBuffer();
          },
        ),
        fuzzParameters(60),
      );
    });
  });
});
