/**
 * /brand-kits/new and /brand-kits/:id — make or change a brand kit: name, the six colours (each with its contrast
 * and a pass/fail badge as you type, and the nearest passing shade when it fails), fonts, logo, footer text and
 * what writers cannot remove. The server checks everything again; a refused kit keeps what was typed.
 */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { ErrorSummary, TextField, type FieldErrors } from "~/components/forms";
import { LOCKABLE_ELEMENTS, LOCKABLE_ELEMENT_LABELS, type BrandKit } from "~/domain/brand-kit";
import {
  COLOUR_PAIRS,
  COLOUR_ROLE_HINTS,
  COLOUR_ROLE_LABELS,
  checkColourPairs,
  explainRefusal,
  formatRatio,
  judgeRoleColour,
  normaliseHex,
} from "~/domain/colour";
import { COLOUR_ROLES, DEFAULT_COLOURS, FONT_IDS, FONT_LABELS, type ColourRole, type ColourSet } from "~/domain/design";
import { isAppError } from "~/domain/errors";
import { fontFaceCss, fontStack } from "~/domain/fonts";
import { requireCapability, requireViewer } from "~/session.server";
import { readUploadForm } from "~/upload-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.kit ? `Change ${data.kit.name}` : "New brand kit"} – Copress` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  requireCapability(viewer, "design:edit");
  if (params.id === "new") return json({ kit: null as BrandKit | null, maxBytes: context.services.uploads.maxBytes });
  try {
    return json({
      kit: (await context.services.brandKits.getBrandKit(viewer, params.id!)) as BrandKit | null,
      maxBytes: context.services.uploads.maxBytes,
    });
  } catch (error) {
    if (isAppError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

/** What was typed, to put back in the form when something is refused. */
interface KitValues {
  name: string;
  colours: Record<ColourRole, string>;
  headingFont: string;
  bodyFont: string;
  footerText: string;
  lockedElements: string[];
  logoUploadId: string | null;
}

interface ActionResult {
  errors?: FieldErrors;
  formError?: string;
  /** Missing when the form could not be read at all (e.g. a file far too big). */
  values?: KitValues;
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

function valuesOf(form: FormData): KitValues {
  return {
    name: text(form, "name"),
    colours: Object.fromEntries(COLOUR_ROLES.map((role) => [role, text(form, `colours.${role}`)])) as Record<
      ColourRole,
      string
    >,
    headingFont: text(form, "headingFont"),
    bodyFont: text(form, "bodyFont"),
    footerText: text(form, "footerText"),
    lockedElements: form.getAll("lockedElements").filter((value): value is string => typeof value === "string"),
    logoUploadId: form.get("removeLogo") === "yes" ? null : text(form, "logoUploadId") || null,
  };
}

/** Field errors keyed by the form's field ids (which match the service's field names). */
function fieldErrorsOf(details: unknown): FieldErrors {
  const fields = (details as { fields?: Record<string, string[]> } | undefined)?.fields ?? {};
  return Object.fromEntries(
    Object.entries(fields).map(([key, messages]) => [key === "logo" || key === "file" ? "logo" : key, messages[0]]),
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const { brandKits, uploads } = context.services;
  const isMultipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  let form: FormData;
  let file: { bytes: Uint8Array; name: string } | null = null;
  try {
    if (isMultipart) ({ fields: form, file } = await readUploadForm(request, uploads.maxBytes));
    else form = await request.formData();
  } catch (error) {
    if (!isAppError(error)) throw error;
    return json<ActionResult>({ errors: { logo: error.message } }, { status: error.status });
  }

  if (form.get("intent") === "delete" && params.id !== "new") {
    try {
      const kit = await brandKits.getBrandKit(viewer, params.id!);
      await brandKits.deleteBrandKit(viewer, kit.id);
      return redirect(`/brand-kits?deleted=${encodeURIComponent(kit.name)}`);
    } catch (error) {
      if (!isAppError(error)) throw error;
      return json<ActionResult>({ formError: error.message, values: valuesOf(form) }, { status: error.status });
    }
  }

  const values = valuesOf(form);
  try {
    // The kit must be one of this workspace's before its logo is stored: a refused request leaves no picture behind.
    if (params.id !== "new") await brandKits.getBrandKit(viewer, params.id!);
    // A new logo is stored first (refused pictures stop here); if the kit is then refused, the form keeps the
    // stored logo so the person need not choose the file again.
    if (file) {
      try {
        values.logoUploadId = (
          await uploads.storeUpload(viewer, { bytes: file.bytes, fileName: file.name, purpose: "logo" })
        ).id;
      } catch (error) {
        // The whole explanation (what is wrong and what to do), not just the short field note.
        if (!isAppError(error)) throw error;
        return json<ActionResult>({ errors: { logo: error.message }, values }, { status: error.status });
      }
    }
    const kit =
      params.id === "new"
        ? await brandKits.createBrandKit(viewer, values)
        : await brandKits.updateBrandKit(viewer, params.id!, values);
    return redirect(`/brand-kits?saved=${encodeURIComponent(kit.name)}`);
  } catch (error) {
    if (!isAppError(error)) throw error;
    const errors = fieldErrorsOf(error.details);
    return json<ActionResult>(
      { errors, formError: Object.keys(errors).length ? undefined : error.message, values },
      { status: error.status },
    );
  }
}

function initialValues(kit: BrandKit | null): KitValues {
  return {
    name: kit?.name ?? "",
    colours: { ...(kit?.colours ?? DEFAULT_COLOURS) },
    headingFont: kit?.headingFont ?? "atkinson-hyperlegible",
    bodyFont: kit?.bodyFont ?? "atkinson-hyperlegible",
    footerText: kit?.footerText ?? "",
    lockedElements: kit?.lockedElements ?? [],
    logoUploadId: kit?.logoUploadId ?? null,
  };
}

export default function BrandKitPage() {
  const { kit, maxBytes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? initialValues(kit);
  return (
    <div className="page">
      <style dangerouslySetInnerHTML={{ __html: fontFaceCss() }} />
      <p>
        <Link to="/brand-kits">← All brand kits</Link>
      </p>
      <h1>{kit ? `Change “${kit.name}”` : "Make a brand kit"}</h1>
      <ErrorSummary errors={result?.errors} formError={result?.formError} />
      {/* Remounted with what was typed whenever the server answers, so nothing typed is lost. */}
      <KitForm
        key={JSON.stringify(result ?? null)}
        values={values}
        errors={result?.errors ?? {}}
        existingLogoUrl={values.logoUploadId ? `/uploads/${values.logoUploadId}` : null}
        maxBytes={maxBytes}
      />
      {kit ? (
        <details className="kit-delete">
          <summary>Delete this brand kit</summary>
          <p>Documents that use “{kit.name}” keep their colours, fonts and logo. Designers can no longer apply it.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="delete" />
            <button type="submit" className="button button--warning">
              Yes, delete “{kit.name}”
            </button>
          </Form>
        </details>
      ) : null}
    </div>
  );
}

function ColourField({
  role,
  value,
  colours,
  error,
  onChange,
}: {
  role: ColourRole;
  value: string;
  colours: ColourSet | null;
  error?: string;
  onChange: (value: string) => void;
}) {
  const id = `colours.${role}`;
  const hex = normaliseHex(value);
  const pair = COLOUR_PAIRS.find((candidate) => candidate.foreground === role) ?? COLOUR_PAIRS[0]!;
  const check = colours
    ? checkColourPairs(colours).find(
        (candidate) => candidate.foreground === pair.foreground && candidate.background === pair.background,
      )
    : undefined;
  // As the server does: a failing pair is explained at its foreground colour (the text, not the page behind it).
  const failsHere = colours
    ? checkColourPairs(colours).some((candidate) => !candidate.passes && candidate.foreground === role)
    : false;
  const verdict = failsHere && colours && hex ? judgeRoleColour(colours, role, hex) : null;
  const liveProblem = verdict && verdict.failures.length > 0 ? explainRefusal(verdict) : null;
  const message = error ?? liveProblem;
  return (
    <div className={`field colour-field${message ? " field--error" : ""}`}>
      <label htmlFor={id}>{COLOUR_ROLE_LABELS[role]}</label>
      <p className="hint" id={`${id}-hint`}>
        {COLOUR_ROLE_HINTS[role]}
      </p>
      {message ? (
        <div className="field-error" id={`${id}-error`}>
          <p>
            <span className="visually-hidden">Error: </span>
            {message}
          </p>
          {verdict?.suggestion && verdict.failures.length > 0 ? (
            <button
              type="button"
              className="button button--small suggestion-button"
              onClick={() => onChange(verdict.suggestion!)}
            >
              <span
                className="colour-swatch colour-swatch--small"
                style={{ background: verdict.suggestion }}
                aria-hidden="true"
              />
              Use {verdict.suggestion}
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="colour-field__inputs">
        <input
          id={id}
          name={id}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={value}
          aria-invalid={message ? true : undefined}
          aria-describedby={[`${id}-hint`, message ? `${id}-error` : null, `${id}-check`].filter(Boolean).join(" ")}
          onChange={(event) => onChange(event.target.value)}
        />
        <input
          type="color"
          className="colour-picker"
          aria-label={`Pick a colour for: ${COLOUR_ROLE_LABELS[role]}`}
          value={hex ?? "#000000"}
          onChange={(event) => onChange(event.target.value)}
        />
      </div>
      <p className="colour-check" id={`${id}-check`}>
        {check ? (
          <>
            <span
              className="colour-sample"
              style={{ color: check.foregroundColour, background: check.backgroundColour }}
              aria-hidden="true"
            />
            {pair.use.charAt(0).toUpperCase() + pair.use.slice(1)}:{" "}
            <span className={`contrast-badge contrast-badge--${check.passes ? "pass" : "fail"}`}>
              {formatRatio(check.ratio, check.minimum)} {check.passes ? "passes" : "too faint"}
            </span>
          </>
        ) : (
          <span className="hint">Enter every colour to see the contrast.</span>
        )}
      </p>
    </div>
  );
}

function KitForm({
  values,
  errors,
  existingLogoUrl,
  maxBytes,
}: {
  values: KitValues;
  errors: FieldErrors;
  existingLogoUrl: string | null;
  maxBytes: number;
}) {
  const navigation = useNavigation();
  const [fileError, setFileError] = useState<string | null>(null);
  const logoError = fileError ?? errors.logo;
  const [colours, setColours] = useState<Record<ColourRole, string>>(values.colours);
  const [headingFont, setHeadingFont] = useState(values.headingFont);
  const [bodyFont, setBodyFont] = useState(values.bodyFont);
  const parsed = COLOUR_ROLES.every((role) => normaliseHex(colours[role]))
    ? (Object.fromEntries(COLOUR_ROLES.map((role) => [role, normaliseHex(colours[role])!])) as ColourSet)
    : null;
  return (
    <Form method="post" encType="multipart/form-data" noValidate className="kit-form">
      <TextField
        name="name"
        label="Name"
        hint="For example “Main brand” or “Young people's service”."
        defaultValue={values.name}
        error={errors.name}
      />

      <fieldset className="field design-fieldset">
        <legend>
          <h2>Colours</h2>
        </legend>
        <p className="hint">
          Text needs a contrast of at least 4.5:1 with what is behind it; lines and borders 3:1. A colour that fails
          shows the nearest shade that passes.
        </p>
        {COLOUR_ROLES.map((role) => (
          <ColourField
            key={role}
            role={role}
            value={colours[role]}
            colours={parsed}
            error={errors[`colours.${role}`]}
            onChange={(value) => setColours({ ...colours, [role]: value })}
          />
        ))}
      </fieldset>

      <fieldset className="field design-fieldset">
        <legend>
          <h2>Fonts</h2>
        </legend>
        {(
          [
            ["headingFont", "Headings", headingFont, setHeadingFont],
            ["bodyFont", "Body text", bodyFont, setBodyFont],
          ] as const
        ).map(([name, label, value, setValue]) => (
          <div key={name} className={`field${errors[name] ? " field--error" : ""}`}>
            <label htmlFor={name}>{label}</label>
            {errors[name] ? (
              <p className="field-error" id={`${name}-error`}>
                {errors[name]}
              </p>
            ) : null}
            <select
              id={name}
              name={name}
              value={value}
              onChange={(event) => setValue(event.target.value)}
              aria-describedby={errors[name] ? `${name}-error` : undefined}
            >
              {FONT_IDS.map((id) => (
                <option key={id} value={id}>
                  {FONT_LABELS[id]}
                </option>
              ))}
            </select>
            {(FONT_IDS as readonly string[]).includes(value) ? (
              <p
                className="font-sample"
                style={{
                  fontFamily: fontStack(value as (typeof FONT_IDS)[number]),
                  fontWeight: name === "headingFont" ? 700 : 400,
                }}
              >
                Know your rights: help is free.
              </p>
            ) : null}
          </div>
        ))}
      </fieldset>

      <fieldset className="field design-fieldset">
        <legend>
          <h2>Logo</h2>
        </legend>
        {existingLogoUrl ? (
          <>
            <img className="kit-card__logo" src={existingLogoUrl} alt="The kit's logo now" />
            <input type="hidden" name="logoUploadId" value={existingLogoUrl.split("/").pop()} />
            <div className="field checkboxes">
              <label>
                <input type="checkbox" name="removeLogo" value="yes" />
                Remove this logo from the kit
              </label>
            </div>
          </>
        ) : null}
        <div className={`field${logoError ? " field--error" : ""}`}>
          <label htmlFor="logo">
            {existingLogoUrl ? "Upload a different logo (optional)" : "Upload a logo (optional)"}
          </label>
          <p className="hint" id="logo-hint">
            A PNG, JPEG, WebP, GIF or SVG picture up to {maxBytes / 1024 / 1024} MB. SVG files with scripts or links to
            other files are refused.
          </p>
          {logoError ? (
            <p className="field-error" id="logo-error">
              <span className="visually-hidden">Error: </span>
              {logoError} Choose the file again.
            </p>
          ) : null}
          <input
            id="logo"
            name="file"
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif,image/svg+xml,.png,.jpg,.jpeg,.webp,.gif,.svg"
            aria-describedby={`logo-hint${logoError ? " logo-error" : ""}`}
            onChange={(event) => {
              // Say so before sending: a file that is too big would otherwise be sent only to be refused.
              const chosen = event.target.files?.[0];
              if (chosen && chosen.size > maxBytes) {
                setFileError(
                  `That file is ${(chosen.size / 1024 / 1024).toFixed(1)} MB. Logos can be up to ${maxBytes / 1024 / 1024} MB — save it smaller.`,
                );
                event.target.value = "";
              } else setFileError(null);
            }}
          />
        </div>
      </fieldset>

      <div className={`field${errors.footerText ? " field--error" : ""}`}>
        <label htmlFor="footerText">Footer text</label>
        <p className="hint" id="footerText-hint">
          Printed at the end of every document: contact details, charity number. Up to 300 characters.
        </p>
        {errors.footerText ? (
          <p className="field-error" id="footerText-error">
            {errors.footerText}
          </p>
        ) : null}
        <textarea
          id="footerText"
          name="footerText"
          rows={3}
          defaultValue={values.footerText}
          aria-describedby={`footerText-hint${errors.footerText ? " footerText-error" : ""}`}
        />
      </div>

      <fieldset
        className={`field checkboxes kit-locks${errors.lockedElements ? " field--error" : ""}`}
        aria-describedby="lockedElements-hint"
      >
        <legend id="lockedElements">What must stay</legend>
        <p className="hint" id="lockedElements-hint">
          Tick what nobody may take out of a document that uses this kit.
        </p>
        {errors.lockedElements ? <p className="field-error">{errors.lockedElements}</p> : null}
        {LOCKABLE_ELEMENTS.map((element) => (
          <label key={element}>
            <input
              type="checkbox"
              name="lockedElements"
              value={element}
              defaultChecked={values.lockedElements.includes(element)}
            />
            {LOCKABLE_ELEMENT_LABELS[element]}
          </label>
        ))}
      </fieldset>

      <button type="submit" className="button" disabled={navigation.state === "submitting"}>
        Save brand kit
      </button>
    </Form>
  );
}
