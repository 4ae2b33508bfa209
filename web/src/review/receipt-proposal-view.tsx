import type { ReceiptProposal } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { DateText, Money } from '../components/formatted.tsx';

/** What local OCR read on a Bonnetje photo, beside the booking it prefilled, for the person to check. */
export function ReceiptProposalView({ proposal }: { proposal: ReceiptProposal }) {
  const { m } = useApp();
  return (
    <section aria-labelledby="receipt-proposal-title" class="receipt-proposal">
      <h2 id="receipt-proposal-title">{m.review.receiptProposal}</h2>
      <p>{m.review.receiptProposalHelp}</p>
      <ReceiptFacts proposal={proposal} />
    </section>
  );
}

/** The facts local OCR read on a receipt: supplier, date, total, VAT and how sure it is. */
export function ReceiptFacts({ proposal }: { proposal: ReceiptProposal }) {
  const { m } = useApp();
  return (
    <dl class="facts">
      <div>
        <dt>{m.receipt.supplier}</dt>
        <dd>{proposal.supplier ?? '–'}</dd>
      </div>
      <div>
        <dt>{m.receipt.date}</dt>
        <dd>
          <DateText iso={proposal.date} />
        </dd>
      </div>
      <div>
        <dt>{m.receipt.total}</dt>
        <dd>
          <Money cents={proposal.totalCents} />
        </dd>
      </div>
      <div>
        <dt>{m.receipt.vat}</dt>
        <dd>
          <Money cents={proposal.vatCents} />
        </dd>
      </div>
      <div>
        <dt>{m.receipt.confidence}</dt>
        <dd>{Number.isFinite(proposal.confidence) ? `${Math.round(proposal.confidence * 100)}%` : '–'}</dd>
      </div>
    </dl>
  );
}
