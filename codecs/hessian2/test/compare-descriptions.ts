/** Comparison of two canonical descriptions (rules R1-R11 in describe.ts). */
import type { Desc } from "./describe.js";

// ---------------------------------------------------------------------------------------
// Comparison

type Node = Exclude<Desc, { t: "ref" }>;
type Counted = Extract<Desc, { t: "list" | "array" | "map" | "object" }>;

function isCounted(d: Desc): d is Counted {
  return d.t === "list" || d.t === "array" || d.t === "map" || d.t === "object";
}

/** Pre-order index of the counted nodes of one description tree (R5). */
function indexNodes(root: Desc): Counted[] {
  const out: Counted[] = [];
  const walk = (d: Desc): void => {
    if (!isCounted(d)) return;
    out.push(d);
    if (d.t === "list" || d.t === "array") for (const i of d.items) walk(i);
    else if (d.t === "map")
      for (const [k, v] of d.entries) {
        walk(k);
        walk(v);
      }
    else for (const [, v] of d.fields) walk(v);
  };
  walk(root);
  return out;
}

class Pairing {
  readonly ab = new Map<Counted, Counted>();
  readonly ba = new Map<Counted, Counted>();
  clone(): Pairing {
    const p = new Pairing();
    for (const [k, v] of this.ab) p.ab.set(k, v);
    for (const [k, v] of this.ba) p.ba.set(k, v);
    return p;
  }
  adopt(other: Pairing): void {
    this.ab.clear();
    this.ba.clear();
    for (const [k, v] of other.ab) this.ab.set(k, v);
    for (const [k, v] of other.ba) this.ba.set(k, v);
  }
}

function doubleKey(v: number | string): string {
  if (typeof v === "string") return v;
  if (Object.is(v, -0)) return "-0";
  return String(v);
}

/** A cheap shape key: equal descriptions always have equal keys (refs are opaque). */
function shapeKey(d: Desc): string {
  switch (d.t) {
    case "null":
      return "n";
    case "bool":
      return `b${d.v}`;
    case "int":
      return `i${d.v}`;
    case "long":
      return `l${d.v}`;
    case "double":
      return `d${doubleKey(d.v)}`;
    case "string":
      return `s${JSON.stringify(d.v)}`;
    case "binary":
      return `x${d.hex}`;
    case "date":
      return `t${d.ms}`;
    case "bigdecimal":
      return `D${d.v}`;
    case "biginteger":
      return `I${d.v}`;
    // enum and a one-field object compare equal (R1): same key.
    case "enum":
      return `e${d.class}`;
    case "object":
      return d.fields.length === 1 && d.fields[0]?.[0] === "name" && d.fields[0][1].t === "string"
        ? `e${d.class}`
        : `o${d.class}`;
    default:
      return d.t; // list, array, map, ref: compared deeply
  }
}

class Comparer {
  private readonly nodesA: Counted[];
  private readonly nodesB: Counted[];
  pairing = new Pairing();

  constructor(a: Desc, b: Desc) {
    this.nodesA = indexNodes(a);
    this.nodesB = indexNodes(b);
  }

  private resolve(d: Desc, nodes: Counted[], side: string, path: string): Node {
    if (d.t !== "ref") return d;
    const target = nodes[d.id];
    if (target === undefined) throw new Mismatch(`${path}: ${side} ref ${d.id} points past ${nodes.length} nodes`);
    return target;
  }

  compare(a: Desc, b: Desc, path: string): void {
    const ra = this.resolve(a, this.nodesA, "expected", path);
    const rb = this.resolve(b, this.nodesB, "actual", path);
    // R1: enum against a one-string-field object of the same class.
    const ea = asEnum(ra);
    const eb = asEnum(rb);
    if (ea && eb && (ra.t === "enum" || rb.t === "enum")) {
      if (ea.class !== eb.class || ea.name !== eb.name) {
        throw new Mismatch(`${path}: expected enum ${ea.class}.${ea.name}, got ${eb.class}.${eb.name}`);
      }
      return;
    }
    if (ra.t !== rb.t) throw new Mismatch(`${path}: expected ${brief(ra)}, got ${brief(rb)}`);
    if (isCounted(ra) && isCounted(rb)) {
      const pa = this.pairing.ab.get(ra);
      const pb = this.pairing.ba.get(rb);
      if (pa !== undefined || pb !== undefined) {
        if (pa !== rb || pb !== ra) {
          throw new Mismatch(`${path}: reference structure differs (shared/cyclic nodes do not correspond)`);
        }
        return;
      }
      this.pairing.ab.set(ra, rb);
      this.pairing.ba.set(rb, ra);
    }
    switch (ra.t) {
      case "null":
        return;
      case "bool":
      case "int":
      case "long":
      case "string":
      case "bigdecimal":
      case "biginteger":
        if (ra.v !== (rb as typeof ra).v) throw new Mismatch(`${path}: expected ${brief(ra)}, got ${brief(rb)}`);
        return;
      case "double":
        if (doubleKey(ra.v) !== doubleKey((rb as typeof ra).v) && !sameFloat(ra.v, (rb as typeof ra).v))
          throw new Mismatch(`${path}: expected ${brief(ra)}, got ${brief(rb)}`);
        return;
      case "binary":
        if (ra.hex !== (rb as typeof ra).hex) throw new Mismatch(`${path}: expected ${brief(ra)}, got ${brief(rb)}`);
        return;
      case "date":
        if (ra.ms !== (rb as typeof ra).ms) throw new Mismatch(`${path}: expected ${brief(ra)}, got ${brief(rb)}`);
        return;
      case "enum": {
        const e = rb as typeof ra;
        if (ra.class !== e.class || ra.name !== e.name)
          throw new Mismatch(`${path}: expected ${brief(ra)}, got ${brief(rb)}`);
        return;
      }
      case "list":
      case "array": {
        const lb = rb as typeof ra;
        if (ra.t === "list" && ra.class !== (lb as typeof ra).class)
          throw new Mismatch(`${path}: expected list class ${ra.class}, got ${(lb as typeof ra).class}`);
        if (ra.t === "array" && ra.component !== (lb as typeof ra).component)
          throw new Mismatch(`${path}: expected array of ${ra.component}, got ${(lb as typeof ra).component}`);
        if (ra.items.length !== lb.items.length)
          throw new Mismatch(`${path}: expected ${ra.items.length} items, got ${lb.items.length}`);
        for (let i = 0; i < ra.items.length; i++)
          this.compare(ra.items[i] as Desc, lb.items[i] as Desc, `${path}[${i}]`);
        return;
      }
      case "map": {
        const mb = rb as typeof ra;
        if (ra.class !== mb.class) throw new Mismatch(`${path}: expected map class ${ra.class}, got ${mb.class}`);
        if (ra.entries.length !== mb.entries.length)
          throw new Mismatch(`${path}: expected ${ra.entries.length} entries, got ${mb.entries.length}`);
        this.matchUnordered(
          ra.entries.map(([k, v]) => ({ key: shapeKey(k), label: shortKey(k), parts: [k, v] as const })),
          mb.entries.map(([k, v]) => ({ key: shapeKey(k), label: shortKey(k), parts: [k, v] as const })),
          path,
          (label) => `{${label}}`,
        );
        return;
      }
      case "object": {
        const ob = rb as typeof ra;
        if (ra.class !== ob.class) throw new Mismatch(`${path}: expected object ${ra.class}, got ${ob.class}`);
        // R11: expected fields we do not have at all must hold Java defaults.
        const present = new Set(ob.fields.map(([n]) => n));
        const expectedFields = ra.fields.filter(([n, v]) => present.has(n) || !isJavaDefault(v));
        const namesA = expectedFields.map(([n]) => n).sort();
        const namesB = ob.fields.map(([n]) => n).sort();
        if (namesA.join("\0") !== namesB.join("\0")) {
          throw new Mismatch(`${path}: ${ra.class} fields differ: expected [${namesA}], got [${namesB}]`);
        }
        this.matchUnordered(
          expectedFields.map(([n, v]) => ({ key: n, label: n, parts: [v] as const })),
          ob.fields.map(([n, v]) => ({ key: n, label: n, parts: [v] as const })),
          path,
          (label) => `.${label}`,
        );
        return;
      }
    }
  }

  /**
   * Matches two bags of entries: same key bucket, first candidate whose deep comparison
   * succeeds (pairing state is rolled back after a failed trial).
   */
  private matchUnordered(
    as: { key: string; label: string; parts: readonly Desc[] }[],
    bs: { key: string; label: string; parts: readonly Desc[] }[],
    path: string,
    step: (label: string) => string,
  ): void {
    const buckets = new Map<string, { parts: readonly Desc[]; used: boolean }[]>();
    for (const b of bs) {
      let list = buckets.get(b.key);
      if (list === undefined) buckets.set(b.key, (list = []));
      list.push({ parts: b.parts, used: false });
    }
    for (const a of as) {
      const candidates = buckets.get(a.key) ?? [];
      const free = candidates.filter((c) => !c.used);
      if (free.length === 0) throw new Mismatch(`${path}${step(a.label)}: missing in actual`);
      if (free.length === 1) {
        // No alternative to try: compare in place, no rollback needed.
        const only = free[0] as { parts: readonly Desc[]; used: boolean };
        for (let i = 0; i < a.parts.length; i++)
          this.compare(a.parts[i] as Desc, only.parts[i] as Desc, `${path}${step(a.label)}`);
        only.used = true;
        continue;
      }
      let lastError: Mismatch | undefined;
      let matched = false;
      for (const c of free) {
        const saved = this.pairing.clone();
        try {
          for (let i = 0; i < a.parts.length; i++)
            this.compare(a.parts[i] as Desc, c.parts[i] as Desc, `${path}${step(a.label)}`);
          c.used = true;
          matched = true;
          break;
        } catch (error) {
          if (!(error instanceof Mismatch)) throw error;
          lastError = error;
          this.pairing.adopt(saved);
        }
      }
      if (!matched) throw lastError ?? new Mismatch(`${path}${step(a.label)}: no match`);
    }
  }
}

export class Mismatch extends Error {}

function isJavaDefault(d: Desc): boolean {
  switch (d.t) {
    case "null":
      return true;
    case "bool":
      return d.v === false;
    case "int":
      return d.v === 0;
    case "long":
      return d.v === "0";
    case "double":
      return d.v === 0 && !Object.is(d.v, -0);
    default:
      return false;
  }
}

function numeric(v: number | string): number {
  return typeof v === "number" ? v : v === "-0" ? -0 : Number(v);
}

/** R9: `actual` is exactly a float and `expected` is that float's decimal (or vice versa). */
function sameFloat(expected: number | string, actual: number | string): boolean {
  const e = numeric(expected);
  const a = numeric(actual);
  if (!Number.isFinite(e) || !Number.isFinite(a)) return false;
  return (Math.fround(a) === a && Math.fround(e) === a) || (Math.fround(e) === e && Math.fround(a) === e);
}

function asEnum(d: Node): { class: string; name: string } | undefined {
  if (d.t === "enum") return { class: d.class, name: d.name };
  if (d.t === "object" && d.fields.length === 1 && d.fields[0]?.[0] === "name") {
    const v = d.fields[0][1];
    if (v.t === "string") return { class: d.class, name: v.v };
  }
  return undefined;
}

function shortKey(d: Desc): string {
  const s = shapeKey(d);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function brief(d: Desc): string {
  const s = JSON.stringify(d);
  return s.length > 160 ? `${s.slice(0, 160)}…` : s;
}

/**
 * Compares two descriptions under rules R1–R6; returns undefined when they are equal, else
 * a message naming the first difference with its path.
 */
export function compareDescriptions(expected: Desc, actual: Desc): string | undefined {
  try {
    new Comparer(expected, actual).compare(expected, actual, "$");
    return undefined;
  } catch (error) {
    if (error instanceof Mismatch) return error.message;
    throw error;
  }
}

/** Compares lists of top-level values (each value has its own reference numbering). */
export function compareValueLists(expected: readonly Desc[], actual: readonly Desc[]): string | undefined {
  if (expected.length !== actual.length) return `expected ${expected.length} values, got ${actual.length}`;
  for (let i = 0; i < expected.length; i++) {
    const diff = compareDescriptions(expected[i] as Desc, actual[i] as Desc);
    if (diff !== undefined) return `value ${i}: ${diff}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Structural equality of two model values (for round-trip properties)
