import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { DocumentHeader } from "~/components/document-nav";
import { isAppError } from "~/domain/errors";
import type { PdfVariant } from "~/domain/pdf-variant";
import { requireViewer } from "~/session.server";
import editorStyles from "~/styles/editor.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: editorStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `PDF of ${data?.document.title ?? "a document"} – Copress` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  try {
    const document = await context.services.documents.getSummary(viewer, params.id!);
    const template = context.services.templates.get(document.templateId);
    return json({ document, trifold: template?.imposition === "trifold" });
  } catch (error) {
    if (isAppError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

const PDF_KINDS: Array<{ variant: PdfVariant; name: string; hint: string }> = [
  {
    variant: "screen",
    name: "Reading and sharing",
    hint: "To read on a screen, email or print at home or in the office.",
  },
  {
    variant: "reader",
    name: "Reading on a screen, panel by panel",
    hint: "The leaflet's panels as pages, in the order people read them: easier on a phone and with a screen reader.",
  },
  {
    variant: "print",
    name: "A print shop",
    hint: "With 3 mm bleed, crop marks and CMYK colours, ready for a printer to trim and fold.",
  },
];

interface ExportStatus {
  stage: string;
  fraction: number;
  done: boolean;
  error: string | null;
  draft?: boolean;
  pages?: number;
  variant?: PdfVariant;
  fileUrl?: string;
  /** What to know before printing it, in words (text set smaller, content that does not fit, a missing picture). */
  warnings?: string[];
  /** The fit report's items (text set smaller, content that does not fit): the words or the template can help. */
  fit?: Array<{ rule: string; severity: string }>;
}

const STAGES: Record<string, string> = {
  queued: "Waiting to start",
  preparing: "Getting the text and pictures ready",
  layout: "Laying out the pages",
  contents: "Making the contents page",
  fitting: "Fitting the text to the pages",
  writing: "Writing the file",
  done: "Done",
  failed: "Something went wrong",
};

export default function Export() {
  const { document, trifold } = useLoaderData<typeof loader>();
  const [variant, setVariant] = useState<PdfVariant>("screen");
  const [status, setStatus] = useState<ExportStatus | null>(null);
  // Whether to show the PDF inside the page (not on phones, whose browsers mostly cannot): read once the page runs in the browser, where
  // the preview is shown (the job's result only ever arrives there).
  const [canShowPdf, setCanShowPdf] = useState(true);
  // A phone's screen is too small for a page inside a page, even where the browser could draw it.
  useEffect(
    () => setCanShowPdf(navigator.pdfViewerEnabled !== false && !window.matchMedia("(max-width: 700px)").matches),
    [],
  );
  const [problem, setProblem] = useState<string | null>(null);
  const timer = useRef<number | null>(null);
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const focusResult = useRef(false);
  useEffect(() => {
    if (!status?.done || !focusResult.current) return;
    focusResult.current = false;
    previewHeading.current?.focus();
  }, [status]);

  useEffect(() => () => void (timer.current && window.clearTimeout(timer.current)), []);

  async function start() {
    setProblem(null);
    setStatus({ stage: "queued", fraction: 0, done: false, error: null });
    const response = await fetch(`/api/documents/${document.id}/pdf-exports?variant=${variant}`, { method: "POST" });
    const body = (await response.json()) as { id?: string; error?: { message: string } };
    if (!response.ok || !body.id) {
      setStatus(null);
      setProblem(body.error?.message ?? "The PDF could not be started. Please try again.");
      return;
    }
    const poll = async () => {
      const next = (await (await fetch(`/api/pdf-exports/${body.id}`)).json()) as ExportStatus;
      setStatus(next);
      if (next.error) setProblem(next.error);
      else if (!next.done) timer.current = window.setTimeout(poll, 300);
      // Done: the focus goes to the result (its warnings, download and preview), in view at any zoom, once drawn.
      else focusResult.current = true;
    };
    void poll();
  }

  const busy = status !== null && !status.done && !status.error;
  return (
    <div className="editor-page">
      <DocumentHeader document={document} current="pdf" />
      <h2>Make the PDF</h2>
      <p>
        The PDF is tagged for screen readers and uses your design. Until the words and the design are signed off, every
        page says “DRAFT — not approved”. You can keep writing while it is being made.
      </p>
      <fieldset className="field pdf-kinds">
        <legend>What is it for?</legend>
        <div className="radios">
          {PDF_KINDS.filter((kind) => trifold || kind.variant !== "reader").map((kind) => (
            <div key={kind.variant} className="radio">
              <input
                type="radio"
                id={`pdf-kind-${kind.variant}`}
                name="pdf-kind"
                value={kind.variant}
                checked={variant === kind.variant}
                aria-describedby={`pdf-kind-${kind.variant}-hint`}
                onChange={() => {
                  if (!busy) setVariant(kind.variant);
                }}
                aria-disabled={busy || undefined}
              />
              <div>
                <label htmlFor={`pdf-kind-${kind.variant}`}>{kind.name}</label>
                <p className="hint radio__hint" id={`pdf-kind-${kind.variant}-hint`}>
                  {kind.hint}
                </p>
              </div>
            </div>
          ))}
        </div>
      </fieldset>
      <button
        type="button"
        className="button"
        // Not `disabled` while it works: a disabled button drops the keyboard focus to the top of the page.
        onClick={() => {
          if (!busy) void start();
        }}
        aria-disabled={busy || undefined}
      >
        {status?.done ? "Make it again" : "Make the PDF"}
      </button>
      {problem ? (
        <p className="notice notice--error" role="alert" style={{ marginTop: "1rem" }}>
          {problem}
        </p>
      ) : null}
      {status && !status.error ? (
        <div className="export-progress" style={{ marginTop: "1rem" }}>
          <label htmlFor="pdf-progress">{STAGES[status.stage] ?? "Working"}</label>
          <progress id="pdf-progress" max={100} value={Math.round(status.fraction * 100)}>
            {Math.round(status.fraction * 100)}%
          </progress>
          <p className="visually-hidden" role="status">
            {status.done ? "The PDF is ready." : ""}
          </p>
        </div>
      ) : null}
      {status?.done && status.fileUrl ? (
        <section aria-labelledby="preview-heading" style={{ marginTop: "1.5rem" }}>
          <h3 id="preview-heading" tabIndex={-1} ref={previewHeading}>
            Preview ({status.pages} page{status.pages === 1 ? "" : "s"}
            {status.draft ? ", draft" : ""}
            {status.variant === "print" ? ", for a print shop" : status.variant === "reader" ? ", panel by panel" : ""})
          </h3>
          {status.warnings && status.warnings.length > 0 ? (
            <div className="notice notice--warning" role="status">
              <h4 className="notice__title">Before you print or share it</h4>
              <ul>
                {status.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
              {status.fit && status.fit.length > 0 ? (
                <p>
                  <Link to={`/documents/${document.id}`}>Change the words</Link> or{" "}
                  <Link to={`/documents/${document.id}/design`}>choose another template in Design</Link>, then make the
                  PDF again.
                </p>
              ) : null}
            </div>
          ) : null}
          <p>
            <a className="button button--secondary" href={`${status.fileUrl}?download=1`} download>
              Download the PDF
            </a>
          </p>
          {canShowPdf ? (
            <iframe title={`PDF preview of ${document.title}`} src={status.fileUrl} className="pdf-preview" />
          ) : (
            // Phones' browsers (Chrome on Android, say) cannot draw a PDF inside a page: an empty frame would be all.
            <p className="notice">
              The PDF can&apos;t be shown inside this page here.{" "}
              <a href={status.fileUrl} target="_blank" rel="noreferrer">
                Open the PDF
              </a>{" "}
              to look at it (it opens in a new tab or in your PDF app).
            </p>
          )}
        </section>
      ) : null}
    </div>
  );
}
