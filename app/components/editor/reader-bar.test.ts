import { describe, expect, it } from "vitest";
import { whomToAsk } from "./reader-bar";
import { ariaKeys, shortcutLabel } from "./shortcuts";

describe("whomToAsk", () => {
  it("names the workspace's coordinators, once", () => {
    expect(whomToAsk(["Cora"])).toBe("Cora (coordinator)");
    expect(whomToAsk(["Cora (coordinator)"])).toBe("Cora (coordinator)");
    expect(whomToAsk(["Cora", "Sam"])).toBe("Cora or Sam (coordinators)");
    expect(whomToAsk(["Cora", "Sam", "Kim", "Lee"])).toBe("Cora, Sam or Kim (coordinators)");
  });

  it("never leaves a gap where a name should be", () => {
    expect(whomToAsk([])).toBe("a coordinator");
    expect(whomToAsk(["  "])).toBe("a coordinator");
  });
});

describe("shortcut labels", () => {
  it("are written as the person's keyboard says them", () => {
    expect(shortcutLabel("comment", false)).toBe("Ctrl+Alt+M");
    expect(shortcutLabel("comment", true)).toBe("⌘⌥M");
    expect(shortcutLabel("redo", true)).toBe("⌘⇧Z");
    expect(ariaKeys("bold", false)).toBe("Control+B");
    expect(ariaKeys("bold", true)).toBe("Meta+B");
    expect(ariaKeys("toolbar", true)).toBe("Alt+F10");
  });
});
