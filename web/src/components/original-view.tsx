import { useEffect, useState } from 'preact/hooks';
import type { OriginalFile } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { useLoad } from '../use-load.ts';
import { ErrorNotice } from './error-notice.tsx';
import { Loading } from './notice.tsx';
import { PdfView } from './pdf-view.tsx';

/** Saves a blob under `name` through a temporary object URL (the API needs the bearer token). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function DownloadButton({ href, name, label }: { href: string; name: string; label: string }) {
  const { api } = useApp();
  const [error, setError] = useState<unknown>(undefined);
  return (
    <>
      <button
        type="button"
        class="button-secondary"
        onClick={() => {
          setError(undefined);
          api.blob(href).then((blob) => saveBlob(blob, name), setError);
        }}
      >
        {label}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </>
  );
}

function ImageView({ blob, name }: { blob: Blob; name: string }) {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    const objectUrl = URL.createObjectURL(blob);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [blob]);
  return url ? <img class="original-image" src={url} alt={name} /> : null;
}

/**
 * The original file of a document: a PDF drawn by pdf.js, an image as it is; other files (UBL XML) are
 * shown through the API's data by the caller and can be downloaded here.
 */
export function OriginalView({ original }: { original: OriginalFile }) {
  const { api, m } = useApp();
  const viewable = original.contentType.startsWith('image/') || original.contentType === 'application/pdf';
  const file = useLoad(
    () => (viewable ? api.blob(original.href) : Promise.resolve(undefined)),
    [api, original.href, viewable],
  );
  return (
    <div class="original">
      {file.loading ? <Loading label={m.app.loading} /> : null}
      {file.error ? <ErrorNotice error={file.error} onRetry={file.reload} /> : null}
      {file.data && original.contentType === 'application/pdf' ? (
        <PdfView blob={file.data} name={original.name} />
      ) : null}
      {file.data && original.contentType.startsWith('image/') ? (
        <ImageView blob={file.data} name={original.name} />
      ) : null}
      <p>
        <DownloadButton href={original.href} name={original.name} label={m.review.download} />
      </p>
    </div>
  );
}
