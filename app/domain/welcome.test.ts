import { describe, expect, it } from "vitest";
import { welcomeFor } from "./welcome";

const context = { name: "Nia", workspaceName: "Demo Charity", documentTitle: "Women's Rights", coordinators: ["Cora"] };

describe("welcomeFor", () => {
  it("greets a writer invited to one document with how to write, hints, checks and comments", () => {
    const welcome = welcomeFor(["writer"], context);
    expect(welcome.title).toBe("Welcome to Demo Charity, Nia");
    expect(welcome.intro).toBe("You're in “Women's Rights”. Here is how to start:");
    expect(welcome.steps.join(" ")).toMatch(/tap or click in the text and type.*no Save button/);
    expect(welcome.steps.join(" ")).toContain("Grey words are hints from the template.");
    expect(welcome.steps.join(" ")).toContain("A wavy line under words");
    expect(welcome.steps.join(" ")).toContain("select them and choose Comment");
    expect(welcome.steps.join(" ")).not.toMatch(/sign it off|Design, at the top|ask Cora/);
    expect(welcome.steps.at(-1)).toBe("For you, at the top of every page, lists what is waiting for you.");
  });

  it("tells an approver how to comment, suggest and sign off, not how to write", () => {
    const steps = welcomeFor(["approver"], context).steps.join(" ");
    expect(steps).toContain("you will find it under For you. You can approve it, or ask for changes");
    expect(steps).toContain("it is shown as a suggestion for the writers to accept");
    expect(steps).not.toContain("Grey words");
  });

  it("tells a viewer whom to ask, and someone joining the group where their documents are", () => {
    const viewer = welcomeFor(["viewer"], { ...context, documentTitle: null, coordinators: ["Cora", "Sam"] });
    expect(viewer.intro).toBe("Here is how to start:");
    expect(viewer.steps[0]).toBe("Below are the documents your group is working on. Open one to start.");
    expect(viewer.steps).toContain(
      "You can read the documents here. To change anything, ask Cora or Sam (coordinators).",
    );
    expect(viewer.steps.join(" ")).not.toMatch(/Comment|type/);
  });

  it("gives a designer the Design page", () => {
    expect(welcomeFor(["designer"], context).steps.join(" ")).toContain("Design, at the top of each document");
  });
});
