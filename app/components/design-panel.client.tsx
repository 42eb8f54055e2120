/**
 * The design page's live part (browser only): its own y-websocket connection to the document's room, the design
 * panel, and the live preview. Every choice goes into the shared `design` map, so everyone sees it at once;
 * the preview follows the `content` fragment as people type. People without design:edit see the panel read-only
 * (and the server refuses their changes anyway).
 *
 * Colours are chosen as a set and applied together: while a designer types, each colour shows its contrast and a
 * pass/fail badge; "Apply colours" refuses any pair that would be hard to read, explains why, and offers the
 * nearest passing shade of the same colour, which one click applies.
 */
import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import { PictureFinder, takeFoundPicture, type FoundPicture } from "./editor/picture-finder";
import { PICTURE_FILE_TYPES, uploadPicture } from "./upload-picture";
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { WebsocketProvider } from "y-websocket";
import { saveStateWords } from "~/domain/close-codes";
import { useRoom, useRoomConnection } from "./use-room-connection";
import * as Y from "yjs";
import { ErrorSummary, type FieldErrors } from "~/components/forms";
import { LayoutChangeNotice } from "~/components/layout-change-notice";
import {
  ColourVisionFilters,
  LayoutPreview,
  type PreviewContent,
  type PreviewTemplate,
} from "~/components/layout-preview";
import { SparePagesChoice } from "~/components/spare-pages-choice";
import {
  designFromBrandKit,
  differencesFromBrandKit,
  fontsAllowedBy,
  hasBlock,
  hasContactBlock,
  lockedElementsOf,
  type BrandKit,
  type LockableElement,
} from "~/domain/brand-kit";
import {
  COLOUR_PAIRS,
  COLOUR_ROLE_HINTS,
  COLOUR_ROLE_LABELS,
  COLOUR_VISION_LABELS,
  COLOUR_VISION_TYPES,
  checkColourPairs,
  formatRatio,
  refusalsOf,
  normaliseHex,
  type ColourVisionType,
  type PairCheck,
  type Refusal,
} from "~/domain/colour";
import {
  COLOUR_ROLES,
  FONT_LABELS,
  LARGE_PRINT_TEMPLATE_ID,
  readDesign,
  templateSwitch,
  type ColourRole,
  type ColourSet,
  type Design,
  type FontId,
} from "~/domain/design";
import { fontStack } from "~/domain/fonts";
import { hasCover } from "~/domain/template";

export interface DesignPerson {
  id: string;
  name: string;
  colour: string;
}

export interface DesignStudioProps {
  documentId: string;
  /** The template the document was made with, until the design map says otherwise. */
  fallbackTemplateId: string;
  canDesign: boolean;
  templates: PreviewTemplate[];
  brandKits: BrandKit[];
  person: DesignPerson;
  workspaceName: string;
  /** Called after the template is switched, by anyone (the page reloads its header). */
  onTemplateSwitched?: () => void;
}

const COVER_STYLES: Array<{ value: Design["coverStyle"]; label: string; hint: string }> = [
  { value: "band", label: "Colour band", hint: "A band of the main colour across the top of the cover." },
  { value: "full-colour", label: "Full colour", hint: "The whole cover in the main colour." },
  { value: "plain", label: "Plain", hint: "The page colour, with the title in the main colour." },
];

/**
 * Templates without a cover open with a title band, where only plain or not matters: a full-colour band and a colour
 * band are the same band, so they are one choice there.
 */
const TITLE_BAND_STYLES: Array<{ value: Design["coverStyle"]; label: string; hint: string }> = [
  { value: "band", label: "Colour band", hint: "The title on a band of the main colour across the top of page 1." },
  { value: "plain", label: "Plain", hint: "The title in the main colour on the page colour, with a line under it." },
];

/** The cover (or title band) choices a template offers, and which of them a design's style is. */
function coverChoices(template: PreviewTemplate, style: Design["coverStyle"]) {
  const choices = hasCover(template) ? COVER_STYLES : TITLE_BAND_STYLES;
  const current = choices.find((choice) => choice.value === style) ?? choices[0]!;
  return { choices, current };
}

const LOGO_PLACEMENTS: Array<{ value: Design["logoPlacement"]; label: string }> = [
  { value: "top-left", label: "Top left of the cover" },
  { value: "top-right", label: "Top right of the cover" },
  { value: "back-page", label: "On the back page" },
];

export default function DesignStudio(props: DesignStudioProps) {
  const session = useRoom(props.documentId, props.person.id);
  const awareness = session?.provider.awareness;

  useEffect(() => {
    // Show up in the editors' "People here now" (the server stamps the signed-in name).
    awareness?.setLocalStateField("user", { id: props.person.id, name: props.person.name, color: props.person.colour });
  }, [awareness, props.person.id, props.person.name, props.person.colour]);

  if (!session) return <p>Opening the design…</p>;
  return <Studio key={props.documentId} {...props} doc={session.doc} provider={session.provider} />;
}

function Studio({
  doc,
  provider,
  documentId,
  fallbackTemplateId,
  canDesign,
  templates,
  brandKits,
  person,
  workspaceName,
  onTemplateSwitched,
}: DesignStudioProps & { doc: Y.Doc; provider: WebsocketProvider }) {
  const designMap = useMemo(() => doc.getMap("design"), [doc]);
  const { connection, refusal, synced, serverUnsaved } = useRoomConnection(provider);
  const [design, setDesign] = useState<Design>(() => readDesign(designMap.toJSON(), fallbackTemplateId));
  const [content, setContent] = useState<PreviewContent>({ type: "doc", content: [] });
  const [title, setTitle] = useState("");
  const [colourVision, setColourVision] = useState<ColourVisionType | null>(null);
  // A template the designer has chosen but not switched to yet: the preview shows it, so they see before asking everyone.
  const [trying, setTrying] = useState<string | null>(null);
  const [draft, setDraftColours] = useState<ColourSet | "faint" | null>(null);
  const draftColours = draft === "faint" ? null : draft;
  const [zoom, setZoom] = useState<"fit" | number>("fit");
  const [language, setLanguage] = useState("en-GB");

  // Mirror the shared document into React state; the content at most once a frame while people type.
  useEffect(() => {
    const fragment = doc.getXmlFragment("content");
    const meta = doc.getMap("meta");
    let frame = 0;
    const readContent = () => {
      frame = 0;
      setContent(yXmlFragmentToProsemirrorJSON(fragment) as PreviewContent);
    };
    const onContent = () => {
      if (!frame) frame = requestAnimationFrame(readContent);
    };
    const onDesign = () => setDesign(readDesign(designMap.toJSON(), fallbackTemplateId));
    const onMeta = () => {
      setTitle(String(meta.get("title") ?? ""));
      setLanguage(String(meta.get("language") ?? "en-GB"));
    };
    fragment.observeDeep(onContent);
    designMap.observe(onDesign);
    meta.observe(onMeta);
    readContent();
    onDesign();
    onMeta();
    return () => {
      if (frame) cancelAnimationFrame(frame);
      fragment.unobserveDeep(onContent);
      designMap.unobserve(onDesign);
      meta.unobserve(onMeta);
    };
  }, [doc, designMap, fallbackTemplateId]);

  const setDesignValues = (values: Partial<Design>) => {
    if (!canDesign) return;
    doc.transact(() => {
      for (const [key, value] of Object.entries(values)) designMap.set(key, value);
    });
  };

  // A template switch also removes an older document's large print tick, which would otherwise keep it large print.
  const switchTemplate = (templateId: string) => {
    if (!canDesign) return;
    const change = templateSwitch(templateId);
    doc.transact(() => {
      for (const [key, value] of Object.entries(change.set)) designMap.set(key, value);
      for (const key of change.remove) if (designMap.has(key)) designMap.delete(key);
    });
  };

  const template =
    templates.find((candidate) => candidate.id === design.templateId) ??
    templates.find((candidate) => candidate.id === fallbackTemplateId) ??
    templates[0]!;
  const tried = trying ? (templates.find((candidate) => candidate.id === trying) ?? null) : null;
  const previewTemplate = tried ?? template;
  const previewDesign: Design = {
    ...design,
    ...(tried ? { templateId: tried.id, largePrint: tried.id === LARGE_PRINT_TEMPLATE_ID } : {}),
    // Colours being chosen here, not applied yet: only this person's preview shows them.
    ...(draftColours ? { colours: draftColours } : {}),
  };
  // Beside the choices the preview scrolls on its own: a template tried or switched to is shown from its top, where
  // its notices are (text set smaller, a section over the flap), not wherever the last one was scrolled to.
  const previewRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const preview = previewRef.current;
    if (preview && preview.scrollHeight > preview.clientHeight && getComputedStyle(preview).overflowY !== "visible")
      preview.scrollTo({ top: 0 });
  }, [previewTemplate.id]);
  const kit = brandKits.find((candidate) => candidate.id === design.brandKitId) ?? null;
  // The locks the document recorded when the kit was applied (what the server's checks hold it to); a kit applied
  // before locks were recorded falls back to the kit's own list.
  const locked: LockableElement[] = design.brandLocks ? lockedElementsOf(design) : (kit?.lockedElements ?? []);
  const logoUrl = design.logoUploadId ? `/uploads/${design.logoUploadId}` : null;

  const saveState = saveStateWords(connection, synced, undefined, serverUnsaved);
  const lastChoice = useRef<HTMLElement | null>(null);

  return (
    <div className="design-studio">
      <ColourVisionFilters />
      <div className="status-bar">
        <p
          className={`save-state save-state--${connection === "online" && !serverUnsaved ? "online" : "offline"}`}
          role="status"
          aria-live="polite"
          style={{ margin: 0 }}
        >
          {saveState}
        </p>
      </div>
      {refusal ? (
        <div className="notice" role="alert">
          {refusal}
        </div>
      ) : null}
      <LayoutChangeNotice
        doc={doc}
        documentId={documentId}
        templates={templates}
        personId={person.id}
        onSwitched={onTemplateSwitched}
      />
      {!synced ? (
        <p>Opening the design…</p>
      ) : (
        <div className="design-layout">
          <section
            className="design-panel"
            aria-labelledby="design-panel-heading"
            onFocus={(event) => {
              // The choice last used, for "Back to the design choices" (not the link that leaves, nor the heading).
              if (event.target instanceof HTMLElement && !event.target.closest(".design-jump, h2"))
                lastChoice.current = event.target;
            }}
          >
            <h2 id="design-panel-heading" tabIndex={-1}>
              Design choices
            </h2>
            {canDesign ? (
              <DesignControls
                design={design}
                template={template}
                templates={templates}
                brandKits={brandKits}
                kit={kit}
                locked={locked}
                onChange={setDesignValues}
                onSwitchTemplate={switchTemplate}
                onTryTemplate={setTrying}
                onDraftColours={setDraftColours}
                easyReadRows={hasBlock(content, "easyReadRow")}
                language={language}
              />
            ) : (
              <DesignSummary design={design} template={template} kit={kit} />
            )}
            {/* On a narrow screen the preview is below every choice: one tap away, wherever the choice was made (in a
                short window, at the end of the choices: floating, it would cover too much of them). */}
            <p className="design-jump">
              <JumpLink to="design-preview-heading">See the preview</JumpLink>
            </p>
          </section>
          <section ref={previewRef} className="design-preview" aria-labelledby="design-preview-heading">
            <div className="design-preview__bar">
              <h2 id="design-preview-heading" tabIndex={-1}>
                Preview
              </h2>
              <p className="design-jump design-jump--back">
                <JumpLink to="design-panel-heading" back={() => lastChoice.current}>
                  Back to the design choices
                </JumpLink>
              </p>
              <div className="field design-preview__option">
                <label htmlFor="colour-vision">Show the pages as seen with</label>
                <select
                  id="colour-vision"
                  value={colourVision ?? ""}
                  onChange={(event) => setColourVision((event.target.value || null) as ColourVisionType | null)}
                >
                  <option value="">Typical colour vision</option>
                  {COLOUR_VISION_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {COLOUR_VISION_LABELS[type]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field design-preview__option">
                <label htmlFor="preview-zoom">Page size on screen</label>
                <select
                  id="preview-zoom"
                  value={String(zoom)}
                  onChange={(event) => setZoom(event.target.value === "fit" ? "fit" : Number(event.target.value))}
                >
                  <option value="fit">Fit the space</option>
                  <option value="0.5">Half size</option>
                  <option value="1">Actual size</option>
                </select>
              </div>
            </div>
            {tried ? (
              <p className="notice design-preview__trying">
                <strong>This is how {tried.name} would look.</strong> Nothing has changed yet: the layout is still{" "}
                {template.name} until you choose Switch.
                {tried.kind === "easy-read" && !hasBlock(content, "easyReadRow")
                  ? " These words have no Easy Read rows yet, so they are shown as an ordinary document in bigger type."
                  : null}
              </p>
            ) : (
              <p className="hint">
                {template.name}. The preview uses the same page size, margins, fonts and colours as the PDF, and changes
                as people type.
              </p>
            )}
            {draftColours ? (
              <p className="notice design-preview__trying">
                <strong>These colours are not applied yet.</strong> Only you see them here; choose Apply colours to use
                them for everyone.
              </p>
            ) : draft === "faint" ? (
              <p className="notice design-preview__trying">
                <strong>The preview still shows the colours in use.</strong> A colour you are choosing is too faint to
                read against another, so it is not drawn here: see the message beside it under Colours.
              </p>
            ) : null}
            {locked.includes("contactBlock") && !hasContactBlock(content) ? (
              <div className="notice design-warning" role="status">
                The brand kit{kit ? ` “${kit.name}”` : ""} says every document needs a contact box, but this one has
                none. It can't be signed off until a writer adds one.
              </div>
            ) : null}
            <LayoutPreview
              content={content}
              title={title}
              workspaceName={workspaceName}
              design={previewDesign}
              template={previewTemplate}
              logoUrl={logoUrl}
              colourVision={colourVision}
              zoom={zoom}
            />
          </section>
        </div>
      )}
    </div>
  );
}

// Read-only summary -----------------------------------------------------------------------------------------------

function RatioBadge({ check }: { check: PairCheck }) {
  return (
    <span className={`contrast-badge contrast-badge--${check.passes ? "pass" : "fail"}`}>
      {formatRatio(check.ratio, check.minimum)} {check.passes ? "passes" : "too faint"}
    </span>
  );
}

function DesignSummary({ design, template, kit }: { design: Design; template: PreviewTemplate; kit: BrandKit | null }) {
  const checks = checkColourPairs(design.colours);
  return (
    <>
      <p>You can see the design here. Only designers and coordinators can change it.</p>
      <dl className="design-summary">
        <dt>Template</dt>
        <dd>{template.name}</dd>
        <dt>Brand kit</dt>
        <dd>{kit ? kit.name : "None"}</dd>
        <dt>Fonts</dt>
        <dd>
          Headings: {FONT_LABELS[design.headingFont]}
          <br />
          Body text: {FONT_LABELS[design.bodyFont]}
        </dd>
        <dt>{hasCover(template) ? "Cover" : "Title band"}</dt>
        <dd>
          {coverChoices(template, design.coverStyle).current.label}
          {coverSummary(design, hasCover(template))}
        </dd>
      </dl>
      <h3>Colours</h3>
      <ul className="colour-checks">
        {checks.map((check) => (
          <li key={`${check.foreground}/${check.background}`}>
            <span
              className="colour-sample"
              style={{ color: check.foregroundColour, background: check.backgroundColour }}
              aria-hidden="true"
            />
            <span>
              {check.use.charAt(0).toUpperCase() + check.use.slice(1)} ({check.foregroundColour} on{" "}
              {check.backgroundColour}) <RatioBadge check={check} />
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

// Controls for designers -----------------------------------------------------------------------------------------------

function DesignControls({
  design,
  template,
  templates,
  brandKits,
  kit,
  locked: lockedElements,
  onChange,
  onSwitchTemplate,
  onTryTemplate,
  onDraftColours,
  easyReadRows,
  language,
}: {
  design: Design;
  template: PreviewTemplate;
  templates: PreviewTemplate[];
  brandKits: BrandKit[];
  kit: BrandKit | null;
  locked: LockableElement[];
  onChange: (values: Partial<Design>) => void;
  onSwitchTemplate: (templateId: string) => void;
  onTryTemplate: (templateId: string | null) => void;
  /** Colours being chosen and not applied yet (null: none), for the preview to show before anyone else sees them. */
  onDraftColours: (colours: ColourSet | "faint" | null) => void;
  /** Whether the words have Easy Read rows (a picture beside short lines), which the Easy Read template is made for. */
  easyReadRows: boolean;
  /** The document's language (for the picture library's names). */
  language: string;
}) {
  const fonts = fontsAllowedBy(kit);
  const locked = new Set(lockedElements);
  const cover = coverChoices(template, design.coverStyle);
  // Said when the picture is taken off here: the button goes with it, and nothing else tells a screen reader. Outside
  // the picture's field, which is drawn afresh for each picture: a status already in the page is the one announced.
  const [coverMessage, setCoverMessage] = useState("");
  const hasCoverPicture = Boolean(design.coverPicture);
  useEffect(() => {
    // A picture on the cover again (chosen here or by someone else): the message is no longer true.
    if (hasCoverPicture) setCoverMessage("");
  }, [hasCoverPicture]);
  return (
    <>
      <TemplateChooser
        template={template}
        templates={templates}
        onSwitch={onSwitchTemplate}
        onTry={onTryTemplate}
        easyReadRows={easyReadRows}
      />

      <BrandKitChooser design={design} brandKits={brandKits} kit={kit} onChange={onChange} />

      <ColourControls
        colours={design.colours}
        kit={kit}
        onApply={(colours) => onChange({ colours })}
        onDraft={onDraftColours}
      />

      <fieldset className="field design-fieldset">
        <legend>
          <h3>Fonts</h3>
        </legend>
        {kit ? <p className="hint">The fonts of the brand kit “{kit.name}”.</p> : null}
        {(["headingFont", "bodyFont"] as const).map((key) => (
          <div className="field" key={key}>
            <label htmlFor={key}>{key === "headingFont" ? "Headings" : "Body text"}</label>
            <select
              id={key}
              value={design[key]}
              onChange={(event) => onChange({ [key]: event.target.value as FontId })}
            >
              {[...new Set([...fonts, design[key]])].map((id) => (
                <option key={id} value={id}>
                  {FONT_LABELS[id]}
                </option>
              ))}
            </select>
            <p
              className="font-sample"
              style={{ fontFamily: fontStack(design[key]), fontWeight: key === "headingFont" ? 700 : 400 }}
            >
              Know your rights: help is free.
            </p>
          </div>
        ))}
      </fieldset>

      <fieldset className="field design-fieldset">
        <legend>
          <h3>Layout</h3>
        </legend>
        <fieldset className="field">
          <legend>{hasCover(template) ? "Cover" : "Title band"}</legend>
          <div className="radios">
            {cover.choices.map((style) => (
              <div key={style.value} className="radio">
                <input
                  type="radio"
                  id={`cover-${style.value}`}
                  name="coverStyle"
                  value={style.value}
                  checked={cover.current.value === style.value}
                  aria-describedby={`cover-${style.value}-hint`}
                  onChange={() => onChange({ coverStyle: style.value })}
                />
                <span>
                  <label htmlFor={`cover-${style.value}`}>{style.label}</label>
                  <span className="hint radio__hint" id={`cover-${style.value}-hint`}>
                    {style.hint}
                  </span>
                </span>
              </div>
            ))}
          </div>
        </fieldset>
        {hasCover(template) ? (
          <>
            <div className="field checkboxes">
              <label>
                <input
                  type="checkbox"
                  checked={design.coverArt === "shapes"}
                  aria-describedby="cover-art-hint"
                  onChange={(event) => onChange({ coverArt: event.target.checked ? "shapes" : "none" })}
                />
                Add circles in your colours to the cover
              </label>
              <p className="hint" id="cover-art-hint">
                {design.coverPicture
                  ? "Not shown now: the cover has a picture. They come back if you take the picture off."
                  : "Three circles below the title, in shades of your main colour and your accent colour. Not shown if the cover has a picture."}
              </p>
            </div>
            <CoverPictureField
              key={design.coverPicture?.src ?? "none"}
              picture={design.coverPicture ?? null}
              language={language}
              onChange={(coverPicture) => {
                onChange({ coverPicture });
                setCoverMessage(coverPicture ? "" : "The picture is off the cover.");
              }}
            />
            <p
              id="cover-picture-status"
              role="status"
              className={`cover-picture__status ${coverMessage ? "notice notice--success design-message" : "design-message"}`}
            >
              {coverMessage}
            </p>
          </>
        ) : null}
        <SparePagesChoice design={design} template={template} onChange={onChange} />
        {/* Only where the words have Easy Read rows and the template shows them: elsewhere it would change nothing. */}
        {template.allowedBlocks.includes("easyReadRow") && easyReadRows ? (
          <fieldset className="field">
            <legend>Pictures in Easy Read rows</legend>
            <div className="radios radios--inline">
              {(["left", "right"] as const).map((position) => (
                <label key={position} className="radio">
                  <input
                    type="radio"
                    name="imagePosition"
                    value={position}
                    checked={design.imagePosition === position}
                    onChange={() => onChange({ imagePosition: position })}
                  />
                  <span>On the {position}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        {design.logoUploadId || design.brandLocks?.logo || kit?.logoUploadId ? (
          <>
            <div className="field checkboxes">
              <label>
                <input
                  type="checkbox"
                  checked={!design.logoUploadId}
                  disabled={locked.has("logo") && Boolean(design.logoUploadId)}
                  aria-describedby={locked.has("logo") ? "logo-locked-hint" : undefined}
                  onChange={(event) =>
                    onChange({
                      logoUploadId: event.target.checked
                        ? null
                        : (design.brandLocks?.logo ?? kit?.logoUploadId ?? design.logoUploadId),
                    })
                  }
                />
                Leave the logo off this document
              </label>
              {locked.has("logo") ? (
                <p className="hint" id="logo-locked-hint">
                  The brand kit says the logo must stay.
                </p>
              ) : null}
            </div>
            {design.logoUploadId ? (
              <div className="field">
                <label htmlFor="logoPlacement">Where the logo goes</label>
                <select
                  id="logoPlacement"
                  value={design.logoPlacement}
                  onChange={(event) => onChange({ logoPlacement: event.target.value as Design["logoPlacement"] })}
                >
                  {LOGO_PLACEMENTS.map((placement) => (
                    <option key={placement.value} value={placement.value}>
                      {placement.label}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
          </>
        ) : null}
        <FooterTextField
          key={design.footerText}
          value={design.footerText}
          locked={locked.has("footerText")}
          onSave={(footerText) => onChange({ footerText })}
        />
        <div className="field checkboxes">
          <label>
            <input
              type="checkbox"
              checked={design.quickExit}
              onChange={(event) => onChange({ quickExit: event.target.checked })}
            />
            Add an “Exit this page” button to the web version (for sensitive topics)
          </label>
          <label>
            <input
              type="checkbox"
              checked={design.printLinkAddresses !== false}
              onChange={(event) => onChange({ printLinkAddresses: event.target.checked })}
            />
            In the PDF, print a link's address after its words, e.g. “our website (demo-charity.example)”
          </label>
        </div>
      </fieldset>
    </>
  );
}

/**
 * The template (layout) is everyone's: choosing one asks first, beside the choice, and only "Switch" changes it.
 * Arrow keys move through the choices without changing anything, so keyboard users are never asked at every step.
 */
function TemplateChooser({
  template,
  templates,
  onSwitch,
  onTry,
  easyReadRows,
}: {
  template: PreviewTemplate;
  templates: PreviewTemplate[];
  onSwitch: (templateId: string) => void;
  onTry: (templateId: string | null) => void;
  easyReadRows: boolean;
}) {
  const [choice, setChoice] = useState<string | null>(null);
  const [switched, setSwitched] = useState("");
  const confirmRef = useRef<HTMLDivElement>(null);
  // A choice that is (or has become, by someone else's switch) the template in use asks nothing.
  const pending =
    choice && choice !== template.id ? (templates.find((candidate) => candidate.id === choice) ?? null) : null;

  const pendingId = pending?.id ?? null;
  useEffect(() => {
    onTry(pendingId);
    if (pendingId) confirmRef.current?.scrollIntoView({ block: "nearest" });
  }, [pendingId, onTry]);

  const focusChoice = (templateId: string) =>
    requestAnimationFrame(() => document.getElementById(`template-${templateId}`)?.focus());
  const keep = () => {
    setChoice(null);
    focusChoice(template.id);
  };
  const confirm = () => {
    if (!pending) return;
    onSwitch(pending.id);
    setChoice(null);
    setSwitched(`Switched to ${pending.name}. Everyone working on this document sees the new layout now.`);
    focusChoice(pending.id);
  };
  const keepOnEscape = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.preventDefault();
      keep();
    }
  };

  return (
    <fieldset className="field design-fieldset">
      <legend>
        <h3>Template</h3>
      </legend>
      <p className="hint">
        The layout everyone sees and prints. Switching keeps all the words; Copress asks before it switches.
      </p>
      <div className="radios">
        {templates.map((candidate) => (
          <div key={candidate.id} className="template-choice">
            <div className="radio">
              <input
                type="radio"
                id={`template-${candidate.id}`}
                name="template"
                value={candidate.id}
                checked={candidate.id === (pending?.id ?? template.id)}
                aria-describedby={`template-${candidate.id}-hint`}
                onChange={() => {
                  setChoice(candidate.id);
                  setSwitched("");
                }}
                onKeyDown={keepOnEscape}
              />
              <span>
                <label htmlFor={`template-${candidate.id}`}>{candidate.name}</label>
                <span className="hint radio__hint" id={`template-${candidate.id}-hint`}>
                  {candidate.id === template.id ? <span className="template-choice__current">In use now. </span> : null}
                  {candidate.description}
                </span>
              </span>
            </div>
            {pending?.id === candidate.id ? (
              <div
                ref={confirmRef}
                className="template-confirm"
                role="group"
                aria-labelledby="template-confirm-question"
                onKeyDown={keepOnEscape}
              >
                <p id="template-confirm-question">
                  <strong>Switch everyone's layout to {pending.name}?</strong> Everyone working on this document will
                  see it change. Your words stay as they are.
                </p>
                {pending.kind === "easy-read" && !easyReadRows ? <EasyReadWithoutRows /> : null}
                <div className="template-confirm__buttons">
                  <button type="button" className="button" onClick={confirm}>
                    Switch<span className="visually-hidden"> to {pending.name}</span>
                  </button>
                  <button type="button" className="button button--secondary" onClick={keep}>
                    Keep {template.name}
                  </button>
                </div>
              </div>
            ) : null}
          </div>
        ))}
      </div>
      <p role="status" className={switched ? "notice notice--success design-message" : "design-message"}>
        {switched}
      </p>
    </fieldset>
  );
}

/**
 * Said before switching an ordinary document to Easy Read: the layout alone does not make it Easy Read, and the preview
 * would otherwise look like an ordinary document in bigger type with no word of why.
 */
function EasyReadWithoutRows() {
  return (
    <p className="hint">
      These words have no Easy Read rows yet (a picture beside a few short lines), so they will look like an ordinary
      document in bigger type. Easy Read also needs shorter sentences and simpler words: after switching, writers can
      add rows with “Easy Read row” in the editor's More menu.
    </p>
  );
}

function BrandKitChooser({
  design,
  brandKits,
  kit,
  onChange,
}: {
  design: Design;
  brandKits: BrandKit[];
  kit: BrandKit | null;
  onChange: (values: Partial<Design>) => void;
}) {
  const [chosen, setChosen] = useState(design.brandKitId ?? brandKits[0]?.id ?? "");
  const [message, setMessage] = useState<string | null>(null);
  const changed = kit ? differencesFromBrandKit(design, kit) : [];
  if (brandKits.length === 0) {
    return (
      <div className="field design-fieldset">
        <h3>Brand kit</h3>
        <p className="hint">
          There are no brand kits yet. Make one on the Brand kits page to use your colours, fonts and logo.
        </p>
      </div>
    );
  }
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const picked = brandKits.find((candidate) => candidate.id === chosen);
    if (!picked) return;
    onChange(designFromBrandKit(picked));
    setMessage(`Brand kit “${picked.name}” applied: its colours, fonts, logo and footer.`);
  };
  return (
    <form className="field design-fieldset" onSubmit={apply} aria-labelledby="brand-kit-heading">
      <h3 id="brand-kit-heading">Brand kit</h3>
      {kit ? (
        <p className="hint">
          This document uses “{kit.name}”.
          {changed.length > 0 ? " Some choices differ from the kit now; apply it again to use the kit's choices." : ""}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="brand-kit">Choose a brand kit</label>
        <select id="brand-kit" value={chosen} onChange={(event) => setChosen(event.target.value)}>
          {brandKits.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button--secondary">
        Apply brand kit
      </button>
      {message ? (
        <p className="notice notice--success design-message" role="status">
          {message}
        </p>
      ) : null}
    </form>
  );
}

/**
 * The cover picture: chosen from the device (uploaded to the workspace), with what it shows for people who cannot
 * see it; changed or taken off again here.
 */
type CoverPicture = NonNullable<Design["coverPicture"]>;

/**
 * A link to a heading on this page that brings it into view and moves the keyboard focus there too — or to `back`, the
 * choice last used, when there is one (going back to the choices means going back to where one was).
 */
function JumpLink({ to, back, children }: { to: string; back?: () => HTMLElement | null; children: string }) {
  return (
    <a
      href={`#${to}`}
      onClick={(event) => {
        const previous = back?.();
        const target = previous?.isConnected ? previous : document.getElementById(to);
        if (!target) return;
        event.preventDefault();
        target.scrollIntoView({ block: target === previous ? "center" : "start" });
        target.focus({ preventScroll: true });
      }}
    >
      {children}
    </a>
  );
}

/** What else is on the cover, for people who see the design without changing it (approvers sign it off). */
function coverSummary(design: Design, hasCover: boolean): string {
  if (!hasCover) return "";
  if (design.coverPicture)
    return design.coverPicture.alt.trim()
      ? `, with a picture: “${design.coverPicture.alt.trim()}”`
      : ", with a picture (decoration only, not described)";
  return design.coverArt === "shapes" ? ", with circles in the brand's colours" : "";
}

/** What went wrong in the cover picture field, and where: only that part is marked. */
interface CoverPictureError {
  message: string;
  at: "library" | "file" | "alt";
}

/** Where the keyboard goes when the cover picture field is drawn afresh after a change made in it. */
let pendingCoverFocus: "description" | "search" | null = null;

function CoverPictureField({
  picture,
  language,
  onChange,
}: {
  /** The document's language, for the picture library's names. */
  language: string;
  picture: CoverPicture | null;
  onChange: (picture: CoverPicture | null) => void;
}) {
  const [alt, setAlt] = useState(picture?.alt ?? "");
  const [error, setError] = useState<CoverPictureError | null>(null);
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<FoundPicture | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const fieldRef = useRef<HTMLFieldSetElement>(null);
  // The field is drawn afresh for each picture (its key): where the keyboard was goes with it, so it is put where the
  // next step is — the picture's description after choosing one, the search after taking it off.
  useEffect(() => {
    const target = pendingCoverFocus;
    pendingCoverFocus = null;
    if (!target) return;
    const element = fieldRef.current?.querySelector<HTMLElement>(
      target === "description" ? "#cover-picture-alt" : 'input[type="search"]',
    );
    element?.focus();
  }, []);
  // A picture from the group's pictures or the free library: it becomes the group's own (once), with the credit its
  // licence asks for, which the PDF prints with the other pictures' credits.
  // A new picture gets its own description: the library's name for it, or (from a device) none until someone writes
  // one — never the words that described the picture before it.
  const takeFound = async (chosen: FoundPicture) => {
    setFound(chosen);
    setBusy(true);
    setError(null);
    const taken = await takeFoundPicture(chosen, chosen.description);
    setBusy(false);
    if ("error" in taken) return setError({ message: taken.error, at: "library" });
    const same = taken.url === picture?.src;
    const description = same ? alt.trim() || chosen.description : chosen.description;
    setAlt(description);
    if (!same) pendingCoverFocus = "description"; // a new picture: the field is drawn afresh
    onChange({ src: taken.url, alt: description, ...(taken.credit ? { credit: taken.credit } : {}) });
  };
  const choose = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    const uploaded = await uploadPicture(file);
    setBusy(false);
    if (fileRef.current) fileRef.current.value = "";
    if ("error" in uploaded) {
      setError({ message: uploaded.error, at: "file" });
      // The chooser was out of use while sending, which drops the keyboard: it goes back to the chooser.
      requestAnimationFrame(() => fileRef.current?.focus());
      return;
    }
    if (uploaded.url === picture?.src) return;
    pendingCoverFocus = "description";
    setAlt("");
    onChange({ src: uploaded.url, alt: "" });
  };
  const saveAlt = () => {
    if (!picture) return;
    const trimmed = alt.trim();
    if (trimmed.length > 300) return setError({ message: "Keep the description under 300 characters.", at: "alt" });
    setError(null);
    if (trimmed !== picture.alt) onChange({ ...picture, alt: trimmed });
  };
  return (
    <fieldset ref={fieldRef} className={`field cover-picture${error ? " cover-picture--error" : ""}`}>
      <legend>Cover picture</legend>
      <p className="hint" id="cover-picture-hint">
        A photo or drawing under the title, on the cover of the PDF and in the preview.
      </p>
      {error ? (
        <p className="field-error" id="cover-picture-error" role="alert">
          <span className="visually-hidden">Error: </span>
          {error.message}
        </p>
      ) : null}
      {picture ? (
        <p className="cover-picture__chosen">
          <img src={picture.src} alt="" className="cover-picture__thumb" />
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => {
              pendingCoverFocus = "search";
              onChange(null);
            }}
          >
            Take the picture off the cover
          </button>
        </p>
      ) : null}
      {picture?.credit ? <p className="hint">{picture.credit}. The PDF says so at the end.</p> : null}
      <PictureFinder
        language={language}
        chosen={found}
        onChoose={(chosen) => void takeFound(chosen)}
        focusOnOpen={false}
      />
      <label htmlFor="cover-picture-file">
        {picture ? "Or choose another picture from your device" : "Or choose a picture from your device"}
      </label>
      <input
        ref={fileRef}
        id="cover-picture-file"
        type="file"
        accept={PICTURE_FILE_TYPES}
        disabled={busy}
        aria-invalid={error?.at === "file" || undefined}
        aria-describedby={`cover-picture-hint${error?.at === "file" ? " cover-picture-error" : ""}`}
        onChange={(event) => void choose(event.target.files?.[0])}
      />
      {picture ? (
        // What a picture shows is asked once there is one (before, there is nothing to describe).
        <>
          <label htmlFor="cover-picture-alt">What the picture shows</label>
          <p className="hint" id="cover-picture-alt-hint">
            Said to people who cannot see it. Leave it empty if the picture is only decoration. Saved when you leave the
            box.
          </p>
          <input
            id="cover-picture-alt"
            type="text"
            value={alt}
            maxLength={300}
            aria-invalid={error?.at === "alt" || undefined}
            aria-describedby={`cover-picture-alt-hint${error?.at === "alt" ? " cover-picture-error" : ""}`}
            onChange={(event) => setAlt(event.target.value)}
            onBlur={saveAlt}
          />
        </>
      ) : null}
    </fieldset>
  );
}

function FooterTextField({
  value,
  locked,
  onSave,
}: {
  value: string;
  locked: boolean;
  onSave: (value: string) => void;
}) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    const trimmed = draft.trim();
    if (trimmed.length > 300) return setError("Keep the footer text under 300 characters.");
    setError(null);
    if (trimmed !== value) onSave(trimmed);
  };
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor="footerText">Footer text</label>
      <p className="hint" id="footerText-hint">
        {locked
          ? "The brand kit sets this text, so it can't be changed here."
          : "Contact details and charity number, printed at the end. Saved when you leave the box."}
      </p>
      {error ? (
        <p className="field-error" id="footerText-error">
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <textarea
        id="footerText"
        rows={3}
        value={draft}
        readOnly={locked}
        aria-describedby={`footerText-hint${error ? " footerText-error" : ""}`}
        aria-invalid={error ? true : undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={locked ? undefined : save}
      />
    </div>
  );
}

// Colours ------------------------------------------------------------------------------------------------------------------

const fieldId = (role: ColourRole) => `colour-${role}`;

/** The pair shown beside each role's field: the one it is most often judged by. */
const MAIN_PAIR: Record<ColourRole, (typeof COLOUR_PAIRS)[number]> = {
  text: COLOUR_PAIRS.find((pair) => pair.foreground === "text" && pair.background === "background")!,
  background: COLOUR_PAIRS.find((pair) => pair.foreground === "text" && pair.background === "background")!,
  primary: COLOUR_PAIRS.find((pair) => pair.foreground === "primary")!,
  onPrimary: COLOUR_PAIRS.find((pair) => pair.foreground === "onPrimary")!,
  accent: COLOUR_PAIRS.find((pair) => pair.foreground === "accent")!,
  muted: COLOUR_PAIRS.find((pair) => pair.foreground === "muted")!,
};

/** Turns typed values into colours, or field errors for the ones that are not colours. */
function readDrafts(drafts: Record<ColourRole, string>): { colours: ColourSet | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const colours = {} as ColourSet;
  for (const role of COLOUR_ROLES) {
    const hex = normaliseHex(drafts[role]);
    if (hex) colours[role] = hex;
    else
      errors[fieldId(role)] =
        `Enter the ${COLOUR_ROLE_LABELS[role].toLowerCase()} colour as a # and six letters or numbers, like #1D4F91.`;
  }
  return { colours: Object.keys(errors).length ? null : colours, errors };
}

/** "Use #a96700", with a swatch of it: takes a suggested colour in one click. */
function SuggestionButton({ colour, onUse }: { colour: string; onUse: (colour: string) => void }) {
  return (
    <button type="button" className="button button--small suggestion-button" onClick={() => onUse(colour)}>
      <span className="colour-swatch colour-swatch--small" style={{ background: colour }} aria-hidden="true" />
      Use {colour}
    </button>
  );
}

function ColourControls({
  colours,
  kit,
  onApply,
  onDraft,
}: {
  colours: ColourSet;
  kit: BrandKit | null;
  onApply: (colours: ColourSet) => void;
  /**
   * The colours being chosen while they differ from the applied ones: the set when every pair is readable, "faint"
   * when a pair is too faint to draw (the preview keeps the applied colours and says why), null when none.
   */
  onDraft: (colours: ColourSet | "faint" | null) => void;
}) {
  const [drafts, setDrafts] = useState<Record<ColourRole, string>>({ ...colours });
  const [formatErrors, setFormatErrors] = useState<FieldErrors>({});
  const [refusals, setRefusals] = useState<Partial<Record<ColourRole, Refusal>>>({});
  const [applied, setApplied] = useState<string | null>(null);
  const shared = JSON.stringify(colours);

  // Someone (maybe on another screen) changed the colours: show what everyone now sees.
  useEffect(() => {
    setDrafts(JSON.parse(shared) as ColourSet);
  }, [shared]);

  const live = readDrafts(drafts).colours;
  const liveChecks = live ? checkColourPairs(live) : null;
  // Colours being chosen show in this person's preview before they are applied for everyone — once every pair is clear
  // enough to read (faint text is not drawn in the page, for anyone: the colour samples show a failing pair).
  const differs = live !== null && COLOUR_ROLES.some((role) => live[role] !== normaliseHex(colours[role]));
  const readable = liveChecks?.every((check) => check.passes) ?? false;
  const draftKey = differs ? (readable ? JSON.stringify(live) : "faint") : null;
  useEffect(() => {
    onDraft(draftKey === null ? null : draftKey === "faint" ? "faint" : (JSON.parse(draftKey) as ColourSet));
  }, [draftKey, onDraft]);
  useEffect(() => () => onDraft(null), [onDraft]);
  // What would be suggested if the colours were applied as they are: offered while the designer is choosing, not
  // only after "Apply colours" has refused them.
  const liveRefusals = live && liveChecks?.some((check) => !check.passes) ? refusalsOf(live) : {};
  const palette = kit
    ? Object.entries(kit.colours).filter(([, hex], index, all) => all.findIndex(([, other]) => other === hex) === index)
    : [];

  const tryApply = (next: Record<ColourRole, string>) => {
    setApplied(null);
    const read = readDrafts(next);
    setFormatErrors(read.errors);
    if (!read.colours) {
      setRefusals({});
      return;
    }
    const found = refusalsOf(read.colours);
    setRefusals(found);
    if (Object.keys(found).length > 0) return;
    onApply(read.colours);
    setApplied("Colours applied. Everyone sees them now.");
  };

  const acceptSuggestion = (role: ColourRole, suggestion: string) => {
    const next = { ...drafts, [role]: suggestion };
    setDrafts(next);
    tryApply(next);
    // Keep the keyboard where the person was working.
    requestAnimationFrame(() => document.getElementById(fieldId(role))?.focus());
  };

  const summaryErrors: FieldErrors = { ...formatErrors };
  for (const [role, refusal] of Object.entries(refusals)) summaryErrors[fieldId(role as ColourRole)] = refusal!.message;

  return (
    <form
      className="field design-fieldset colour-form"
      noValidate
      aria-labelledby="colours-heading"
      onSubmit={(event) => {
        event.preventDefault();
        tryApply(drafts);
      }}
    >
      <h3 id="colours-heading">Colours</h3>
      <p className="hint">
        Every pair of colours that prints text must be clear enough to read (at least 4.5:1; lines and borders 3:1).
      </p>
      <ErrorSummary errors={summaryErrors} />
      {COLOUR_ROLES.map((role) => {
        const id = fieldId(role);
        const refusal = refusals[role];
        const error = formatErrors[id] ?? refusal?.message;
        const pair = MAIN_PAIR[role];
        const check = liveChecks?.find(
          (candidate) => candidate.foreground === pair.foreground && candidate.background === pair.background,
        );
        const roleFails = liveChecks?.some(
          (candidate) => !candidate.passes && (candidate.foreground === role || candidate.background === role),
        );
        const hex = normaliseHex(drafts[role]);
        return (
          <div key={role} className={`field colour-field${error ? " field--error" : ""}`}>
            <label htmlFor={id}>{COLOUR_ROLE_LABELS[role]}</label>
            <p className="hint" id={`${id}-hint`}>
              {COLOUR_ROLE_HINTS[role]}
            </p>
            {error ? (
              <div className="field-error" id={`${id}-error`}>
                <p>
                  <span className="visually-hidden">Error: </span>
                  {error}
                </p>
                {refusal?.suggestion ? (
                  <SuggestionButton colour={refusal.suggestion} onUse={(colour) => acceptSuggestion(role, colour)} />
                ) : null}
              </div>
            ) : null}
            <div className="colour-field__inputs">
              <input
                id={id}
                type="text"
                inputMode="text"
                autoComplete="off"
                spellCheck={false}
                value={drafts[role]}
                aria-invalid={error ? true : undefined}
                aria-describedby={[`${id}-hint`, error ? `${id}-error` : null, `${id}-check`].filter(Boolean).join(" ")}
                onChange={(event) => setDrafts({ ...drafts, [role]: event.target.value })}
              />
              <input
                type="color"
                className="colour-picker"
                aria-label={`Pick a colour for: ${COLOUR_ROLE_LABELS[role]}`}
                value={hex ?? "#000000"}
                onChange={(event) => setDrafts({ ...drafts, [role]: event.target.value })}
              />
            </div>
            <p className="colour-check" id={`${id}-check`}>
              {check && live ? (
                <>
                  <span
                    className="colour-sample"
                    style={{ color: live[pair.foreground], background: check.backgroundColour }}
                    aria-hidden="true"
                  />
                  {pair.use.charAt(0).toUpperCase() + pair.use.slice(1)}: <RatioBadge check={check} />
                  {roleFails && check.passes ? (
                    <span className="hint"> Another pair with this colour is too faint.</span>
                  ) : null}
                  {!error && liveRefusals[role]?.suggestion ? (
                    <>
                      {" "}
                      <SuggestionButton
                        colour={liveRefusals[role].suggestion}
                        onUse={(colour) => acceptSuggestion(role, colour)}
                      />
                    </>
                  ) : null}
                </>
              ) : (
                <span className="hint">Enter a colour to see its contrast.</span>
              )}
            </p>
            {palette.length > 0 ? (
              <div
                className="brand-palette"
                role="group"
                aria-label={`Brand colours for ${COLOUR_ROLE_LABELS[role].toLowerCase()}`}
              >
                {palette.map(([name, value]) => (
                  <button
                    key={name}
                    type="button"
                    className="brand-palette__colour"
                    style={{ background: value }}
                    aria-label={`Use brand colour ${COLOUR_ROLE_LABELS[name as ColourRole]} ${value}`}
                    aria-pressed={hex === value}
                    onClick={() => setDrafts({ ...drafts, [role]: value })}
                  />
                ))}
              </div>
            ) : null}
          </div>
        );
      })}
      <button type="submit" className="button">
        Apply colours
      </button>
      {applied ? (
        <p className="notice notice--success design-message" role="status">
          {applied}
        </p>
      ) : null}
    </form>
  );
}
