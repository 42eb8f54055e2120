import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CopyField } from "~/components/copy-field";
import { isAppError } from "~/domain/errors";
import { can } from "~/domain/permissions";
import { namesThisComputerOnly } from "~/domain/public-address";
import { requireViewer } from "~/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Release ${data?.release.number ?? ""} of ${data?.release.title ?? "a document"} – Copress` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  try {
    return json({
      release: await context.services.signoff.getRelease(viewer, params.id!),
      origin: context.publicUrl,
      canShare: can(viewer.member, "manage"),
    });
  } catch (error) {
    if (isAppError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

/** `intent=share`: a link for readers for a release published without one (coordinators). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await request.formData();
  if (form.get("intent") !== "share") return json({ error: "Nothing to do." }, { status: 400 });
  try {
    await context.services.signoff.shareRelease(viewer, params.id!);
    return redirect(`/releases/${params.id}#release-share-link`);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return json({ error: error.message }, { status: error.status });
  }
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "long",
  timeStyle: "short",
  timeZone: "Europe/London",
});

export default function Release() {
  const { release, origin, canShare } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const sharing = useNavigation().state !== "idle";
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
      {release.hasPrintPdf && release.printNotes.length > 0 ? (
        // What the PDF page said when the print PDF was made: whoever takes the file to a print shop needs it here.
        <section aria-labelledby="print-notes-heading" className="notice">
          <h2 id="print-notes-heading" className="notice__title">
            Notes to give the print shop
          </h2>
          <ul>
            {release.printNotes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </section>
      ) : null}
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
          {namesThisComputerOnly(origin) ? (
            <p className="notice notice--warning">
              This address names this computer ({new URL(origin).host}), so only someone using this computer can open
              it. Ask whoever looks after Copress to set its public address (PUBLIC_URL), the one people type to reach
              it; the link then uses that.
            </p>
          ) : null}
        </>
      ) : (
        <>
          <h2>Link for readers</h2>
          <p>This release was published without a link that people can open without signing in.</p>
          {canShare ? (
            <Form method="post">
              <input type="hidden" name="intent" value="share" />
              {failed?.error ? (
                <p className="field-error" role="alert">
                  {failed.error}
                </p>
              ) : null}
              <button type="submit" className="button" disabled={sharing}>
                Make a link for readers
              </button>
              <p className="hint">
                Anyone with the link can read the web version and download the PDF, without signing in. The link is long
                and can't be guessed; it is not listed anywhere.
              </p>
            </Form>
          ) : (
            <p className="hint">Ask a coordinator to make one.</p>
          )}
        </>
      )}
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
