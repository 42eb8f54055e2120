import { describe, expect, it } from "vitest";
import { arrivalsNews, editingNews } from "./presence-news";

const me = { id: "me", name: "Wren" };
const will = { id: "will", name: "Will" };
const abi = { id: "abi", name: "Abi" };

describe("arrivalsNews", () => {
  it("names who joined and who left", () => {
    expect(arrivalsNews([me], [me, will], "me")).toBe("Will joined.");
    expect(arrivalsNews([me], [me, will, abi], "me")).toBe("Will and Abi joined.");
    expect(arrivalsNews([me, will], [me, abi], "me")).toBe("Abi joined. Will left.");
    expect(arrivalsNews([me, will], [me], "me")).toBe("Will left. You're the only one here now.");
  });

  it("says nothing when nobody came or went, about me, or about someone without a name", () => {
    expect(arrivalsNews([me, will], [will, me], "me")).toBeNull();
    expect(arrivalsNews([], [me], "me")).toBeNull();
    expect(arrivalsNews([me], [me, { id: "x", name: "  " }], "me")).toBeNull();
  });
});

describe("editingNews", () => {
  it("names the person and the section", () => {
    expect(editingNews(["Will"], ["Your home"])).toBe("Will is editing “Your home”.");
    expect(editingNews(["Will", "Abi"], ["Your home", "Contact us"])).toBe(
      "Will and Abi are editing “Your home” and “Contact us”.",
    );
    expect(editingNews([], ["Your home"])).toBe("Someone else is editing “Your home”.");
  });

  it("never says an empty title", () => {
    expect(editingNews(["Will"], [""])).toBe("Will is editing a section without a title.");
    expect(editingNews(["Will"], ["  ", "Contact us"])).toBe(
      "Will is editing “Contact us” and a section without a title.",
    );
    expect(editingNews([""], ["", ""])).toBe("Someone else is editing 2 sections without titles.");
    for (const news of [editingNews(["Will"], [""]), editingNews([], ["", "x"])]) expect(news).not.toContain("“”");
    expect(editingNews(["Will"], [])).toBeNull();
    expect(editingNews(["Abi"], ["Your home"], true)).toBe("Abi is suggesting changes in “Your home”.");
  });
});
