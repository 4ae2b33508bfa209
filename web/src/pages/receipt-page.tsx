import { useId, useState } from 'preact/hooks';
import { type ReceiptProposal, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Form } from '../components/fields.tsx';
import { SuccessNotice } from '../components/notice.tsx';
import { Page } from '../components/page.tsx';
import { fileToBase64, formatBytes, receiptProblem } from '../file-to-base64.ts';
import { interpolate } from '../i18n/index.ts';
import { ReceiptFacts } from '../review/receipt-proposal-view.tsx';

/** Bonnetje: take a photo (or pick a PDF), send it; the invoice flow reads it and shows its proposal. */
export function ReceiptPage() {
  const { api, m, locale, administration } = useApp();
  const id = useId();
  const [file, setFile] = useState<File | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [answer, setAnswer] = useState<{ documentId: string; proposal?: ReceiptProposal } | undefined>(
    undefined,
  );

  const choose = (picked: File | undefined) => {
    setAnswer(undefined);
    setError(undefined);
    setFile(picked);
    if (!picked) return setProblem(undefined);
    const why = receiptProblem(picked);
    setProblem(
      why === 'too-large'
        ? interpolate(m.receipt.tooLarge, { size: formatBytes(picked.size, locale === 'nl') })
        : why === 'wrong-type'
          ? interpolate(m.receipt.wrongType, { type: picked.type || '?' })
          : undefined,
    );
  };

  const upload = async () => {
    if (!file || problem) {
      if (!file) setProblem(m.errors.required);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const contentBase64 = await fileToBase64(file);
      const result = await api.post<{ documentId: string; proposal?: ReceiptProposal }>(
        `/v1/app/administrations/${seg(administration)}/receipts`,
        { fileName: file.name, contentType: file.type, contentBase64 },
      );
      setAnswer(result);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const proposal = answer?.proposal;
  return (
    <Page title={m.receipt.title}>
      <p>{m.receipt.intro}</p>
      <Form onSubmit={() => void upload()} label={m.receipt.title}>
        <div class={`field${problem ? ' field-invalid' : ''}`}>
          <label for={id}>{m.receipt.file}</label>
          <input
            id={id}
            type="file"
            accept="image/*,application/pdf"
            capture="environment"
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby={problem ? `${id}-error` : undefined}
            onChange={(event) => choose((event.currentTarget as HTMLInputElement).files?.[0])}
          />
          {problem ? (
            <p id={`${id}-error`} class="field-error">
              {problem}
            </p>
          ) : null}
        </div>
        <button type="submit" class="button-primary" disabled={busy}>
          {busy ? m.receipt.uploading : m.receipt.upload}
        </button>
      </Form>
      {error ? <ErrorNotice error={error} /> : null}
      {answer ? (
        <section aria-labelledby="proposal-title">
          <SuccessNotice>{interpolate(m.receipt.received, { id: answer.documentId })}</SuccessNotice>
          <h2 id="proposal-title">{m.receipt.proposal}</h2>
          {proposal ? <ReceiptFacts proposal={proposal} /> : <p>{m.receipt.noProposal}</p>}
          <p>
            <a href={`/te-beoordelen/${encodeURIComponent(answer.documentId)}`}>{m.nav.review}</a>
          </p>
        </section>
      ) : null}
    </Page>
  );
}
