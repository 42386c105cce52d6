/**
 * Golden vectors written by real Java implementations (fixtures/hessian2/*.json, contract in
 * fixtures/hessian2/README.md). For every case of every manifest:
 *
 *  1. our decoder, in the manifest's dialect, reads all top-level values from the bytes,
 *  2. their descriptions (test/describe.ts) equal what the Java implementation read back,
 *  3. re-encoding those values through one encoder (one stream, as Java wrote them)
 *     reproduces the fixture bytes exactly,
 *
 * unless the case is in BYTE_EXACT_EXCEPTIONS below, which must say why. For such a case
 * the test asserts that the bytes still differ (so a fixed codec forces the entry out) and
 * that our re-encoding decodes back to the same description (the difference is cosmetic).
 * An exception that names a case missing from the manifests fails the suite.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, describe as suite, test } from "vitest";
import { type Dialect, decodeAll, encodeAll, type HessianValue } from "../src/index.js";
import { compareValueLists, type Desc, describe, fromHex, toHex } from "./describe.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "../../../fixtures/hessian2");

interface GoldenCase {
  readonly name: string;
  readonly bytes: string;
  readonly values: readonly Desc[];
  readonly note?: string;
}

interface Manifest {
  readonly implementation: string;
  readonly artifact: string;
  readonly dialect: Dialect;
  readonly cases: readonly GoldenCase[];
  readonly skipped?: readonly { name: string; reason: string }[];
}

/**
 * Cases whose fixture bytes one encoder cannot reproduce, keyed `<implementation>/<case>`.
 * Every entry needs a reason: a Java writer choice that depends on something our value
 * model does not carry (and need not, since the value read back is the same).
 */
const BYTE_EXACT_EXCEPTIONS: Readonly<Record<string, string>> = {};

/**
 * Cases where the Java implementation misreads its own bytes (the manifest's note says
 * "read back differs from the Java value written"), so its description cannot be ours.
 * `fields` are the top-level object fields left out of the comparison; everything else must
 * still match, and the full comparison must still fail (a stale entry fails the suite).
 */
const SHADOWED = ["label"];
const SHADOWED_WHY =
  "Shadowed declares `label` in class and superclass; the writer sends both, but the Java reader " +
  "assigns both wire fields by name to one Java field and leaves the other null. We keep both values.";
const DESCRIPTION_EXCEPTIONS: Readonly<Record<string, { readonly why: string; readonly fields: readonly string[] }>> = {
  "caucho/pojo.shadowed_field": { why: SHADOWED_WHY, fields: SHADOWED },
  "hessian-lite/pojo.shadowed_field": { why: SHADOWED_WHY, fields: SHADOWED },
  "sofa-hessian4/pojo.shadowed_field": { why: SHADOWED_WHY, fields: SHADOWED },
  "sofa-hessian3/pojo.shadowed_field": { why: SHADOWED_WHY, fields: SHADOWED },
  "hessian-lite/pojo.all_primitives": {
    why:
      "hessian-lite 4.0.4 writes fields in reverse order and its reader desynchronises on the float field " +
      "`f` (written as a double): Java reads f = -1.0842022e-19 and c = U+3FB9 (the double's high bytes). " +
      "We read the values Java wrote (0.1f, '中').",
    fields: ["f", "c"],
  },
};

function withoutFields(d: Desc, fields: readonly string[]): Desc {
  if (d.t !== "object") return d;
  return { ...d, fields: d.fields.filter(([n]) => !fields.includes(n)) };
}

function loadManifests(): Manifest[] {
  let files: string[];
  try {
    files = readdirSync(FIXTURES).filter((f) => f.endsWith(".json"));
  } catch {
    return [];
  }
  return files.sort().map((f) => JSON.parse(readFileSync(join(FIXTURES, f), "utf8")) as Manifest);
}

const manifests = loadManifests();

/** Where two byte strings first differ, with a little context, for failure messages. */
function firstDifference(expected: Uint8Array, actual: Uint8Array): string {
  const n = Math.min(expected.length, actual.length);
  let i = 0;
  while (i < n && expected[i] === actual[i]) i++;
  const from = Math.max(0, i - 8);
  return (
    `first difference at byte ${i} (expected ${expected.length} bytes, got ${actual.length}): ` +
    `expected …${toHex(expected.subarray(from, i + 24))}…, got …${toHex(actual.subarray(from, i + 24))}…`
  );
}

test("golden fixtures are present", () => {
  expect(manifests.map((m) => m.implementation).sort()).toEqual(
    ["caucho", "hessian-lite", "sofa-hessian3", "sofa-hessian4"].sort(),
  );
  for (const m of manifests) {
    expect(["hessian2", "hessian3"]).toContain(m.dialect);
    expect(m.cases.length).toBeGreaterThan(0);
  }
});

test("every byte-exact exception names an existing case", () => {
  const known = new Set(manifests.flatMap((m) => m.cases.map((c) => `${m.implementation}/${c.name}`)));
  const stale = Object.keys(BYTE_EXACT_EXCEPTIONS).filter((k) => !known.has(k));
  expect(stale, "BYTE_EXACT_EXCEPTIONS names cases that do not exist").toEqual([]);
  for (const [k, why] of Object.entries(BYTE_EXACT_EXCEPTIONS)) expect(why.trim().length, k).toBeGreaterThan(10);
  const staleDesc = Object.keys(DESCRIPTION_EXCEPTIONS).filter((k) => !known.has(k));
  expect(staleDesc, "DESCRIPTION_EXCEPTIONS names cases that do not exist").toEqual([]);
});

for (const manifest of manifests) {
  const { dialect, implementation } = manifest;
  suite(`${implementation} (${manifest.artifact}, ${dialect})`, () => {
    test.each(manifest.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
      const bytes = fromHex(c.bytes);

      // 1. decode everything in the stream
      const values: HessianValue[] = decodeAll(bytes, { dialect });

      // 2. what we read is what Java read
      const key = `${implementation}/${c.name}`;
      const ours = values.map((v) => describe(v));
      const misread = DESCRIPTION_EXCEPTIONS[key];
      if (misread === undefined) {
        const diff = compareValueLists(c.values, ours);
        expect(diff, `description differs (${c.note ?? ""})`).toBeUndefined();
      } else {
        expect(
          compareValueLists(c.values, ours),
          `${key} now matches: remove it from DESCRIPTION_EXCEPTIONS`,
        ).toBeDefined();
        const strip = (ds: readonly Desc[]) => ds.map((d) => withoutFields(d, misread.fields));
        expect(compareValueLists(strip(c.values), strip(ours)), "fields outside the exception differ").toBeUndefined();
      }

      // 3. one encoder, one stream: the same bytes
      const again = encodeAll(values, { dialect });
      const why = BYTE_EXACT_EXCEPTIONS[key];
      if (why === undefined) {
        if (toHex(again) !== c.bytes) expect.fail(`re-encoding is not byte-exact: ${firstDifference(bytes, again)}`);
      } else {
        expect(toHex(again), `${key} is listed in BYTE_EXACT_EXCEPTIONS but is now byte-exact: remove it`).not.toBe(
          c.bytes,
        );
        const back = decodeAll(again, { dialect }).map((v) => describe(v));
        expect(compareValueLists(ours, back), "allowed re-encoding must read back the same").toBeUndefined();
      }
    });
  });
}

suite("description comparer (describe.ts) sanity", () => {
  const s = (v: string): Desc => ({ t: "string", v });
  const i = (v: number): Desc => ({ t: "int", v });
  test("map entries are unordered, values are not", () => {
    const a: Desc = {
      t: "map",
      class: "java.util.HashMap",
      entries: [
        [s("a"), i(1)],
        [s("b"), i(2)],
      ],
    };
    const b: Desc = {
      t: "map",
      class: "java.util.HashMap",
      entries: [
        [s("b"), i(2)],
        [s("a"), i(1)],
      ],
    };
    const c: Desc = {
      t: "map",
      class: "java.util.HashMap",
      entries: [
        [s("b"), i(1)],
        [s("a"), i(2)],
      ],
    };
    expect(compareValueLists([a], [b])).toBeUndefined();
    expect(compareValueLists([a], [c])).toMatch(/expected/);
  });
  test("references compare as identity structure, not as numbers", () => {
    const shared: Desc = { t: "list", class: "java.util.ArrayList", items: [i(1)] };
    const twice: Desc = { t: "list", class: "java.util.ArrayList", items: [shared, { t: "ref", id: 1 }] };
    // two equal but distinct lists (descriptions parsed from JSON never share nodes)
    const copies: Desc = { t: "list", class: "java.util.ArrayList", items: [shared, structuredClone(shared)] };
    expect(compareValueLists([twice], [twice])).toBeUndefined();
    expect(compareValueLists([twice], [copies])).toMatch(/reference structure/);
    const selfRef: Desc = { t: "list", class: "java.util.ArrayList", items: [{ t: "ref", id: 0 }] };
    const otherRef: Desc = {
      t: "list",
      class: "java.util.ArrayList",
      items: [{ t: "list", class: "java.util.ArrayList", items: [{ t: "ref", id: 0 }] }],
    };
    expect(compareValueLists([selfRef], [otherRef])).toBeDefined();
  });
  test("enum matches a one-field object of the same class and name (R1), not another name", () => {
    const e: Desc = { t: "enum", class: "com.example.Color", name: "RED" };
    const o: Desc = { t: "object", class: "com.example.Color", fields: [["name", s("RED")]] };
    const g: Desc = { t: "object", class: "com.example.Color", fields: [["name", s("GREEN")]] };
    expect(compareValueLists([e], [o])).toBeUndefined();
    expect(compareValueLists([e], [g])).toBeDefined();
  });
  test("our describer: model kinds map to Java's descriptions", () => {
    expect(describe(1)).toEqual({ t: "int", v: 1 });
    expect(describe(1n)).toEqual({ t: "long", v: "1" });
    expect(describe(1.5)).toEqual({ t: "double", v: 1.5 });
    expect(describe(Number.NaN)).toEqual({ t: "double", v: "NaN" });
    expect(describe([1])).toEqual({ t: "list", class: "java.util.ArrayList", items: [i(1)] });
  });
});
