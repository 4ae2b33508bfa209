import type { NormalizedEvent } from '../../events/index.ts';
import type { MirrorKind } from './mirror-types.ts';

/** A code an event names in another CASH list, where it names it, and the rubriek it goes into. */
export interface MirrorReference {
  kind: Extract<MirrorKind, 'ledgerAccounts' | 'journals' | 'costCentres' | 'relations' | 'articles'>;
  /** As the mirror keys it: codes uppercased, relation numbers without leading zeros. */
  key: string;
  value: string;
  path: string;
  rubriek: string;
}

/** The mirror key of a code of this kind (CASH uppercases S-rubrieken and exports relation numbers padded). */
export function mirrorKey(kind: MirrorReference['kind'], value: string): string {
  return kind === 'relations' ? String(Number(value)) : value.trim().toUpperCase();
}

function ref(
  kind: MirrorReference['kind'],
  value: string | undefined,
  path: string,
  rubriek: string,
): MirrorReference[] {
  return value === undefined ? [] : [{ kind, key: mirrorKey(kind, value), value, path, rubriek }];
}

/**
 * Every code in the event that CASH looks up in one of its lists and refuses when it has no such entry
 * (the writer passes them through as given): dagboek, grootboekrekening, kostenplaats, relatienummer,
 * artikelcode. BTW-codes are not here: no CASH export lists them, so the mirror cannot know them.
 */
export function mirrorReferences(event: NormalizedEvent): MirrorReference[] {
  switch (event.type) {
    case 'journal-entry.book':
      return [
        ...ref('journals', event.data.journal, 'data.journal', '0901'),
        ...event.data.lines.flatMap((line, i) => [
          ...ref('ledgerAccounts', line.ledgerAccount, `data.lines.${i}.ledgerAccount`, '0201'),
          ...ref('costCentres', line.costCentre, `data.lines.${i}.costCentre`, '0911'),
          ...ref('relations', line.relationNumber, `data.lines.${i}.relationNumber`, '0101'),
        ]),
      ];
    case 'relation.upsert':
      return ref('ledgerAccounts', event.data.defaultLedgerAccount, 'data.defaultLedgerAccount', '0174');
    case 'article.upsert':
      return ref('relations', event.data.supplierNumber, 'data.supplierNumber', '2230');
    case 'sales-order.create':
      return [
        ...ref('relations', event.data.customer.relationNumber, 'data.customer.relationNumber', '2220'),
        ...event.data.lines.flatMap((line, i) =>
          ref('articles', line.articleCode, `data.lines.${i}.articleCode`, '2260'),
        ),
      ];
  }
}

/** What an event brings into CASH itself, so later events of the same request may name it before the mirror knows it. */
export function mirrorEntriesCreated(event: NormalizedEvent): Array<Pick<MirrorReference, 'kind' | 'key'>> {
  if (event.type === 'relation.upsert' && event.data.relationNumber)
    return [{ kind: 'relations', key: mirrorKey('relations', event.data.relationNumber) }];
  if (event.type === 'article.upsert')
    return [{ kind: 'articles', key: mirrorKey('articles', event.data.code) }];
  return [];
}
