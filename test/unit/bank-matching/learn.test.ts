import { describe, expect, it } from 'vitest';
import {
  acceptSuggestedRule,
  emptyMemory,
  learn,
  learnAll,
  type MatchCorrection,
  Matcher,
  makeDutchIban,
} from '../../../lib/bank/matching/index.ts';
import { entry, IBAN_MOLLIE, IBAN_UNKNOWN, ledger } from './fixtures.ts';

describe('Function: learn', () => {
  it.each([
    ['a PSP by name', { counterpartyIban: IBAN_MOLLIE, counterpartyName: 'Stichting Mollie Payments' }],
    [
      'a PSP bank code',
      { counterpartyIban: makeDutchIban('ADYB', '0123456789'), counterpartyName: 'Webshop X' },
    ],
    ['a factoring house', { counterpartyIban: IBAN_UNKNOWN, counterpartyName: 'Factris Netherlands B.V.' }],
    ['a collection agency', { counterpartyIban: IBAN_UNKNOWN, counterpartyName: 'Intrum Nederland B.V.' }],
  ])('never learns %s as one relation', (_label, fields) => {
    // Prepare
    const correction: MatchCorrection = { importId: 'c1', entry: entry(fields), relationNumber: '100001' };
    // Act
    const { memory, learned } = learn(emptyMemory(), correction);
    // Assess
    expect(memory.ibans).toEqual(new Map());
    expect(memory.names).toEqual(new Map());
    expect(learned.map((fact) => fact.kind)).toEqual(['iban-refused']);
  });

  it('never learns a tenant-configured shared IBAN', () => {
    const memory = { ...emptyMemory(), denyList: { ibans: [IBAN_UNKNOWN], bankCodes: [], namePatterns: [] } };
    const { memory: after } = learn(memory, {
      importId: 'c',
      entry: entry({ counterpartyIban: IBAN_UNKNOWN }),
      relationNumber: '100001',
    });
    expect(after.ibans).toEqual(new Map());
  });

  it('changes the next decision for a similar line', () => {
    // Prepare: an unknown account paying without reference is only a weak proposal.
    const line = () =>
      entry({ counterpartyIban: IBAN_UNKNOWN, counterpartyName: 'Pietersen Advies', amountCents: 30250 });
    const before = new Matcher(ledger()).match(line());
    // Act
    const { memory, learned } = learn(emptyMemory(), {
      importId: before.importId,
      entry: line(),
      relationNumber: '100001',
    });
    const after = new Matcher(ledger(), memory).match(line());
    // Assess
    expect(before.decision).not.toBe('auto');
    expect(learned.map((fact) => fact.detail)).toContain(`IBAN ${IBAN_UNKNOWN} → relation 100001 (1×)`);
    expect(after).toMatchObject({
      decision: 'auto',
      relationNumber: '100001',
      matches: [{ invoiceNumber: '2026-0043' }],
    });
  });

  it('is pure: the given memory is not changed', () => {
    const memory = emptyMemory();
    learn(memory, {
      importId: 'c',
      entry: entry({ counterpartyIban: IBAN_UNKNOWN }),
      relationNumber: '100001',
    });
    expect(memory).toEqual(emptyMemory());
  });

  it('drafts a suggested rule from a ledger correction and lets it act after a second confirmation', () => {
    // Prepare
    const costs = () =>
      entry({ counterpartyName: 'ING Bank N.V.', amountCents: -1250, remittance: 'Kosten zakelijk pakket' });
    const correction = (): MatchCorrection => ({ importId: 'c', entry: costs(), ledgerAccount: '4900' });
    // Act
    const once = learn(emptyMemory(), correction());
    const twice = learn(once.memory, correction());
    const afterOnce = new Matcher(ledger(), once.memory).match(costs());
    const afterTwice = new Matcher(ledger(), twice.memory).match(costs());
    // Assess
    expect(once.memory.rules).toHaveLength(1);
    expect(once.memory.rules[0]).toMatchObject({
      origin: 'suggested',
      confirmations: 1,
      action: { ledgerAccount: '4900' },
    });
    expect(once.learned[0]?.kind).toBe('rule-suggested');
    expect(afterOnce).toMatchObject({ decision: 'proposal', ledgerAccount: '4900' });
    expect(twice.learned[0]?.kind).toBe('rule-confirmed');
    expect(afterTwice).toMatchObject({ decision: 'auto', ledgerAccount: '4900' });
  });

  it('keeps recurring lines from one payee apart by their text (Belastingdienst)', () => {
    // Prepare
    const tax = (remittance: string) =>
      entry({
        counterpartyIban: 'NL86INGB0002445588',
        counterpartyName: 'BELASTINGDIENST',
        amountCents: -100000,
        remittance,
      });
    const { memory } = learnAll(emptyMemory(), [
      { importId: 'a', entry: tax('Omzetbelasting 1e kwartaal'), ledgerAccount: '1510' },
      { importId: 'b', entry: tax('Loonheffingen maart'), ledgerAccount: '1520' },
    ]);
    // Act
    const vat = new Matcher([], memory).match(tax('Omzetbelasting 2e kwartaal'));
    // Assess
    expect(memory.rules).toHaveLength(2);
    expect(vat).toMatchObject({ ledgerAccount: '1510' });
  });

  it('accepting a suggested rule makes it act at once', () => {
    const costs = entry({ counterpartyName: 'ING Bank N.V.', amountCents: -1250, remittance: 'Kosten' });
    const { memory } = learn(emptyMemory(), { importId: 'c', entry: costs, ledgerAccount: '4900' });
    const accepted = acceptSuggestedRule(memory, memory.rules[0]?.id ?? '');
    expect(new Matcher([], accepted).match(costs).decision).toBe('auto');
  });

  it('treats an IBAN confirmed for two relations as shared and stops booking on it alone', () => {
    // Prepare
    const line = () => entry({ counterpartyIban: IBAN_UNKNOWN, amountCents: 30250 });
    const { memory, learned } = learnAll(emptyMemory(), [
      { importId: 'a', entry: line(), relationNumber: '100001' },
      { importId: 'b', entry: line(), relationNumber: '100002' },
    ]);
    // Act
    const decision = new Matcher(ledger(), memory).match(line());
    // Assess
    expect(learned.some((fact) => fact.kind === 'iban-shared')).toBe(true);
    expect(decision.decision).not.toBe('auto');
  });

  it('suggests a relation rule when a counterparty without IBAN repeats', () => {
    const cash = () => entry({ counterpartyName: 'Kapsalon Yilmaz', amountCents: 4840 });
    const { memory, learned } = learnAll(emptyMemory(), [
      { importId: 'a', entry: cash(), relationNumber: '100001' },
      { importId: 'b', entry: cash(), relationNumber: '100001' },
    ]);
    expect(memory.rules[0]).toMatchObject({
      origin: 'suggested',
      action: { relationNumber: '100001' },
      conditions: { nameContains: 'kapsalon yilmaz' },
    });
    expect(learned.some((fact) => fact.kind === 'rule-suggested')).toBe(true);
  });
});
