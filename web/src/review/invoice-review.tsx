import { useState } from 'preact/hooks';
import { type InvoiceBooking, type ReviewDetail, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { BookingEditor } from '../components/booking-editor.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { InvoiceData } from '../components/invoice-data.tsx';
import { SuccessNotice } from '../components/notice.tsx';
import { OriginalView } from '../components/original-view.tsx';
import { interpolate } from '../i18n/index.ts';
import { bookingFromReceipt } from './receipt-booking.ts';
import { ReceiptProposalView } from './receipt-proposal-view.tsx';

/**
 * An invoice to review: the original (PDF / the UBL's data / the receipt photo) beside the editable booking;
 * *Boeken*. A Bonnetje photo's OCR proposal is shown and prefills the booking the person confirms.
 */
export function InvoiceReview({ detail }: { detail: ReviewDetail }) {
  const { api, m, can } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState(false);
  const original = detail.original ?? detail.document.original;
  // Neither the invoice flow nor a receipt's OCR proposed a booking: the API's starting point, drafted from
  // what was read of the file.
  const start = detail.proposal == null && !detail.receiptProposal ? detail.startingPoint : undefined;
  const book = (booking: InvoiceBooking, learn: boolean) => {
    setBusy(true);
    setError(undefined);
    api.post(`/v1/app/review/${seg(detail.item.id)}/book`, { booking, learn }).then(
      () => {
        setBusy(false);
        setDone(true);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };
  return (
    <div class="split">
      <section class="split-original" aria-labelledby="original-title">
        <h2 id="original-title">{m.review.original}</h2>
        {original ? <OriginalView original={original} /> : <p>{m.review.noOriginal}</p>}
        <InvoiceData result={detail.document.result} />
      </section>
      <section class="split-booking">
        {done ? <SuccessNotice>{m.review.booked}</SuccessNotice> : null}
        {error ? <ErrorNotice error={error} /> : null}
        {start ? (
          <p class="notice" role="note">
            {start.foreignCurrency
              ? interpolate(m.review.noProposal, { currency: start.foreignCurrency })
              : m.review.noProposalEur}
          </p>
        ) : null}
        {detail.receiptProposal ? <ReceiptProposalView proposal={detail.receiptProposal} /> : null}
        <BookingEditor
          proposal={bookingFromReceipt(detail.proposal, detail.receiptProposal) ?? start?.proposal}
          disabled={!can('act') || done}
          busy={busy}
          onBook={book}
        />
      </section>
    </div>
  );
}
