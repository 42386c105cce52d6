/**
 * Tag bytes, named after the grammar as the Java reference names them (Hessian2Constants).
 * H4 = final Hessian 2.0; H3 = the Hessian 3.1 draft of sofa-hessian 3.x. Where a byte
 * means different things in the two dialects, the prefix says which one.
 */

// Shared by both dialects.
export const BC_NULL = 0x4e; // 'N'
export const BC_TRUE = 0x54; // 'T'
export const BC_FALSE = 0x46; // 'F'
export const BC_INT = 0x49; // 'I'
export const BC_LONG = 0x4c; // 'L'
export const BC_DOUBLE = 0x44; // 'D'
export const BC_STRING = 0x53; // 'S' final string chunk
export const BC_BINARY = 0x42; // 'B' final binary chunk

export const INT_ZERO = 0x90; // 0x80..0xbf: -16..47
export const INT_BYTE_ZERO = 0xc8; // 0xc0..0xcf: -2048..2047
export const INT_SHORT_ZERO = 0xd4; // 0xd0..0xd7: -262144..262143
export const LONG_ZERO = 0xe0; // 0xd8..0xef: -8..15
export const LONG_BYTE_ZERO = 0xf8; // 0xf0..0xff: -2048..2047
export const LONG_SHORT_ZERO = 0x3c; // 0x38..0x3f: -262144..262143
export const STRING_DIRECT_MAX = 0x1f;
export const BINARY_DIRECT = 0x20; // 0x20..0x2f: length 0..15
export const BINARY_DIRECT_MAX = 0x0f;
export const CHUNK = 0x8000; // largest string chunk (UTF-16 units) a Java writer emits

// H4 (final Hessian 2.0).
export const H4_STRING_SHORT = 0x30; // 0x30..0x33: length 0..1023
export const H4_STRING_SHORT_MAX = 0x3ff;
export const H4_BINARY_SHORT = 0x34; // 0x34..0x37: length 0..1023
export const H4_BINARY_SHORT_MAX = 0x3ff;
export const H4_BINARY_CHUNK = 0x41; // 'A'
export const H4_CLASS_DEF = 0x43; // 'C'
export const H4_DATE = 0x4a; // int64 ms
export const H4_DATE_MINUTE = 0x4b; // int32 minutes
export const H4_MAP = 0x4d; // 'M' typed
export const H4_MAP_UNTYPED = 0x48; // 'H'
export const H4_OBJECT = 0x4f; // 'O' + int def index
export const H4_REF = 0x51; // 'Q'
export const H4_STRING_CHUNK = 0x52; // 'R'
export const H4_LIST_VARIABLE = 0x55; // 'U'
export const H4_LIST_FIXED = 0x56; // 'V'
export const H4_LIST_VARIABLE_UNTYPED = 0x57; // 'W'
export const H4_LIST_FIXED_UNTYPED = 0x58; // 'X'
export const H4_LONG_INT = 0x59; // 'Y'
export const H4_END = 0x5a; // 'Z'
export const H4_DOUBLE_ZERO = 0x5b;
export const H4_DOUBLE_ONE = 0x5c;
export const H4_DOUBLE_BYTE = 0x5d;
export const H4_DOUBLE_SHORT = 0x5e;
export const H4_DOUBLE_MILL = 0x5f;
export const H4_OBJECT_DIRECT = 0x60; // 0x60..0x6f: def index 0..15
export const H4_OBJECT_DIRECT_MAX = 0x0f;
export const H4_LIST_DIRECT = 0x70; // 0x70..0x77: typed, length 0..7
export const H4_LIST_DIRECT_UNTYPED = 0x78; // 0x78..0x7f: untyped, length 0..7
export const H4_LIST_DIRECT_MAX = 7;

// H3 (Hessian 3.1 draft).
export const H3_REF_BYTE = 0x4a;
export const H3_REF_SHORT = 0x4b;
export const H3_REF = 0x52; // 'R' + int32
export const H3_CLASS_DEF = 0x4f; // 'O'
export const H3_OBJECT = 0x6f; // 'o'
export const H3_LIST = 0x56; // 'V'
export const H3_LIST_FIXED = 0x76; // 'v' type-ref int, length int, no end
export const H3_MAP = 0x4d; // 'M'
export const H3_END = 0x7a; // 'z'
export const H3_DATE = 0x64; // 'd'
export const H3_STRING_CHUNK = 0x73; // 's'
export const H3_BINARY_CHUNK = 0x62; // 'b'
export const H3_LONG_INT = 0x77;
export const H3_DOUBLE_ZERO = 0x67;
export const H3_DOUBLE_ONE = 0x68;
export const H3_DOUBLE_BYTE = 0x69;
export const H3_DOUBLE_SHORT = 0x6a;
export const H3_DOUBLE_FLOAT = 0x6b;
export const H3_LENGTH_BYTE = 0x6e;
export const H3_LENGTH = 0x6c; // 'l'
export const H3_TYPE = 0x74; // 't'
export const H3_TYPE_REF = 0x75;
export const H3_TYPE_REF_LEGACY = 0x54; // 'T' + int, accepted by the Java reader
export const H3_BINARY_CHUNK_MAX = 0x8000;
