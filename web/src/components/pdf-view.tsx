import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../app-context.ts';
import { interpolate } from '../i18n/index.ts';

type PdfDocument = {
  numPages: number;
  getPage(n: number): Promise<{
    getViewport(o: { scale: number }): { width: number; height: number };
    render(o: { canvasContext: CanvasRenderingContext2D; viewport: unknown }): {
      promise: Promise<void>;
      cancel(): void;
    };
  }>;
  destroy(): Promise<void>;
};

/** pdf.js, loaded on first use (its worker from our own origin: the CSP allows `worker-src 'self' blob:`). */
async function loadPdf(data: ArrayBuffer): Promise<PdfDocument> {
  const [pdfjs, worker] = await Promise.all([
    import('pdfjs-dist'),
    import('pdfjs-dist/build/pdf.worker.min.mjs?url'),
  ]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  const task = pdfjs.getDocument({
    data: new Uint8Array(data),
    isEvalSupported: false,
    disableFontFace: false,
  });
  return (await task.promise) as unknown as PdfDocument;
}

/** A PDF original drawn page by page on a canvas, with previous/next page buttons. */
export function PdfView({ blob, name }: { blob: Blob; name: string }) {
  const { m } = useApp();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [pdf, setPdf] = useState<PdfDocument | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [problem, setProblem] = useState<string | undefined>(undefined);

  useEffect(() => {
    let current = true;
    let loaded: PdfDocument | undefined;
    blob
      .arrayBuffer()
      .then(loadPdf)
      .then(
        (document) => {
          loaded = document;
          if (current) setPdf(document);
          else void document.destroy();
        },
        (error: unknown) => {
          if (current) setProblem(error instanceof Error ? error.message : String(error));
        },
      );
    return () => {
      current = false;
      if (loaded) void loaded.destroy();
    };
  }, [blob]);

  useEffect(() => {
    const element = canvas.current;
    if (!pdf || !element) return;
    let task: { cancel(): void } | undefined;
    let current = true;
    void pdf.getPage(page).then((p) => {
      const context = element.getContext('2d');
      if (!current || !context) return;
      const viewport = p.getViewport({ scale: 1.4 });
      element.width = viewport.width;
      element.height = viewport.height;
      const rendering = p.render({ canvasContext: context, viewport });
      task = rendering;
      rendering.promise.catch(() => undefined);
    });
    return () => {
      current = false;
      task?.cancel();
    };
  }, [pdf, page]);

  if (problem) {
    return (
      <p class="notice notice-error" role="alert">
        {name}: {problem}
      </p>
    );
  }
  const total = pdf?.numPages ?? 0;
  return (
    <div class="pdf-view">
      <canvas ref={canvas} role="img" aria-label={name} />
      {total > 1 ? (
        <div class="pager">
          <button
            type="button"
            class="button-secondary"
            disabled={page <= 1}
            onClick={() => setPage(page - 1)}
          >
            {m.review.previousPage}
          </button>
          <span aria-live="polite">{interpolate(m.review.page, { n: page, total })}</span>
          <button
            type="button"
            class="button-secondary"
            disabled={page >= total}
            onClick={() => setPage(page + 1)}
          >
            {m.review.nextPage}
          </button>
        </div>
      ) : null}
    </div>
  );
}
