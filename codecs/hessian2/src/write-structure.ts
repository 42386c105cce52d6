import { type ByteWriter, writeCesu8 } from "@tribridge/core";
import { writeInt, writeString } from "./write-scalars.js";

/**
 * The structural codes around values, in each dialect's forms: back references, instance
 * headers, type names and the draft's list lengths. What to write (which index, whether a
 * type is new) is the encoder's business; these only pick the bytes Java's writers pick.
 * Byte codes are literals named in comments, as in write-scalars.ts.
 */

/** A back reference to the value that took slot `index`. */
export function writeRef(w: ByteWriter, index: number, h3: boolean): void {
  if (!h3) {
    w.u8(0x51 /* H4_REF */);
    writeInt(w, index);
  } else if (index < 0x100) {
    w.ensure(2);
    w.buf[w.pos++] = 0x4a /* H3_REF_BYTE */;
    w.buf[w.pos++] = index;
  } else if (index < 0x10000) {
    w.ensure(3);
    w.buf[w.pos++] = 0x4b /* H3_REF_SHORT */;
    w.buf[w.pos++] = index >> 8;
    w.buf[w.pos++] = index & 0xff;
  } else {
    w.u8(0x52 /* H3_REF */);
    w.i32(index);
  }
}

/** The start of an instance of the class definition at `index` (its field values follow). */
export function writeInstanceHeader(w: ByteWriter, index: number, h3: boolean): void {
  if (h3) {
    w.u8(0x6f /* H3_OBJECT */);
    writeInt(w, index);
  } else if (index <= 0x0f /* H4_OBJECT_DIRECT_MAX */) w.u8(0x60 /* H4_OBJECT_DIRECT */ + index);
  else {
    w.u8(0x4f /* H4_OBJECT */);
    writeInt(w, index);
  }
}

/** A type name written out the first time: a plain string (H4), or 't' + length + chars (draft). */
export function writeTypeName(w: ByteWriter, type: string, h3: boolean): void {
  if (h3) {
    w.u8(0x74 /* H3_TYPE */);
    w.u16(type.length);
    writeCesu8(w, type);
  } else writeString(w, type, false, true);
}

/** A type seen before, by its index in the type table. */
export function writeTypeRef(w: ByteWriter, index: number, h3: boolean): void {
  if (h3) w.u8(0x75 /* H3_TYPE_REF */);
  writeInt(w, index);
}

/** The draft's explicit list length: one byte when it fits, else four. */
export function writeH3ListLength(w: ByteWriter, n: number): void {
  if (n < 0x100) {
    w.ensure(2);
    w.buf[w.pos++] = 0x6e /* H3_LENGTH_BYTE */;
    w.buf[w.pos++] = n;
  } else {
    w.u8(0x6c /* H3_LENGTH */);
    w.i32(n);
  }
}
