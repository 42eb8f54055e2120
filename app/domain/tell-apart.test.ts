import { describe, expect, it } from "vitest";
import { tellApart } from "./tell-apart";

const doc = (id: string, title: string, templateName: string, updatedAt: string) => ({
  id,
  title,
  templateName,
  updatedAt,
});

describe("tellApart", () => {
  it("says nothing for a title used once", () => {
    expect(tellApart([doc("a", "Women's Rights", "A5 booklet", "2026-12-05T14:02:00Z")], {}).size).toBe(0);
  });

  it("uses the template and the day when that is enough, ignoring letter case and spaces in titles", () => {
    const tells = tellApart(
      [
        doc("a", "Women's Rights", "A5 booklet", "2026-12-05T14:02:00Z"),
        doc("b", " women's rights", "A4 tri-fold leaflet", "2026-12-05T14:02:00Z"),
      ],
      {},
    );
    expect(tells.get("a")).toBe("A5 booklet, changed 5 Dec");
    expect(tells.get("b")).toBe("A4 tri-fold leaflet, changed 5 Dec");
  });

  it("adds the time, then who started it, then the place in the list, until each is different", () => {
    const sameDay = tellApart(
      [doc("a", "T", "A5 booklet", "2026-12-05T10:00:00Z"), doc("b", "T", "A5 booklet", "2026-12-05T14:02:00Z")],
      {},
    );
    expect([sameDay.get("a"), sameDay.get("b")]).toEqual([
      "A5 booklet, changed 5 Dec, 10:00",
      "A5 booklet, changed 5 Dec, 14:02",
    ]);
    const sameTime = tellApart(
      [doc("a", "T", "A5 booklet", "2026-12-05T14:02:00Z"), doc("b", "T", "A5 booklet", "2026-12-05T14:02:00Z")],
      { a: "Cora", b: "Dana" },
    );
    expect(sameTime.get("b")).toBe("A5 booklet, changed 5 Dec, 14:02, started by Dana");
    const same = tellApart(
      [doc("a", "T", "A5 booklet", "2026-12-05T14:02:00Z"), doc("b", "T", "A5 booklet", "2026-12-05T14:02:00Z")],
      { a: "Cora", b: "Cora" },
    );
    expect([same.get("a"), same.get("b")]).toEqual([
      "A5 booklet, changed 5 Dec, 14:02, started by Cora (1 of 2)",
      "A5 booklet, changed 5 Dec, 14:02, started by Cora (2 of 2)",
    ]);
  });
});
