import { describe, expect, it } from 'vitest';
import { MirrorPartyDirectory, type RelationSource } from '../../../../lib/invoices/index.ts';
import type { MirrorRelation } from '../../../../lib/mirror/index.ts';

const RELATIONS: MirrorRelation[] = [
  { relationNumber: '200001', name: 'Technigro Groothandel B.V.', vatId: 'NL801234567B01', kvk: '30012345' },
  { relationNumber: '200002', name: 'Energiebedrijf Noord B.V.', iban: 'NL91ABNA0417164300' },
  { relationNumber: '200003', name: 'Drukkerij De Letter' },
];

function source(relations: MirrorRelation[], failFirst = false) {
  const calls: string[] = [];
  let failures = failFirst ? 1 : 0;
  const mirror: RelationSource = {
    async read(administration) {
      calls.push(administration);
      if (failures-- > 0) throw new Error('mirror unavailable');
      return relations;
    },
  };
  return { mirror, calls };
}

describe('MirrorPartyDirectory', () => {
  it.each([
    [{ vatId: 'nl 8012.34567.B01' }, '200001', 'vatId'],
    [{ kvk: '30012345' }, '200001', 'kvk'],
    [{ iban: 'nl91 abna 0417 1643 00' }, '200002', 'iban'],
    [{ name: 'DRUKKERIJ DE LETTER BV' }, '200003', 'name'],
    [{ vatId: 'NL000000000B01', name: 'Energiebedrijf Noord' }, '200002', 'name'],
  ])('finds %j as relation %s (on %s)', async (query, relationNumber, matchedOn) => {
    // Prepare
    const directory = new MirrorPartyDirectory(source(RELATIONS).mirror, 'DEMO');
    // Act
    const match = await directory.find(query);
    // Assess
    expect(match).toMatchObject({ relationNumber, matchedOn });
  });

  it('finds nothing for an unknown party', async () => {
    const directory = new MirrorPartyDirectory(source(RELATIONS).mirror, 'DEMO');
    expect(await directory.find({ vatId: 'DE123456789', name: 'Unbekannt GmbH' })).toBeNull();
  });

  it('reads the mirror once per directory, for its own administration', async () => {
    // Prepare
    const { mirror, calls } = source(RELATIONS);
    const directory = new MirrorPartyDirectory(mirror, 'EXBV');
    // Act
    await Promise.all([directory.find({ kvk: '30012345' }), directory.find({ name: 'x' })]);
    await directory.find({ iban: 'NL91ABNA0417164300' });
    // Assess
    expect(calls).toEqual(['EXBV']);
  });

  it('does not keep a failed read: the next lookup reads again', async () => {
    // Prepare
    const { mirror, calls } = source(RELATIONS, true);
    const directory = new MirrorPartyDirectory(mirror, 'DEMO');
    // Act
    const first = directory.find({ kvk: '30012345' });
    // Assess
    await expect(first).rejects.toThrow('mirror unavailable');
    expect(await directory.find({ kvk: '30012345' })).toMatchObject({ relationNumber: '200001' });
    expect(calls).toHaveLength(2);
  });

  it('skips mirror rows without a relation number', async () => {
    const rows = [{ name: 'Zonder Nummer' } as MirrorRelation, ...RELATIONS];
    const directory = new MirrorPartyDirectory(source(rows).mirror, 'DEMO');
    expect(await directory.find({ name: 'Zonder Nummer' })).toBeNull();
  });
});
