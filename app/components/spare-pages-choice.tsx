/**
 * The designer's choice of what fills a folded leaflet's spare pages (`design.sparePages`): lined notes pages, or an
 * inside back cover in the main colour. Shown only for templates with a fixed number of pages (booklet, tri-fold).
 * The design panel mounts it among its layout choices; the live preview and the PDF follow the choice.
 */
import type { Design } from "~/domain/design";
import type { Template } from "~/domain/template";

const CHOICES: Array<{
  value: Design["sparePages"];
  label: (unit: "page" | "panel") => string;
  hint: (unit: "page" | "panel") => string;
}> = [
  {
    value: "notes",
    label: (unit) => `Notes ${unit}s`,
    hint: (unit) => `Lined ${unit}s headed “Notes”, for readers to write on.`,
  },
  {
    value: "back-cover",
    label: () => "Inside back cover",
    hint: (unit) =>
      `The last spare ${unit} in your main colour, with your logo and name. Any other spare ${unit}s are notes ${unit}s.`,
  },
];

export function SparePagesChoice({
  design,
  template,
  disabled = false,
  onChange,
}: {
  design: Design;
  template: Pick<Template, "imposition">;
  disabled?: boolean;
  onChange: (values: Partial<Design>) => void;
}) {
  if (template.imposition === "pages") return null;
  const unit = template.imposition === "trifold" ? "panel" : "page";
  return (
    <fieldset className="field" aria-describedby="spare-pages-hint">
      <legend>Spare {unit}s</legend>
      <p className="hint" id="spare-pages-hint">
        When the words take fewer {unit}s than the {template.imposition === "trifold" ? "leaflet" : "booklet"} has,
        Copress fills the rest, so no {unit} is printed blank.
      </p>
      <div className="radios">
        {CHOICES.map((choice) => (
          <div key={choice.value} className="radio">
            <input
              type="radio"
              id={`spare-pages-${choice.value}`}
              name="sparePages"
              value={choice.value}
              checked={design.sparePages === choice.value}
              disabled={disabled}
              aria-describedby={`spare-pages-${choice.value}-hint`}
              onChange={() => onChange({ sparePages: choice.value })}
            />
            <span>
              <label htmlFor={`spare-pages-${choice.value}`}>{choice.label(unit)}</label>
              <span className="hint radio__hint" id={`spare-pages-${choice.value}-hint`}>
                {choice.hint(unit)}
              </span>
            </span>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
