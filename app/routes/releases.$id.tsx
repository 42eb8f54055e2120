import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CopyField } from "~/components/copy-field";
import { isAppError } from "~/domain/errors";
import { requireViewer } from "~/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Release ${data?.release.number ?? ""} of ${data?.release.title ?? "a document"} – Copress` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  try {
    return json({ release: await context.services.signoff.getRelease(viewer, params.id!), origin: context.publicUrl });
  } catch (error) {
    if (isAppError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "long",
  timeStyle: "short",
  timeZone: "Europe/London",
});

export default function Release() {
  const { release, origin } = useLoaderData<typeof loader>();
  const approvals = release.approvals as Array<{
    id: string;
    scope: string;
    memberName: string;
    livedExperience: boolean;
    createdAt: string;
  }>;
  return (
    <div className="page">
      <p>
        <Link to={`/documents/${release.documentId}/review`}>← Back to sign-off</Link>
      </p>
      <h1>
        {release.title}: release {release.number}
      </h1>
      <p className="lede">
        Published {dateFormat.format(new Date(release.createdAt))} by {release.releasedBy}. This release never changes.
      </p>
      <ul className="download-list">
        <li>
          <a className="button" href={`/api/releases/${release.id}/pdf`} download>
            Download the PDF
          </a>
        </li>
        {release.panelByPanel ? (
          <li>
            <a className="button button--secondary" href={`/api/releases/${release.id}/pdf?variant=reader`} download>
              Download it panel by panel
            </a>
            <span className="hint">
              {" "}
              The leaflet's panels as pages in reading order, for phones and screen readers.
            </span>
          </li>
        ) : null}
        {release.hasPrintPdf ? (
          <li>
            <a className="button button--secondary" href={`/api/releases/${release.id}/pdf?variant=print`} download>
              Download the PDF for a print shop
            </a>
            <span className="hint"> With bleed, crop marks and CMYK colours.</span>
          </li>
        ) : null}
        <li>
          <a
            className="button button--secondary"
            href={`/api/releases/${release.id}/html`}
            target="_blank"
            rel="noreferrer"
          >
            Open the web version<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </li>
      </ul>
      {release.shareUrl ? (
        <>
          <h2>Link for readers</h2>
          <CopyField
            id="release-share-link"
            label="Address to give readers"
            hint="Anyone with this link can read the web version, without signing in."
            value={`${origin}${release.shareUrl}`}
            buttonLabel="Copy the link"
          />
        </>
      ) : null}
      <h2>Signed off by</h2>
      <ul>
        {approvals.map((a) => (
          <li key={a.id}>
            {a.memberName} — {a.scope === "content" ? "the words" : "the design"},{" "}
            {dateFormat.format(new Date(a.createdAt))}
            {a.livedExperience ? " (lived experience)" : ""}
          </li>
        ))}
      </ul>
      <h2>Fingerprint</h2>
      <p>
        <code className="fingerprint" style={{ wordBreak: "break-all" }}>
          {release.hash}
        </code>
      </p>
    </div>
  );
}
