import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatCents,
  parseAmountToCents,
  parseStatementFile,
  parseStatementLine,
} from '../../../lib/bank/parsers/index.ts';
import { fuzzParameters } from '../../support/fuzz.ts';

const bytes = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));
const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** SWIFT amount text of |cents|: `1234,56`. */
function swift(cents: bigint): string {
  const abs = cents < 0n ? -cents : cents;
  return `${abs / 100n},${String(abs % 100n).padStart(2, '0')}`;
}
const mark = (cents: bigint) => (cents < 0n ? 'D' : 'C');

/** A one-day statement of the given amounts; the closing balance is exact unless `closingOffset`. */
function statementText(opening: bigint, amounts: bigint[], closingOffset = 0n): string[] {
  const closing = amounts.reduce((sum, cents) => sum + cents, opening) + closingOffset;
  return [
    ':20:PROP',
    ':25:NL91ABNA0417164300',
    ':28C:1',
    `:60F:${mark(opening)}240101EUR${swift(opening)}`,
    ...amounts.flatMap((cents) => [`:61:2401020102${mark(cents)}${swift(cents)}NTRFNONREF`, ':86:/REMI/Y/']),
    `:62F:${mark(closing)}240102EUR${swift(closing)}`,
    '-',
  ];
}

/** Amounts up to 2^53 cents whose running sum goes far beyond it: big ones, each paid back later. */
const bigRoundTrips = fc
  .array(fc.bigInt({ min: MAX / 2n, max: MAX }), { minLength: 2, maxLength: 8 })
  .chain((big) =>
    fc
      .shuffledSubarray([...big, ...big.map((cents) => -cents)], {
        minLength: big.length * 2,
        maxLength: big.length * 2,
      })
      .map((shuffled) => {
        // Pay-ins first so the running sum passes 2^53; the pay-backs follow in random order.
        const ins = shuffled.filter((cents) => cents > 0n);
        const outs = shuffled.filter((cents) => cents < 0n);
        return [...ins, ...outs];
      }),
  );

describe('MT940 money is exact beyond 2^53', () => {
  it('balances are summed exactly: huge amounts add up, one cent off is a mismatch of one cent', () => {
    fc.assert(
      fc.property(bigRoundTrips, fc.bigInt({ min: -1_000_000n, max: 1_000_000n }), (amounts, opening) => {
        // Prepare
        const exact = statementText(opening, amounts).join('\r\n');
        const offByOne = statementText(opening, amounts, 1n).join('\r\n');
        // Act
        const good = parseStatementFile(bytes(exact)).statements[0];
        const bad = parseStatementFile(bytes(offByOne)).statements[0];
        // Assess
        expect(good?.entries.map((entry) => BigInt(entry.amountCents))).toEqual(amounts);
        expect(good?.balanceCheck).toBe('ok');
        expect(bad?.balanceCheck).toBe('mismatch');
        expect(bad?.errors.join(' ')).toContain('(difference 0.01)');
      }),
      fuzzParameters(150),
    );
  });

  it('parse(format(x)) == x for every safe amount, and formatting is exact for BigInt sums', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -MAX, max: MAX }),
        fc.bigInt({ min: -(MAX * 4n), max: MAX * 4n }),
        (x, sum) => {
          // Prepare / Act
          const text = formatCents(Number(x));
          const parsed = parseAmountToCents(text);
          // Assess
          expect(parsed).toEqual({ ok: true, cents: Number(x) === 0 ? 0 : Number(x) });
          expect(formatCents(x)).toBe(text);
          const abs = sum < 0n ? -sum : sum;
          expect(formatCents(sum)).toBe(
            `${sum < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`,
          );
        },
      ),
    );
  });

  it('an amount beyond 2^53 cents is refused with a reason, never rounded', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: MAX + 1n, max: MAX * 1000n }), (cents) => {
        // Prepare
        const lines = statementText(0n, [cents]);
        // Act
        const statement = parseStatementFile(bytes(lines.join('\n'))).statements[0];
        // Assess
        expect(statement?.entries).toEqual([]);
        expect(statement?.balanceCheck).toBe('incomplete');
        expect(statement?.errors).toContain(`line 5 :61: amount "${swift(cents)}": amount too large`);
      }),
      fuzzParameters(50),
    );
  });
});

describe('MT940 lines that cannot be read', () => {
  it('a statement with an unreadable line is never ok and names the line', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -10_000_000n, max: 10_000_000n }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.constantFrom('O', 'x', ' ', '?', '-'),
        (amounts, pick, garbage) => {
          // Prepare: break the amount of one :61: line; the balances still include it or not, either way
          const lines = statementText(0n, amounts);
          const broken = 4 + 2 * (pick % amounts.length); // index of a :61: line
          lines[broken] = (lines[broken] as string).replace(/(\d),/, `$1${garbage},`);
          // Act
          const statement = parseStatementFile(bytes(lines.join('\n'))).statements[0];
          // Assess
          expect(statement?.balanceCheck).toBe('incomplete');
          expect(statement?.entries).toHaveLength(amounts.length - 1);
          expect(statement?.unreadableLines?.map((line) => line.line)).toEqual([broken + 1]);
          expect(statement?.unreadableLines?.[0]?.text).toBe((lines[broken] as string).slice(0, 60));
          expect(statement?.errors[0]).toMatch(new RegExp(`^line ${broken + 1} :61: `));
        },
      ),
      fuzzParameters(200),
    );
  });

  it('Ctrl-Z, NUL, trailing spaces and CR/CRLF/LF line ends change nothing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -10_000_000n, max: 10_000_000n }), { maxLength: 10 }),
        fc.array(fc.constantFrom('\x1a', '\0', '   ', ''), { minLength: 30, maxLength: 30 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        (amounts, noise, lineEnd) => {
          // Prepare
          const lines = statementText(100n, amounts);
          const clean = parseStatementFile(bytes(lines.join('\n'))).statements;
          const noisy = lines.map((line, index) => {
            const extra = noise[index % noise.length] ?? '';
            return extra === '   ' ? `${line}${extra}` : `${extra}${line}`;
          });
          // Act
          const result = parseStatementFile(bytes(noisy.join(lineEnd)));
          // Assess
          expect(result.errors).toEqual([]);
          expect(result.statements.map((item) => [item.balanceCheck, item.errors])).toEqual([['ok', []]]);
          expect(result.statements[0]?.entries.map((entry) => entry.importId)).toEqual(
            clean[0]?.entries.map((entry) => entry.importId),
          );
        },
      ),
      fuzzParameters(150),
    );
  });
});

describe('MT940 :61: statement lines in every dialect', () => {
  it('read the exact signed amount, dates and references whatever optional parts the bank writes', () => {
    fc.assert(
      fc.property(
        fc.record({
          cents: fc.bigInt({ min: 0n, max: 99_999_999_999n }),
          mark: fc.constantFrom('C', 'D', 'RC', 'RD'),
          entryDate: fc.constantFrom('0105', '    ', ''),
          fundsCode: fc.constantFrom('', 'R'),
          decimalMark: fc.constantFrom(',', '.'),
          padding: fc.nat({ max: 6 }),
          typeCode: fc.constantFrom('NTRF', 'N541', 'NMSC', 'FMSC', 'NIT ', ''),
          reference: fc.constantFrom('NONREF', 'EREF', '170059286', ''),
          bankReference: fc.constantFrom('', '//REF123', '//2022070616391534000'),
        }),
        (line) => {
          // Prepare
          const whole = `${'0'.repeat(line.padding)}${line.cents / 100n}`;
          const fraction = String(line.cents % 100n).padStart(2, '0');
          const amount = `${whole}${line.decimalMark}${fraction}`;
          const typed = line.typeCode === '' ? '' : `${line.typeCode}${line.reference}`;
          const text = `240105${line.entryDate}${line.mark}${line.fundsCode}${amount}${typed}${line.bankReference}`;
          // Act
          const parsed = parseStatementLine([text]);
          // Assess
          const money = Number(line.cents);
          const sign = line.mark === 'D' || line.mark === 'RC' ? -1 : 1;
          expect(parsed).toMatchObject({
            ok: true,
            line: {
              amountCents: money === 0 ? 0 : sign * money,
              reversal: line.mark.startsWith('R'),
              valueDate: '2024-01-05',
              bookingDate: '2024-01-05',
              transactionType: line.typeCode.trim(),
            },
          });
          if (parsed.ok && line.bankReference)
            expect(parsed.line.bankReference).toBe(line.bankReference.slice(2));
        },
      ),
      fuzzParameters(500),
    );
  });
});
