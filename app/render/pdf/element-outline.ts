/**
 * A readable outline of a react-pdf element tree for snapshot tests: element types, the props that decide
 * structure and pagination, and the text — not styles or picture bytes, which would make every snapshot churn.
 */
import { isValidElement, type ReactElement, type ReactNode } from "react";

const SHOWN_PROPS = [
  "tag",
  "alt",
  "actualText",
  "artifact",
  "readingOrder",
  "id",
  "fixed",
  "wrap",
  "size",
  "title",
  "author",
  "subject",
  "language",
  "tagged",
  "src",
] as const;

function describeValue(key: string, value: unknown): string {
  if (key === "src" && value && typeof value === "object" && "data" in value) {
    const { data, format } = value as { data: Uint8Array; format: string };
    return `<${format} ${data.byteLength} bytes>`;
  }
  if (key === "src" && typeof value === "string") return value;
  return JSON.stringify(value);
}

function textOf(node: ReactNode): string | null {
  if (typeof node === "string" || typeof node === "number") return String(node);
  return null;
}

export function outlineElement(node: ReactNode, depth = 0): string[] {
  if (node === null || node === undefined || typeof node === "boolean") return [];
  const indent = "  ".repeat(depth);
  const text = textOf(node);
  if (text !== null) return [`${indent}${JSON.stringify(text)}`];
  if (Array.isArray(node)) return node.flatMap((child) => outlineElement(child as ReactNode, depth));
  if (!isValidElement(node)) return [`${indent}?`];
  const element = node as ReactElement<Record<string, unknown>>;
  const type =
    typeof element.type === "string" ? element.type : ((element.type as { name?: string }).name ?? "Component");
  const props = SHOWN_PROPS.filter((key) => element.props[key] !== undefined).map(
    (key) => `${key}=${describeValue(key, element.props[key])}`,
  );
  if (typeof element.props.render === "function") props.push("render=ƒ");
  if (typeof element.props.layout === "function") props.push("layout=ƒ");
  if (element.props.bookmark !== undefined) props.push("bookmark");
  if (element.props.minPresenceAhead !== undefined) props.push("keepWithNext");
  const line = `${indent}${type}${props.length ? ` ${props.join(" ")}` : ""}`;
  return [line, ...outlineElement(element.props.children as ReactNode, depth + 1)];
}
