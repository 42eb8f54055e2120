/**
 * /brand-kits — the workspace's brand kits (coordinators and designers): each with its colours, fonts and logo,
 * and a way to make a new one.
 */
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { COLOUR_ROLE_LABELS } from "~/domain/colour";
import { COLOUR_ROLES, FONT_LABELS } from "~/domain/design";
import { LOCKABLE_ELEMENT_LABELS } from "~/domain/brand-kit";
import { requireCapability, requireViewer } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Brand kits – Copress" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  requireCapability(viewer, "design:edit");
  return json({
    workspaceName: viewer.member.workspaceName,
    brandKits: await context.services.brandKits.listBrandKits(viewer),
  });
}

export default function BrandKits() {
  const { workspaceName, brandKits } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const saved = searchParams.get("saved");
  const deleted = searchParams.get("deleted");
  return (
    <div className="page">
      <h1>Brand kits</h1>
      <p className="lede">
        A brand kit holds {workspaceName}'s colours, fonts, logo and footer. Designers apply a kit to a document on its
        design page.
      </p>
      {saved ? (
        <div className="notice notice--success" role="status">
          Brand kit “{saved}” saved.
        </div>
      ) : null}
      {deleted ? (
        <div className="notice notice--success" role="status">
          Brand kit “{deleted}” deleted. Documents that used it keep their colours, fonts and logo.
        </div>
      ) : null}
      <p>
        <Link to="/brand-kits/new" className="button">
          Make a brand kit
        </Link>
      </p>
      {brandKits.length === 0 ? (
        <p>There are no brand kits yet.</p>
      ) : (
        <ul className="card-list">
          {brandKits.map((kit) => (
            <li key={kit.id} className="card">
              <h2 className="card__title" style={{ fontSize: "1.25rem" }}>
                <Link to={`/brand-kits/${kit.id}`}>
                  {kit.name}
                  <span className="visually-hidden"> (change)</span>
                </Link>
              </h2>
              {kit.logoUrl ? <img className="kit-card__logo" src={kit.logoUrl} alt={`Logo in ${kit.name}`} /> : null}
              <div className="kit-card__swatches">
                {COLOUR_ROLES.map((role) => (
                  <span
                    key={role}
                    style={{ background: kit.colours[role] }}
                    title={`${COLOUR_ROLE_LABELS[role]} ${kit.colours[role]}`}
                    aria-hidden="true"
                  />
                ))}
              </div>
              <p className="visually-hidden">
                Colours: {COLOUR_ROLES.map((role) => `${COLOUR_ROLE_LABELS[role]} ${kit.colours[role]}`).join(", ")}.
              </p>
              <p>
                Headings: {FONT_LABELS[kit.headingFont]}
                <br />
                Body text: {FONT_LABELS[kit.bodyFont]}
              </p>
              {kit.lockedElements.length > 0 ? (
                <p>
                  Writers can't remove:{" "}
                  {kit.lockedElements.map((element) => LOCKABLE_ELEMENT_LABELS[element].toLowerCase()).join("; ")}.
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
