/**
 * Sample documents for the demo workspace "Demo Charity" (the README's demo people). The text was written for the demo:
 * it is plausible UK guidance in plain English, but it is not legal advice. Phone numbers are from Ofcom's range
 * reserved for drama (0808 157 0000–0999), so they never reach a real helpline; email and web addresses use the
 * reserved `.example` domain.
 *
 * The guide keeps two deliberate imperfections so the demo shows the checks working: one sentence of about
 * 30 words (in "Care proceedings: what happens next") and the jargon "service users" (in "What social workers do").
 */
import type { SectionStatus } from "../../app/editor/schema";

export interface DemoSection {
  title: string;
  /** Username of the writer who owns the section (`wren` or `will`), or null for nobody. */
  ownerUsername: string | null;
  status: SectionStatus;
  contentNote: string | null;
  /** ProseMirror JSON block nodes (see app/editor/schema.ts). */
  blocks: unknown[];
}

export interface DemoDocument {
  title: string;
  templateId: string;
  sections: DemoSection[];
}

type Inline = { type: "text"; text: string; marks?: Array<{ type: "bold" }> };

const text = (value: string): Inline => ({ type: "text", text: value });
const bold = (value: string): Inline => ({ type: "text", text: value, marks: [{ type: "bold" }] });
const p = (...parts: Array<string | Inline>) => ({
  type: "paragraph",
  content: parts.map((part) => (typeof part === "string" ? text(part) : part)),
});
const h3 = (value: string) => ({ type: "heading", attrs: { level: 3 }, content: [text(value)] });
const h4 = (value: string) => ({ type: "heading", attrs: { level: 4 }, content: [text(value)] });
const bullets = (...items: string[]) => ({
  type: "bulletList",
  content: items.map((item) => ({ type: "listItem", content: [p(item)] })),
});
const numbered = (...items: Array<[string, string]>) => ({
  type: "orderedList",
  attrs: { start: 1 },
  content: items.map(([name, detail]) => ({ type: "listItem", content: [p(bold(name), text(" " + detail))] })),
});
const keyInfo = (...paragraphs: ReturnType<typeof p>[]) => ({ type: "keyInfo", content: paragraphs });
const contact = (...lines: string[]) => ({ type: "contactBlock", content: lines.map((line) => p(line)) });

const womensRights: DemoDocument = {
  title: "Women's Rights",
  templateId: "a5-booklet",
  sections: [
    {
      title: "Who this leaflet is for",
      ownerUsername: "wren",
      status: "done",
      contentNote: null,
      blocks: [
        p("This leaflet is for women living in the UK."),
        p("It explains your rights at work and at home. It also says where to get help if you are being abused."),
        p(
          "It is a short guide, not legal advice. If you are not sure what to do, talk to us. Our help is free and private.",
        ),
      ],
    },
    {
      title: "Your rights at work",
      ownerUsername: "wren",
      status: "ready-for-review",
      contentNote: null,
      blocks: [
        p("The law protects you from being treated unfairly at work because you are a woman."),
        h3("Equal pay"),
        p(
          "You must get the same pay as a man who does the same job, or work of the same value. This includes bonuses, holiday and pension.",
        ),
        h3("Pregnancy and maternity"),
        bullets(
          "Your employer must not treat you worse because you are pregnant.",
          "You can take paid time off for antenatal appointments.",
          "You can take up to 52 weeks of maternity leave.",
          "You may get Statutory Maternity Pay or Maternity Allowance.",
        ),
        h3("Flexible working"),
        p(
          "You can ask to change your hours or where you work from your first day in a job. Your employer must think about your request properly. They must give you an answer within two months.",
        ),
        h3("Sexual harassment"),
        p(
          "Nobody at work should touch you, comment on you or send you sexual messages that you do not want. Your employer must take steps to stop this from happening.",
        ),
        keyInfo(
          p(
            "If something at work feels unfair, write down what happened and when. Keep any letters, emails or messages.",
          ),
          p("There are strict time limits for making a claim, so get advice early."),
        ),
      ],
    },
    {
      title: "Your home",
      ownerUsername: "will",
      status: "drafting",
      contentNote: null,
      blocks: [
        p("If you rent, you have the right to a home that is safe and in good repair."),
        p(
          "Your landlord must not force you out by changing the locks, taking your things or threatening you. This is against the law. In most cases, only a court can order you to leave.",
        ),
        h3("If you might lose your home"),
        p(
          "Contact your local council's housing team as soon as you can. They have a duty to help if you could become homeless in the next 8 weeks.",
        ),
        p(
          "If you have to leave home because of domestic abuse, tell the council. In England, you will be treated as a priority for emergency housing.",
        ),
      ],
    },
    {
      title: "Support if you are being abused",
      ownerUsername: "will",
      status: "drafting",
      contentNote: "This section talks about domestic abuse, including violence and control.",
      blocks: [
        keyInfo(
          p(bold("If you are in danger now, call 999.")),
          p(
            "If you cannot speak, stay on the line. On a mobile, press 55 when you are asked. The police will know it is a real call.",
          ),
        ),
        p("Domestic abuse is not only hitting. It can also be:"),
        bullets(
          "controlling where you go, who you see or what you wear",
          "taking your money or stopping you from working",
          "threats, name-calling or making you feel afraid",
          "forcing you to do sexual things",
        ),
        p("Domestic abuse is never your fault. You do not have to leave home to get help."),
        h3("Help you can get"),
        bullets(
          "A support worker can help you make a plan to stay safe.",
          "A court can order the abuser to stay away from you and your home. Legal aid may help pay for this.",
          "You can ask the police if your partner has a history of abuse. This is sometimes called Clare's Law.",
        ),
        p("We can talk to you in private and help you find a safe place to stay."),
      ],
    },
    {
      title: "Contact us",
      ownerUsername: null,
      status: "done",
      contentNote: null,
      blocks: [
        p("Talk to us in confidence. We will not tell anyone you called unless someone is in danger."),
        contact(
          "Demo Charity",
          "Freephone: 0808 157 0123 (Monday to Friday, 9am to 5pm)",
          "Email: help@demo-charity.example",
          "Website: www.demo-charity.example",
          "Address: 1 Example Street, Anytown AN1 2XY",
        ),
        p("If you need this leaflet in large print, Easy Read or another language, please ask us."),
      ],
    },
  ],
};

const childProtectionGuide: DemoDocument = {
  title: "Guide to Child Protection and Care Proceedings",
  templateId: "a4-guide",
  sections: [
    {
      title: "About this guide",
      ownerUsername: null,
      status: "done",
      contentNote: null,
      blocks: [
        p("This guide is for parents and carers whose family is involved with children's services in England."),
        p(
          "It explains what social workers do and what happens at a child protection conference. It also explains what happens if the council goes to court.",
        ),
        p("You can read the parts you need, in any order."),
        keyInfo(
          p(bold("If you get a letter from the council about going to court, get a solicitor straight away.")),
          p("Legal aid for this is free for parents."),
        ),
      ],
    },
    {
      title: "What social workers do",
      ownerUsername: "wren",
      status: "done",
      contentNote: null,
      blocks: [
        p("Social workers from your council's children's services help families when there are worries about a child."),
        p(
          "Most families who meet a social worker keep their children at home. The social worker's job is to make sure your child is safe and to offer help.",
        ),
        h3("If someone is worried about your child"),
        p(
          "A teacher, doctor or neighbour may contact children's services. A social worker will then talk to you and your child. They will look at what help your family needs. This is called an assessment.",
        ),
        p(
          "During an assessment, the social worker will visit service users at home. They may speak to your child on their own.",
        ),
        h3("Child in need or child protection"),
        bullets(
          "A child in need plan is support that you agree to, such as help with housing or parenting.",
          "A child protection enquiry happens if the council thinks your child may be at risk of serious harm. You may hear it called a section 47 enquiry.",
        ),
      ],
    },
    {
      title: "The child protection conference",
      ownerUsername: "wren",
      status: "ready-for-review",
      contentNote: "This section mentions child abuse and neglect.",
      blocks: [
        p(
          "If the enquiry finds serious worries, the council will hold a meeting called a child protection conference. It should happen within 15 working days.",
        ),
        p(
          "You will be invited. Other people who know your family will be there too. This may include the social worker, a teacher, a health visitor or the police.",
        ),
        h3("Before the meeting"),
        bullets(
          "Ask to see the social worker's report. You should get it before the meeting.",
          "You can bring a friend, a family member or an advocate to support you.",
          "Ask for an interpreter if you need one.",
          "You can ask a solicitor for advice before the meeting.",
        ),
        h3("What the meeting decides"),
        p(
          "The meeting decides whether your child needs a child protection plan. The plan says what needs to change, who will help and how progress will be checked.",
        ),
        p(
          "If you disagree with the decision, you can complain to the council. Ask the person chairing the meeting how to do this.",
        ),
      ],
    },
    {
      title: "Care proceedings: what happens next",
      ownerUsername: "will",
      status: "drafting",
      contentNote: null,
      blocks: [
        p(
          "Care proceedings are when the council asks the family court to decide what should happen to your child. The court tries to finish within 26 weeks.",
        ),
        keyInfo(
          p(
            "You will get free legal aid for care proceedings if you are a parent or have parental responsibility. It does not matter how much money you have.",
          ),
        ),
        h3("The stages"),
        numbered(
          [
            "Letter before proceedings.",
            "The council writes to say it is thinking about going to court. Take this letter to a solicitor straight away.",
          ],
          ["Pre-proceedings meeting.", "You, your solicitor and the social worker meet to agree what needs to change."],
          [
            "The council applies to court.",
            "You will get copies of the papers. Your child gets their own solicitor and a children's guardian from Cafcass.",
          ],
          ["First hearing.", "The judge decides where your child will live for now and what assessments are needed."],
          [
            "Assessments.",
            "Experts may meet you and your family. Relatives who could care for your child may be assessed too.",
          ],
          [
            "Issues resolution hearing.",
            "The judge looks at what everyone agrees on and what they still disagree about.",
          ],
          ["Final hearing.", "The judge makes a final decision about your child's future."],
        ),
        h4("At every hearing"),
        p("Go to every hearing and arrive early. Your solicitor will meet you before you go in."),
        h3("What the court can decide"),
        p(
          "If the court decides that your child cannot safely come home, it may make a care order, which means the council shares parental responsibility with you and decides where your child lives.",
        ),
        p("The court can also decide that:"),
        bullets(
          "your child comes home, sometimes with a social worker supporting the family for a while",
          "a relative or friend looks after your child until they are 18, under a special guardianship order",
          "your child can be placed for adoption, under a placement order",
        ),
      ],
    },
    {
      title: "Your rights",
      ownerUsername: "wren",
      status: "drafting",
      contentNote: null,
      blocks: [
        bullets(
          "You have the right to be told what the council is worried about.",
          "You can see reports about your family before meetings. You can ask for mistakes to be corrected.",
          "You can bring someone to support you at meetings.",
          "You can ask for an interpreter or for help with reading and writing.",
          "You can have a solicitor in care proceedings, and legal aid pays for this.",
          "You can ask to see the records the council keeps about you. This is called a subject access request.",
          "You can complain if you think the council has treated you unfairly.",
        ),
        keyInfo(
          p(
            "Keep going to meetings, even if you feel angry or upset. It shows you want to work with the council to keep your child safe.",
          ),
        ),
      ],
    },
    {
      title: "Getting a solicitor and legal aid",
      ownerUsername: "will",
      status: "drafting",
      contentNote: null,
      blocks: [
        p("A solicitor who knows about children law can explain your choices and speak for you in court."),
        bullets(
          "Look for a solicitor who is a member of the Law Society's Children Law Accreditation Scheme.",
          'Search for "find a legal aid adviser" on GOV.UK to find one near you.',
          "Call the solicitor as soon as you get a letter from the council. Bring the letter with you.",
        ),
        p(
          "Legal aid for care proceedings is free for parents. For other help, you may need to show that you have a low income. This includes advice before a child protection conference.",
        ),
      ],
    },
    {
      title: "Where to get support",
      ownerUsername: null,
      status: "drafting",
      contentNote: null,
      blocks: [
        p(
          "You do not have to go through this alone. We support parents and carers in England, and we will not judge you.",
        ),
        bullets(
          "Family and friends can come with you to meetings.",
          "An advocate can help you say what you want and understand what is happening.",
          "Family Rights Group is a national charity that gives free advice to parents and families.",
        ),
        contact(
          "Demo Charity – Family Support Line",
          "Freephone: 0808 157 0123 (Monday to Friday, 9am to 5pm)",
          "Email: families@demo-charity.example",
          "Website: www.demo-charity.example/families",
        ),
      ],
    },
  ],
};

export const demoDocuments: DemoDocument[] = [womensRights, childProtectionGuide];
