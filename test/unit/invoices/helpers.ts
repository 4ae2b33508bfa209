import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, constants as zlibConstants } from 'node:zlib';
import type { JournalEntryBook, NormalizedEvent } from '../../../events/index.ts';
import type { InvoiceFileInput, KnownParty } from '../../../lib/invoices/index.ts';
import { corpusPath } from '../../support/corpus.ts';

export const ublDir = corpusPath('ubl');
export const testsetDir = corpusPath('ubl-testsets');

export function readCorpus(dir: string, file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(dir, file)));
}

export function entryOf(events: NormalizedEvent[]): JournalEntryBook | undefined {
  const event = events.find((e) => e.type === 'journal-entry.book');
  return event?.type === 'journal-entry.book' ? event.data : undefined;
}

export const utf8 = (text: string) => new TextEncoder().encode(text);

/** A small valid CII (Factur-X EN 16931) invoice. */
export const CII = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument><ram:ID>FX-2026-17</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">20260115</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>Advies</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>100.00</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="HUR">2</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>21</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>200.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:BuyerReference>PO-1</ram:BuyerReference>
      <ram:SellerTradeParty><ram:Name>Frans Advies SARL</ram:Name>
        <ram:PostalTradeAddress><ram:PostcodeCode>75001</ram:PostcodeCode><ram:LineOne>Rue 1</ram:LineOne><ram:CityName>Paris</ram:CityName><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR12345678901</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Koper BV</ram:Name><ram:PostalTradeAddress><ram:CountryID>NL</ram:CountryID></ram:PostalTradeAddress></ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:PaymentReference>RF18539007547034</ram:PaymentReference>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode><ram:PayeePartyCreditorFinancialAccount><ram:IBANID>FR7630006000011234567890189</ram:IBANID></ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:ApplicableTradeTax><ram:CalculatedAmount>42.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>200.00</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>21</ram:RateApplicablePercent></ram:ApplicableTradeTax>
      <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">20260214</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>200.00</ram:LineTotalAmount><ram:TaxBasisTotalAmount>200.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">42.00</ram:TaxTotalAmount><ram:GrandTotalAmount>242.00</ram:GrandTotalAmount><ram:DuePayableAmount>242.00</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>`;

/**
 * A minimal but valid PDF writer for tests: one page with text lines and optional embedded files
 * (EmbeddedFiles name tree), with a correct cross-reference table.
 */
export function buildPdf(options: {
  lines?: string[];
  files?: { name: string; content: Uint8Array; mimeType?: string }[];
  /** An already encoded page content stream and its /Filter value, instead of `lines`. */
  content?: { data: Uint8Array; filter: string };
}): Uint8Array {
  const lines = options.lines ?? [];
  const files = options.files ?? [];
  const objects: (string | Uint8Array)[] = [];
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)');
  const stream = `BT /F1 10 Tf 12 TL 40 800 Td ${lines.map((l) => `(${esc(l)}) Tj T*`).join(' ')} ET`;
  // 1 catalog, 2 pages, 3 page, 4 font, 5 content, then per file: filespec + embedded file stream.
  const fileRefs = files.map((_, i) => 6 + i * 2);
  const names = files.map((f, i) => `(${esc(f.name)}) ${fileRefs[i]} 0 R`).join(' ');
  objects.push(
    `<< /Type /Catalog /Pages 2 0 R${files.length ? ` /Names << /EmbeddedFiles << /Names [${names}] >> >>` : ''} >>`,
  );
  objects.push('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  objects.push(
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
  );
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  objects.push(
    options.content
      ? Buffer.concat([
          Buffer.from(
            `<< /Length ${options.content.data.byteLength} /Filter ${options.content.filter} >>\nstream\n`,
            'latin1',
          ),
          options.content.data,
          Buffer.from('\nendstream', 'latin1'),
        ])
      : `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
  );
  files.forEach((f, i) => {
    const streamRef = 7 + i * 2;
    objects.push(
      `<< /Type /Filespec /F (${esc(f.name)}) /UF (${esc(f.name)}) /EF << /F ${streamRef} 0 R >> >>`,
    );
    const head = `<< /Type /EmbeddedFile /Subtype /${(f.mimeType ?? 'application/xml').replace('/', '#2F')} /Length ${f.content.byteLength} >>\nstream\n`;
    objects.push(
      Buffer.concat([
        Buffer.from(head, 'latin1'),
        Buffer.from(f.content),
        Buffer.from('\nendstream', 'latin1'),
      ]),
    );
  });
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = chunks[0]?.byteLength ?? 0;
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : Buffer.from(body),
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    chunks.push(chunk);
    length += chunk.byteLength;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n`,
    '0000000000 65535 f \n',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ].join('');
  chunks.push(
    Buffer.from(
      `${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`,
      'latin1',
    ),
  );
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * A zlib stream of `megabytes` MB of zeros without deflating them all: one raw deflate block set for 1 MB,
 * cut with a full flush so copies can be concatenated, then an empty final block and the Adler-32.
 */
export function zerosZlib(megabytes: number): Buffer {
  const chunk = deflateRawSync(Buffer.alloc(1024 * 1024), {
    level: 9,
    finishFlush: zlibConstants.Z_FULL_FLUSH,
  });
  const length = megabytes * 1024 * 1024;
  // Adler-32 of zeros: a stays 1, b adds 1 per byte.
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((length % 65521) << 16) | 1) >>> 0);
  return Buffer.concat([
    Buffer.from([0x78, 0xda]),
    ...Array(megabytes).fill(chunk),
    Buffer.from([0x03, 0x00]),
    adler,
  ]);
}

/** A purchase invoice file for administration DEMO of tenant acme, as the mailbox hands it over. */
export const purchaseInput = (bytes: Uint8Array, filename: string): InvoiceFileInput => ({
  bytes,
  filename,
  direction: 'purchase',
  administration: 'DEMO',
  tenant: 'acme',
});

/** The supplier of the SI-UBL 2.0 base example, as the CASH mirror knows it. */
export const SIMPLER_INVOICING_SUPPLIER: KnownParty = {
  relationNumber: '4711',
  name: 'SimplerInvoicing',
  vatId: 'NL111111111B01',
  ibans: ['NL91ABNA0417164300'],
};
