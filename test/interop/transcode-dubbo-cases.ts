/**
 * The round-trip cases of transcode-dubbo.interop.test.ts: per EchoService method, the JSON
 * that goes in, the declared Java types, the JSON expected back, and Java's own description
 * of what it received where an echo alone could not tell.
 */
export const ECHO = { interface: "com.example.interop.EchoService", version: "1.0.0" } as const;
export const P = "com.example.interop";
// DTO field types, as a gateway's configuration would give them.
export const classes = {
  [`${P}.User`]: {
    id: "long",
    name: "String",
    email: "String",
    tags: "List<String>",
    createdAt: "java.util.Date",
    score: "double",
  },
  [`${P}.Item`]: { sku: "String", quantity: "int", price: "java.math.BigDecimal" },
  [`${P}.Order`]: {
    orderId: "long",
    buyer: `${P}.User`,
    items: `java.util.List<${P}.Item>`,
    color: `${P}.Color`,
    placedAt: "java.util.Date",
    note: "String",
  },
};

const user = (id: string | number, name: string) => ({
  id,
  name,
  email: `${name}@example.com`,
  tags: ["a", "b"],
  createdAt: "2024-02-29T12:34:56.789Z",
  score: 1.5,
});

export interface RoundTrip {
  readonly method: string;
  readonly types: readonly string[];
  readonly args: unknown;
  /** JSON expected back; the argument itself when absent. */
  readonly expected?: unknown;
  /** What the Java side made of the argument: `describe(Object)` = class name + "|" + toString(). */
  readonly java?: string;
  /** What `describeDeep(Object)` prints: every element with its class (maps by key, sets sorted). */
  readonly javaDeep?: string;
  /** A Java Set: the provider answers in its HashSet's order, so elements are compared as a set. */
  readonly unordered?: boolean;
}

const USER_TEXT = (id: string, name: string) =>
  `User:User{id=${id}, name=${name}, email=${name}@example.com, tags=[a, b], createdAt=1709210096789, score=1.5}`;

export const CASES: Record<string, RoundTrip> = {
  "String, non-BMP": { method: "echoString", types: ["String"], args: ["héllo 😀"] },
  "two Strings (overload)": { method: "echoString", types: ["String", "String"], args: ["a", "b"], expected: "a|b" },
  "int max": { method: "echoInt", types: ["int"], args: [2147483647] },
  "int from a string": { method: "echoInt", types: ["int"], args: ["-42"], expected: -42 },
  "long 2^63-1 from a string": { method: "echoLong", types: ["long"], args: ["9223372036854775807"] },
  "long -2^63": { method: "echoLong", types: ["long"], args: ["-9223372036854775808"] },
  "long 2^53+1": { method: "echoLong", types: ["long"], args: ["9007199254740993"] },
  "long small stays a number": { method: "echoLong", types: ["long"], args: [12345], expected: 12345 },
  "Long null": { method: "echoBoxedLong", types: ["java.lang.Long"], args: [null] },
  boolean: { method: "echoBool", types: ["boolean"], args: [true] },
  "double integral": { method: "echoDouble", types: ["double"], args: [2] },
  "double fraction": { method: "echoDouble", types: ["double"], args: [0.1] },
  "double NaN": { method: "echoDouble", types: ["double"], args: ["NaN"] },
  "BigDecimal with 30+ digits": {
    method: "echoBigDecimal",
    types: ["java.math.BigDecimal"],
    args: ["123456789012345678901234567890.123456789"],
  },
  "BigDecimal negative exponent": { method: "echoBigDecimal", types: ["java.math.BigDecimal"], args: ["-1.50E-30"] },
  "Date ISO-8601": { method: "echoDate", types: ["java.util.Date"], args: ["2024-02-29T12:34:56.789Z"] },
  "Date epoch ms": { method: "echoDate", types: ["java.util.Date"], args: [0], expected: "1970-01-01T00:00:00.000Z" },
  "BigInteger negative, 30 digits": {
    method: "echoBigInteger",
    types: ["java.math.BigInteger"],
    args: ["-123456789012345678901234567890"],
    java: "java.math.BigInteger|-123456789012345678901234567890",
  },
  "BigInteger 2^200": {
    method: "echoBigInteger",
    types: ["java.math.BigInteger"],
    args: [(2n ** 200n).toString()],
    java: `java.math.BigInteger|${2n ** 200n}`,
  },
  "BigInteger zero": { method: "echoBigInteger", types: ["java.math.BigInteger"], args: ["0"] },
  "BigInteger from a safe integer": {
    method: "echoBigInteger",
    types: ["java.math.BigInteger"],
    args: [-42],
    expected: "-42",
  },
  "LocalDate leap day": {
    method: "echoLocalDate",
    types: ["java.time.LocalDate"],
    args: ["2024-02-29"],
    java: "java.time.LocalDate|2024-02-29",
  },
  "LocalTime with nanoseconds": {
    method: "echoLocalTime",
    types: ["java.time.LocalTime"],
    args: ["23:59:59.123456789"],
    java: "java.time.LocalTime|23:59:59.123456789",
  },
  "LocalTime midnight": {
    method: "echoLocalTime",
    types: ["java.time.LocalTime"],
    args: ["00:00"],
    expected: "00:00:00",
  },
  "LocalDateTime with nanoseconds": {
    method: "echoLocalDateTime",
    types: ["java.time.LocalDateTime"],
    args: ["2024-02-29T23:59:59.123456789"],
    java: "java.time.LocalDateTime|2024-02-29T23:59:59.123456789",
  },
  "Instant with nanoseconds": {
    method: "echoInstant",
    types: ["java.time.Instant"],
    args: ["2024-02-29T23:59:59.123456789Z"],
    java: "java.time.Instant|2024-02-29T23:59:59.123456789Z",
  },
  "Instant before the epoch": {
    method: "echoInstant",
    types: ["java.time.Instant"],
    args: ["1969-12-31T23:59:59.5Z"],
    expected: "1969-12-31T23:59:59.500Z",
    java: "java.time.Instant|1969-12-31T23:59:59.500Z",
  },
  "Instant epoch ms": {
    method: "echoInstant",
    types: ["java.time.Instant"],
    args: [1709251199123],
    expected: "2024-02-29T23:59:59.123Z",
  },
  "Duration negative fraction": {
    method: "echoDuration",
    types: ["java.time.Duration"],
    args: ["PT-1.5S"],
    java: "java.time.Duration|PT-1.5S",
  },
  "Duration hours, minutes, nanos": {
    method: "echoDuration",
    types: ["java.time.Duration"],
    args: ["PT26H3M4.000000001S"],
    java: "java.time.Duration|PT26H3M4.000000001S",
  },
  "Duration with days and signs": {
    method: "echoDuration",
    types: ["java.time.Duration"],
    args: ["-P1DT-2H"],
    expected: "PT-22H",
    java: "java.time.Duration|PT-22H",
  },
  "Duration -0.5s": {
    method: "echoDuration",
    types: ["java.time.Duration"],
    args: ["PT-0.5S"],
    java: "java.time.Duration|PT-0.5S",
  },
  "Duration zero": { method: "echoDuration", types: ["java.time.Duration"], args: ["PT0S"] },
  "ZonedDateTime with region": {
    method: "echoZonedDateTime",
    types: ["java.time.ZonedDateTime"],
    args: ["2024-02-29T23:59:59.123456789+01:00[Europe/Paris]"],
    java: "java.time.ZonedDateTime|2024-02-29T23:59:59.123456789+01:00[Europe/Paris]",
  },
  "ZonedDateTime UTC": {
    method: "echoZonedDateTime",
    types: ["java.time.ZonedDateTime"],
    args: ["2024-02-29T23:59:59.001Z"],
    java: "java.time.ZonedDateTime|2024-02-29T23:59:59.001Z",
  },
  "ZonedDateTime fixed offset": {
    method: "echoZonedDateTime",
    types: ["java.time.ZonedDateTime"],
    args: ["2024-02-29T23:59:59-05:30"],
  },
  char: { method: "echoChar", types: ["char"], args: ["x"] },
  "char from its code": { method: "echoChar", types: ["char"], args: [0x263a], expected: "\u263a" },
  "char, a lone surrogate": { method: "echoChar", types: ["char"], args: ["\ud83d"] },
  "Character non-ASCII": { method: "echoCharacter", types: ["java.lang.Character"], args: ["é"] },
  "Character null": { method: "echoCharacter", types: ["java.lang.Character"], args: [null] },
  "byte min": { method: "echoByte", types: ["byte"], args: [-128] },
  "byte from a string": { method: "echoByte", types: ["byte"], args: ["127"], expected: 127 },
  "short min": { method: "echoShort", types: ["short"], args: [-32768] },
  "float 21.32 (Java widens through the shortest decimal)": { method: "echoFloat", types: ["float"], args: [21.32] },
  "float max": { method: "echoFloat", types: ["float"], args: [3.4028235e38] },
  "float rounds to the nearest float": { method: "echoFloat", types: ["float"], args: [16777217], expected: 16777216 },
  "float NaN": { method: "echoFloat", types: ["float"], args: ["NaN"] },
  "Float -Infinity": { method: "echoBoxedFloat", types: ["java.lang.Float"], args: ["-Infinity"] },
  "Float null": { method: "echoBoxedFloat", types: ["java.lang.Float"], args: [null] },
  "Set<String>": {
    method: "echoStringSet",
    types: ["java.util.Set<String>"],
    args: [["b", "a", "c"]],
    unordered: true,
    javaDeep: "HashSet[String:a, String:b, String:c]",
  },
  "Set<User>": {
    method: "echoUserSet",
    types: [`java.util.Set<${P}.User>`],
    args: [[user("9223372036854775807", "max"), user(1, "one")]],
    unordered: true,
    javaDeep: `HashSet[${USER_TEXT("1", "one")}, ${USER_TEXT("9223372036854775807", "max")}]`,
  },
  "Item[] with a null": {
    method: "echoItems",
    types: [`${P}.Item[]`],
    args: [
      [
        { sku: "A-1", quantity: 3, price: "19.990000000000000000000000000001" },
        null,
        { sku: "B-2", quantity: -1, price: "0" },
      ],
    ],
    javaDeep:
      "Item[][Item:Item{sku=A-1, quantity=3, price=19.990000000000000000000000000001}, null, Item:Item{sku=B-2, quantity=-1, price=0}]",
  },
  "User[]": {
    method: "echoUserArray",
    types: [`${P}.User[]`],
    args: [[user("-9223372036854775808", "min")]],
    javaDeep: `User[][${USER_TEXT("-9223372036854775808", "min")}]`,
  },
  "User[] empty": { method: "echoUserArray", types: [`${P}.User[]`], args: [[]], javaDeep: "User[][]" },
  "Object: a JSON object becomes a HashMap, numbers by magnitude": {
    method: "echoObject",
    types: ["java.lang.Object"],
    args: [{ a: 1, b: [2, "x", true, null], c: 1.5, d: 2 ** 40, e: { f: "g" }, g: 2 ** 60 }],
    javaDeep:
      "HashMap{String:a=Integer:1, String:b=ArrayList[Integer:2, String:x, Boolean:true, null], String:c=Double:1.5, " +
      "String:d=Long:1099511627776, String:e=HashMap{String:f=String:g}, String:g=Double:1.15292150460684698E18}",
  },
  "Object: an int": { method: "echoObject", types: ["java.lang.Object"], args: [-42], java: "java.lang.Integer|-42" },
  "Object: a safe integer beyond int": {
    method: "echoObject",
    types: ["java.lang.Object"],
    args: [-(2 ** 53 - 1)],
    java: "java.lang.Long|-9007199254740991",
  },
  "Object: a fraction": {
    method: "echoObject",
    types: ["java.lang.Object"],
    args: [0.1],
    java: "java.lang.Double|0.1",
  },
  "Object: a string stays a string, digits or not": {
    method: "echoObject",
    types: ["java.lang.Object"],
    args: ["9223372036854775807"],
    java: "java.lang.String|9223372036854775807",
  },
  "Object: a boolean": {
    method: "echoObject",
    types: ["java.lang.Object"],
    args: [false],
    java: "java.lang.Boolean|false",
  },
  "Object: an array becomes an ArrayList": {
    method: "echoObject",
    types: ["java.lang.Object"],
    args: [[1, "a", [2], {}]],
    javaDeep: "ArrayList[Integer:1, String:a, ArrayList[Integer:2], HashMap{}]",
  },
  "Object: an object with a class key becomes that POJO": {
    method: "echoObject",
    types: ["java.lang.Object"],
    args: [{ class: `${P}.Item`, sku: "A", quantity: 2, price: "1.10" }],
    expected: { sku: "A", quantity: 2, price: "1.10" },
    java: `${P}.Item|Item{sku=A, quantity=2, price=1.10}`,
  },
  "Object: null": { method: "echoObject", types: ["java.lang.Object"], args: [null], java: "null" },
  "OffsetDateTime with nanoseconds": {
    method: "echoOffsetDateTime",
    types: ["java.time.OffsetDateTime"],
    args: ["2024-02-29T23:59:59.123456789+01:00"],
    java: "java.time.OffsetDateTime|2024-02-29T23:59:59.123456789+01:00",
  },
  "OffsetDateTime UTC, seconds printed": {
    method: "echoOffsetDateTime",
    types: ["java.time.OffsetDateTime"],
    args: ["2024-02-29T00:00Z"],
    expected: "2024-02-29T00:00:00Z",
    java: "java.time.OffsetDateTime|2024-02-29T00:00Z",
  },
  "OffsetDateTime offset with seconds": {
    method: "echoOffsetDateTime",
    types: ["java.time.OffsetDateTime"],
    args: ["1969-12-31T23:59:59.001-00:00:30"],
    java: "java.time.OffsetDateTime|1969-12-31T23:59:59.001-00:00:30",
  },
  OffsetTime: {
    method: "echoOffsetTime",
    types: ["java.time.OffsetTime"],
    args: ["23:59:59.5-05:30"],
    expected: "23:59:59.500-05:30",
    java: "java.time.OffsetTime|23:59:59.500-05:30",
  },
  "Period with signs": {
    method: "echoPeriod",
    types: ["java.time.Period"],
    args: ["P-1Y2M-3D"],
    java: "java.time.Period|P-1Y2M-3D",
  },
  "Period weeks become days": {
    method: "echoPeriod",
    types: ["java.time.Period"],
    args: ["-P2W"],
    expected: "P-14D",
    java: "java.time.Period|P-14D",
  },
  "Period zero": { method: "echoPeriod", types: ["java.time.Period"], args: ["P0D"], java: "java.time.Period|P0D" },
  Year: { method: "echoYear", types: ["java.time.Year"], args: [2024], java: "java.time.Year|2024" },
  "Year negative, from a string": {
    method: "echoYear",
    types: ["java.time.Year"],
    args: ["-5"],
    expected: -5,
    java: "java.time.Year|-5",
  },
  YearMonth: {
    method: "echoYearMonth",
    types: ["java.time.YearMonth"],
    args: ["2024-02"],
    java: "java.time.YearMonth|2024-02",
  },
  "YearMonth beyond 9999": {
    method: "echoYearMonth",
    types: ["java.time.YearMonth"],
    args: ["+12024-02"],
    expected: "12024-02",
    java: "java.time.YearMonth|12024-02",
  },
  "MonthDay leap day": {
    method: "echoMonthDay",
    types: ["java.time.MonthDay"],
    args: ["--02-29"],
    java: "java.time.MonthDay|--02-29",
  },
  "ZoneId region": {
    method: "echoZoneId",
    types: ["java.time.ZoneId"],
    args: ["Europe/Paris"],
    java: "java.time.ZoneRegion|Europe/Paris",
  },
  "ZoneId UTC+01:00": {
    method: "echoZoneId",
    types: ["java.time.ZoneId"],
    args: ["UTC+01:00"],
    java: "java.time.ZoneRegion|UTC+01:00",
  },
  "ZoneId that is an offset comes back as one": {
    method: "echoZoneId",
    types: ["java.time.ZoneId"],
    args: ["+0100"],
    expected: "+01:00",
    java: "java.time.ZoneOffset|+01:00",
  },
  "ZoneOffset with seconds": {
    method: "echoZoneOffset",
    types: ["java.time.ZoneOffset"],
    args: ["-05:30:15"],
    java: "java.time.ZoneOffset|-05:30:15",
  },
  "ZoneOffset Z": {
    method: "echoZoneOffset",
    types: ["java.time.ZoneOffset"],
    args: ["Z"],
    java: "java.time.ZoneOffset|Z",
  },
  enum: { method: "echoEnum", types: [`${P}.Color`], args: ["GREEN"] },
  "byte[] base64": { method: "echoBytes", types: ["byte[]"], args: ["AAEC/f7/"] },
  "List<User>": {
    method: "echoUsers",
    types: [`java.util.List<${P}.User>`],
    args: [[user("9223372036854775807", "max"), user(1, "one"), null]],
  },
  "Map<Integer, User>": {
    method: "echoUserMap",
    types: [`java.util.Map<java.lang.Integer, ${P}.User>`],
    args: [{ "1": user(1, "a"), "-2147483648": user("-9007199254740993", "b") }],
  },
  "Order: nested POJO, List<Item> with BigDecimal, enum, Date": {
    method: "echoOrder",
    types: [`${P}.Order`],
    args: [
      {
        orderId: "9007199254740995",
        buyer: user(7, "buyer"),
        items: [
          { sku: "A-1", quantity: 3, price: "19.990000000000000000000000000001" },
          { sku: "B-2", quantity: -1, price: "0" },
        ],
        color: "BLUE",
        placedAt: "1999-12-31T23:59:59.999Z",
        note: null,
      },
    ],
  },
};
