import {
  type ClassDef,
  type DecodeState,
  SPECIAL_BIG_DECIMAL,
  SPECIAL_BIG_INTEGER,
  SPECIAL_NAME_ONLY,
} from "./decode-state.js";
import type { HessianValue } from "./model.js";
import { isStringTag, readInstance, readStringH4 } from "./read-h4.js";
import { JsView } from "./to-js.js";

// Java classes the JS view shows as something other than an object (read-h4-js.ts asks first).

/** readSpecialJs's answer for an instance the view keeps as an object. */
export const NOT_SPECIAL: unique symbol = Symbol("not special");

/** BigDecimal → its string, enum → its name, BigInteger → string or bigint, as `toJs` does; else NOT_SPECIAL. */
export function readSpecialJs(s: DecodeState, def: ClassDef, index: number, at: number): unknown {
  const r = s.r;
  const oneString =
    ((def.special & SPECIAL_BIG_DECIMAL) !== 0 && s.jsBigDecimalString) ||
    ((def.special & SPECIAL_NAME_ONLY) !== 0 && s.jsEnumName);
  if (oneString) {
    // The view takes the string only when the one field is a string on the wire.
    if (r.pos < r.end && !isStringTag(r.bytes[r.pos] as number)) return NOT_SPECIAL;
    const slot = s.refCount;
    s.addRef(null);
    s.enter(at);
    const v = readStringH4(s);
    s.depth--;
    s.refs[slot] = v;
    return v;
  }
  if ((def.special & SPECIAL_BIG_INTEGER) === 0 || !s.jsBigInteger) return NOT_SPECIAL;
  // Rare: read the bean as model, then convert every slot it took with one JsView, so shared
  // values keep their identity. Back references to earlier (JS) slots are kept as they are.
  const start = s.refCount;
  const floor = s.modelFloor;
  const outerBefore = s.outerJs.length;
  s.modelFloor = start;
  try {
    readInstance(s, index, at);
  } finally {
    s.modelFloor = floor;
  }
  const view = new JsView(s.jsOptions);
  for (let i = outerBefore; i < s.outerJs.length; i++) view.keep(s.outerJs[i]);
  s.outerJs.length = outerBefore;
  const refs = s.refs;
  for (let i = start; i < s.refCount; i++) refs[i] = view.convert(refs[i] as HessianValue) as HessianValue;
  return refs[start];
}
