import { type HessianValue, JavaDouble, JavaList, JavaMap, JavaObject } from "@tribridge/hessian2";

/**
 * Renders a lossless Hessian value as an indented tree that shows every Java type
 * (int vs long vs double, class names, typed lists), the way an operator debugging a
 * frame wants to read it. Shared and circular references print as `@n`.
 */
export function formatValue(value: HessianValue): string {
  const lines: string[] = [];
  const seen = new Map<object, number>();
  write(value, "", "", lines, seen);
  return lines.join("\n");
}

const MAX_STRING_PREVIEW = 120;
const MAX_BINARY_PREVIEW = 32;

function write(value: HessianValue, indent: string, label: string, lines: string[], seen: Map<object, number>): void {
  const head = indent + label;
  if (value === null) return void lines.push(`${head}null`);
  switch (typeof value) {
    case "boolean":
      return void lines.push(`${head}boolean ${value}`);
    case "number":
      return void lines.push(`${head}${Number.isInteger(value) ? "int" : "double"} ${value}`);
    case "bigint":
      return void lines.push(`${head}long ${value}`);
    case "string":
      return void lines.push(`${head}string ${JSON.stringify(preview(value))}${lengthNote(value.length)}`);
  }
  if (value instanceof JavaDouble) return void lines.push(`${head}double ${formatDouble(value.value)}`);
  if (value instanceof Date) return void lines.push(`${head}date ${dateText(value)}`);
  if (value instanceof Uint8Array) {
    const hex = Array.from(value.subarray(0, MAX_BINARY_PREVIEW), (b) => b.toString(16).padStart(2, "0")).join("");
    return void lines.push(`${head}binary[${value.length}] ${hex}${value.length > MAX_BINARY_PREVIEW ? "…" : ""}`);
  }
  const earlier = seen.get(value);
  if (earlier !== undefined) return void lines.push(`${head}ref @${earlier}`);
  const id = seen.size;
  seen.set(value, id);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    lines.push(`${head}list @${id} [${value.length}]`);
    for (let i = 0; i < value.length; i++) write(value[i] as HessianValue, inner, `[${i}] `, lines, seen);
  } else if (value instanceof JavaList) {
    lines.push(`${head}list @${id} ${value.type ?? "(untyped)"} [${value.items.length}]`);
    for (let i = 0; i < value.items.length; i++) write(value.items[i] as HessianValue, inner, `[${i}] `, lines, seen);
  } else if (value instanceof JavaMap) {
    lines.push(`${head}map @${id} ${value.type ?? "(untyped)"} {${value.size}}`);
    for (const [k, v] of value.entries) {
      write(k, inner, "key ", lines, seen);
      write(v, `${inner}  `, "=> ", lines, seen);
    }
  } else if (value instanceof JavaObject) {
    lines.push(`${head}object @${id} ${value.className}`);
    for (let i = 0; i < value.fieldNames.length; i++) {
      write(value.values[i] as HessianValue, inner, `${value.fieldNames[i]}: `, lines, seen);
    }
  }
}

function preview(text: string): string {
  return text.length > MAX_STRING_PREVIEW ? `${text.slice(0, MAX_STRING_PREVIEW)}…` : text;
}

function lengthNote(length: number): string {
  return length > MAX_STRING_PREVIEW ? ` (${length} chars)` : "";
}

function formatDouble(v: number): string {
  return Object.is(v, -0) ? "-0.0" : Number.isInteger(v) ? `${v}.0` : String(v);
}

function dateText(d: Date): string {
  return Number.isNaN(d.getTime()) ? `invalid (${d.getTime()})` : `${d.toISOString()} (${d.getTime()} ms)`;
}
