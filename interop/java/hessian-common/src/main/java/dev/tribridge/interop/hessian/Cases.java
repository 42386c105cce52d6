package dev.tribridge.interop.hessian;

import com.example.Address;
import com.example.AllPrimitives;
import com.example.BizException;
import com.example.Color;
import com.example.Customer;
import com.example.Node;
import com.example.Order;
import com.example.Shadowed;
import com.example.User;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The implementation-neutral value set. Every case builds fresh values (identity matters for refs). */
public final class Cases {

    public static final class Case {
        public final String name;
        public final String note;
        private final Supplier<Object[]> values;

        Case(String name, String note, Supplier<Object[]> values) {
            this.name = name; this.note = note; this.values = values;
        }

        public Object[] values() { return values.get(); }
    }

    private final List<Case> cases = new ArrayList<>();

    private void add(String name, String note, Supplier<Object[]> values) { cases.add(new Case(name, note, values)); }

    private void one(String name, Supplier<Object> value) { add(name, "", () -> new Object[] {value.get()}); }

    private void one(String name, String note, Supplier<Object> value) { add(name, note, () -> new Object[] {value.get()}); }

    private static String n(long v) { return v < 0 ? "m" + (-v) : Long.toString(v); }

    private static String repeat(String s, int n) { return s.repeat(n); }

    /** Deterministic ASCII text of length n (letters and digits). */
    static String ascii(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append((char) ('a' + (i % 26)));
        return sb.toString();
    }

    static byte[] bin(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + 7);
        return b;
    }

    static Date date(long ms) { return new Date(ms); }

    static User user(long id) {
        return new User(id, "user-" + id, "user" + id + "@example.com",
                new ArrayList<>(List.of("alpha", "beta", "gamma", "delta", "epsilon")),
                new Date(1700000000000L + id * 1000), 98.5 + id);
    }

    public static List<Case> all() {
        Cases c = new Cases();
        c.build();
        return c.cases;
    }

    private void build() {
        one("null", () -> null);
        one("bool.true", () -> Boolean.TRUE);
        one("bool.false", () -> Boolean.FALSE);

        // ints: every compact-form boundary and one past it
        for (int v : new int[] {0, 1, -1, -16, 47, -17, 48, -2048, 2047, -2049, 2048, -262144, 262143, -262145, 262144})
            one("int." + n(v), () -> v);
        one("int.min", () -> Integer.MIN_VALUE);
        one("int.max", () -> Integer.MAX_VALUE);

        for (long v : new long[] {0, 1, -1, -8, 15, -9, 16, -2048, 2047, -2049, 2048, -262144, 262143, -262145, 262144})
            one("long." + n(v), () -> v);
        one("long.int32min", () -> (long) Integer.MIN_VALUE);
        one("long.int32max", () -> (long) Integer.MAX_VALUE);
        one("long.int32min.minus1", () -> (long) Integer.MIN_VALUE - 1);
        one("long.int32max.plus1", () -> (long) Integer.MAX_VALUE + 1);
        one("long.2pow53plus1", "beyond JS safe integer", () -> (1L << 53) + 1);
        one("long.m2pow53minus1", "beyond JS safe integer", () -> -(1L << 53) - 1);
        one("long.min", () -> Long.MIN_VALUE);
        one("long.max", () -> Long.MAX_VALUE);

        Object[][] doubles = {
            {"0", 0.0}, {"m0", -0.0}, {"1", 1.0}, {"m1", -1.0}, {"2", 2.0}, {"127", 127.0}, {"m128", -128.0},
            {"128", 128.0}, {"m129", -129.0}, {"32767", 32767.0}, {"m32768", -32768.0}, {"32768", 32768.0},
            {"m32769", -32769.0}, {"100000", 100000.0}, {"int32max", 2147483647.0}, {"1e10", 1e10},
            {"12.25", 12.25}, {"0.001", 0.001}, {"m0.001", -0.001}, {"1.5", 1.5}, {"0.1", 0.1}, {"2.5e-4", 0.00025},
            {"3.14159", 3.14159}, {"2147483.647", 2147483.647}, {"2147483.648", 2147483.648},
            {"m2147483.648", -2147483.648}, {"0.1plus0.2", 0.1 + 0.2}, {"1e-7", 1e-7}, {"pi", Math.PI},
            {"nan", Double.NaN}, {"inf", Double.POSITIVE_INFINITY}, {"minf", Double.NEGATIVE_INFINITY},
            {"min_value", Double.MIN_VALUE}, {"max_value", Double.MAX_VALUE}, {"min_normal", Double.MIN_NORMAL},
        };
        for (Object[] d : doubles) one("double." + d[0], () -> d[1]);

        Object[][] floats = {
            {"0", 0.0f}, {"m0", -0.0f}, {"1.5", 1.5f}, {"0.1", 0.1f}, {"12.25", 12.25f}, {"3.14", 3.14f},
            {"100", 100f}, {"1e10", 1e10f}, {"max_value", Float.MAX_VALUE}, {"min_value", Float.MIN_VALUE},
            {"nan", Float.NaN}, {"inf", Float.POSITIVE_INFINITY},
        };
        for (Object[] f : floats) one("float." + f[0], "java.lang.Float", () -> f[1]);
        one("byte.0", "java.lang.Byte", () -> (byte) 0);
        one("byte.m128", "java.lang.Byte", () -> (byte) -128);
        one("byte.127", "java.lang.Byte", () -> (byte) 127);
        one("short.m32768", "java.lang.Short", () -> (short) -32768);
        one("short.32767", "java.lang.Short", () -> (short) 32767);
        one("char.a", "java.lang.Character", () -> 'a');
        one("char.e_acute", "java.lang.Character", () -> '\u00e9');
        one("char.cjk", "java.lang.Character", () -> '\u4e2d');
        one("char.nul", "java.lang.Character", () -> '\u0000');
        one("char.lone_high_surrogate", "java.lang.Character", () -> '\ud83d');

        one("date.epoch", () -> date(0));
        one("date.minute", "1699999980000 is a whole minute", () -> date(1699999980000L));
        one("date.ms", () -> date(1700000000123L));
        one("date.second", "whole second, not whole minute", () -> date(1700000000000L));
        one("date.m1ms", () -> date(-1));
        one("date.m1minute", () -> date(-60000));
        one("date.year1", () -> date(-62135596800000L));
        one("date.year9999", () -> date(253402300799999L));
        one("date.minutes_beyond_int32", "whole minute, 2^31 minutes", () -> date(2147483648L * 60000));
        one("date.minutes_int32max", "whole minute, 2^31-1 minutes", () -> date(2147483647L * 60000));

        one("string.empty", () -> "");
        for (int len : new int[] {1, 31, 32, 1023, 1024, 32767, 32768, 32769, 65536, 65537})
            one("string.ascii." + len, () -> ascii(len));
        one("string.nul", () -> "a\u0000b");
        one("string.u0080", () -> "\u0080");
        one("string.u07ff", () -> "\u07ff");
        one("string.u0800", () -> "\u0800");
        one("string.uffff", () -> "\uffff");
        one("string.2byte", () -> "h\u00e9llo w\u00f6rld");
        one("string.3byte", () -> "\u4e2d\u6587");
        one("string.cjk.31", () -> repeat("\u4e2d", 31));
        one("string.cjk.32", () -> repeat("\u4e2d", 32));
        one("string.cjk.1024", () -> repeat("\u4e2d", 1024));
        one("string.cjk.40000", () -> repeat("\u4e2d", 40000));
        one("string.emoji", () -> "\ud83d\ude00");
        one("string.emoji.mixed", () -> "a\ud83d\ude00b \u4e2d \u00e9");
        one("string.emoji.16", "16 surrogate pairs = 32 UTF-16 units", () -> repeat("\ud83d\ude00", 16));
        one("string.lone_high", () -> "\ud800");
        one("string.lone_low", () -> "\udc00");
        one("string.lone_high_inside", () -> "x\ud800y");
        one("string.reversed_pair", () -> "\ude00\ud83d");
        one("string.pair_at_chunk_boundary", "high surrogate at UTF-16 index 32767",
                () -> ascii(32767) + "\ud83d\ude00" + "tail");
        one("string.pair_after_chunk_boundary", "high surrogate at UTF-16 index 32768",
                () -> ascii(32768) + "\ud83d\ude00" + "tail");
        one("string.char_array", "char[] value", () -> "chars".toCharArray());

        for (int len : new int[] {0, 1, 15, 16, 1023, 1024, 4096, 8192, 8193, 16384, 65535, 65536, 70000})
            one("binary." + len, () -> bin(len));

        // collections
        one("list.empty", () -> new ArrayList<>());
        one("list.ints.3", () -> new ArrayList<>(List.of(1, 2, 3)));
        one("list.ints.7", () -> new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7)));
        one("list.ints.8", () -> new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7, 8)));
        one("list.mixed", () -> new ArrayList<>(Arrays.asList(1, "a", null, true, 2.5, 3L, new Date(0))));
        one("list.nested", () -> new ArrayList<>(List.of(new ArrayList<>(List.of(1)), new ArrayList<>(), new ArrayList<>(List.of("x", "y")))));
        one("linkedlist.empty", () -> new LinkedList<>());
        one("linkedlist.3", () -> new LinkedList<>(List.of("a", "b", "c")));
        one("linkedlist.8", () -> new LinkedList<>(List.of(1, 2, 3, 4, 5, 6, 7, 8)));
        one("hashset.strings", () -> new HashSet<>(List.of("one", "two", "three")));
        one("treeset.ints", () -> new TreeSet<>(List.of(3, 1, 2)));
        one("treeset.empty", () -> new TreeSet<>());
        one("arrays_aslist", "java.util.Arrays$ArrayList", () -> Arrays.asList("a", "b"));
        one("list.two_types", "two typed lists: the second reuses the type string by index",
                () -> new ArrayList<>(List.of(new LinkedList<>(List.of(1)), new LinkedList<>(List.of(2)), new HashSet<>(List.of(3)))));

        // arrays
        one("array.int.empty", () -> new int[0]);
        one("array.int.3", () -> new int[] {1, -1, 100000});
        one("array.int.8", () -> new int[] {1, 2, 3, 4, 5, 6, 7, 8});
        one("array.long", () -> new long[] {1, Long.MAX_VALUE, -9});
        one("array.string", () -> new String[] {"a", null, "\u4e2d"});
        one("array.object", () -> new Object[] {1, "a", null, 2L, new ArrayList<>()});
        one("array.boolean", () -> new boolean[] {true, false, true});
        one("array.short", () -> new short[] {1, -32768, 32767});
        one("array.float", () -> new float[] {1.5f, 0.1f, -0.0f});
        one("array.double", () -> new double[] {1.5, 0.1, -0.0, 1e300});
        one("array.char", "char[] is a string", () -> new char[] {'h', 'i'});
        one("array.bytes2d", "byte[][]", () -> new byte[][] {bin(3), bin(0)});
        one("array.int2d", () -> new int[][] {{1, 2}, {}, {3}});
        one("array.string2d", () -> new String[][] {{"a"}, {"b", "c"}});
        one("array.integer_boxed", () -> new Integer[] {1, null, 3});
        one("array.long_boxed", () -> new Long[] {1L, 2L});
        one("array.date", () -> new Date[] {date(0), date(1700000000123L)});
        one("array.user", () -> new User[] {user(1), user(2)});
        one("array.color", () -> new Color[] {Color.RED, Color.BLUE});
        one("array.user.empty", () -> new User[0]);

        // maps
        one("hashmap.empty", () -> new HashMap<>());
        one("hashmap.strings", () -> { Map<String, Object> m = new HashMap<>(); m.put("a", 1); m.put("b", "two"); m.put("c", null); return m; });
        one("linkedhashmap", () -> { Map<String, Integer> m = new LinkedHashMap<>(); m.put("z", 1); m.put("a", 2); return m; });
        one("linkedhashmap.empty", () -> new LinkedHashMap<>());
        one("treemap", () -> new TreeMap<>(Map.of("b", 2L, "a", 1L)));
        one("concurrenthashmap", () -> new ConcurrentHashMap<>(Map.of("k", "v")));
        one("hashmap.int_keys", () -> { Map<Integer, String> m = new HashMap<>(); m.put(1, "one"); m.put(-5, "minus five"); m.put(100000, "big"); return m; });
        one("hashmap.long_keys", () -> { Map<Long, String> m = new HashMap<>(); m.put(1L, "one"); m.put(1L << 40, "big"); return m; });
        one("hashmap.int_to_user", "Map<Integer, User>", () -> { Map<Integer, User> m = new HashMap<>(); m.put(1, user(1)); m.put(2, user(2)); return m; });
        one("hashmap.nested", () -> { Map<String, Object> m = new HashMap<>(); m.put("inner", new HashMap<>(Map.of("x", 1))); m.put("list", new ArrayList<>(List.of(1, 2))); return m; });
        one("hashmap.object_keys", "keys: list, boolean, double, long (all with stable hash codes)", () -> { Map<Object, Object> m = new HashMap<>(); m.put(new ArrayList<>(List.of(1, 2)), "list"); m.put(true, "t"); m.put(2.5, "d"); m.put(7L, "long"); return m; });

        // objects
        one("pojo.user", () -> user(42));
        one("pojo.user.nulls", () -> new User(0, null, null, null, null, 0));
        one("pojo.user.empty_tags", () -> new User(7, "", "", new ArrayList<>(), date(0), -0.5));
        one("pojo.users.list", "List<User>: one class definition, two instances", () -> new ArrayList<>(List.of(user(1), user(2), user(3))));
        one("pojo.order.nested", () -> new Order(1001L, user(5), new Address("Hangzhou", "Wen Yi Road", 310000),
                new LinkedHashMap<>(Map.of("apple", 3)), new ArrayList<>(List.of(new Address("Beijing", "Chang An", 100000))), Color.GREEN));
        one("pojo.inherited", "superclass fields, transient and static fields not written",
                () -> new Customer(9L, date(1700000000000L), "vip", "Alice", 3));
        one("pojo.shadowed_field", "field 'label' declared in both class and superclass",
                () -> new Shadowed(3L, "parent", "child"));
        one("pojo.all_primitives", () -> new AllPrimitives(true, (byte) -1, (short) 300, 70000, 1L << 40, 0.1f, 0.1, '\u4e2d', 5, 6L, 7));
        one("pojo.all_primitives.defaults", () -> new AllPrimitives());
        one("enum", () -> Color.RED);
        one("enum.list", "same constant twice: identity reference", () -> new ArrayList<>(List.of(Color.RED, Color.RED, Color.GREEN)));
        one("bigdecimal.1.50", () -> new BigDecimal("1.50"));
        one("bigdecimal.negative", () -> new BigDecimal("-123456789.987654321"));
        one("bigdecimal.huge_scale", () -> new BigDecimal("1.23E-400"));
        one("bigdecimal.huge_exponent", () -> new BigDecimal("9.99E+400"));
        one("bigdecimal.zero", () -> BigDecimal.ZERO);
        one("bigdecimal.list", () -> new ArrayList<>(List.of(new BigDecimal("1"), new BigDecimal("2.00"))));
        one("biginteger.123", () -> new BigInteger("123"));
        one("biginteger.negative", () -> new BigInteger("-98765432109876543210"));
        one("biginteger.zero", () -> BigInteger.ZERO);
        one("biginteger.2pow100", () -> BigInteger.ONE.shiftLeft(100));
        one("sql.date", () -> new java.sql.Date(1700000000000L));
        one("sql.time", () -> new java.sql.Time(3723000L));
        one("sql.timestamp", () -> new java.sql.Timestamp(1700000000123L));
        one("sql.timestamp.nanos", "nanos beyond milliseconds", () -> { java.sql.Timestamp t = new java.sql.Timestamp(1700000000123L); t.setNanos(123456789); return t; });
        one("uuid", () -> UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        one("locale", () -> Locale.SIMPLIFIED_CHINESE);

        // references
        one("ref.shared_list", "the same list twice", () -> { List<Object> inner = new ArrayList<>(List.of(1, 2)); return new ArrayList<>(List.of(inner, inner)); });
        one("ref.shared_map", "the same map twice", () -> { Map<String, Object> inner = new HashMap<>(Map.of("k", 1)); return new ArrayList<>(List.of(inner, inner)); });
        one("ref.shared_user", "the same User twice", () -> { User u = user(8); return new ArrayList<>(List.of(u, u)); });
        one("ref.shared_array", "the same int[] twice", () -> { int[] a = {1, 2}; return new Object[] {a, a}; });
        one("ref.circular_object", "Node.next == itself", () -> { Node x = new Node("self"); x.setNext(x); return x; });
        one("ref.circular_two", "a.next = b, b.next = a, a.children = [b]", () -> {
            Node a = new Node("a"), b = new Node("b"); a.setNext(b); b.setNext(a); a.getChildren().add(b); return a; });
        one("ref.list_contains_itself", () -> { List<Object> l = new ArrayList<>(); l.add(1); l.add(l); return l; });
        one("ref.map_contains_itself", () -> { Map<String, Object> m = new HashMap<>(); m.put("self", m); return m; });

        // exceptions: fixed stack trace so the bytes are stable
        one("exception.biz", "com.example.BizException extends RuntimeException; cause == itself", () -> {
            BizException e = new BizException("E42", "user not found");
            e.setStackTrace(new StackTraceElement[] {new StackTraceElement("com.example.UserService", "getUser", "UserService.java", 42)});
            return e; });
        one("exception.with_cause", () -> {
            IllegalStateException cause = new IllegalStateException("inner");
            cause.setStackTrace(new StackTraceElement[0]);
            BizException e = new BizException("E500", "outer", cause);
            e.setStackTrace(new StackTraceElement[0]);
            return e; });
        one("exception.runtime", "java.lang.RuntimeException", () -> {
            RuntimeException e = new RuntimeException("boom");
            e.setStackTrace(new StackTraceElement[0]);
            return e; });

        // several top-level values through one output
        add("multi.dubbo_request", "Dubbo request body: version, path, version, method, desc, args, attachments", () -> {
            Map<String, Object> att = new HashMap<>();
            att.put("path", "com.example.UserService");
            att.put("interface", "com.example.UserService");
            att.put("version", "0.0.0");
            att.put("timeout", "3000");
            return new Object[] {"2.0.2", "com.example.UserService", "", "getUser", "J", 42L, att}; });
        add("multi.dubbo_request.pojo_args", "two User args share one class definition", () -> {
            Map<String, Object> att = new HashMap<>();
            att.put("path", "com.example.UserService");
            return new Object[] {"2.0.2", "com.example.UserService", "1.0.0", "merge",
                    "Lcom/example/User;Lcom/example/User;", user(1), user(2), att}; });
        add("multi.dubbo_response", "RESPONSE_VALUE_WITH_ATTACHMENTS (4), value, attachments", () -> {
            Map<String, Object> att = new HashMap<>();
            att.put("dubbo", "2.0.2");
            return new Object[] {4, user(42), att}; });
        add("multi.dubbo_response.exception", "RESPONSE_WITH_EXCEPTION_WITH_ATTACHMENTS (3)", () -> {
            BizException e = new BizException("E42", "user not found");
            e.setStackTrace(new StackTraceElement[0]);
            return new Object[] {3, e, new HashMap<>()}; });
        add("multi.same_list_twice", "the same list as two top-level values: the second is a reference", () -> {
            List<Object> l = new ArrayList<>(List.of("x"));
            return new Object[] {l, l}; });
        add("multi.enum_twice", "the same enum constant as two top-level values", () -> new Object[] {Color.BLUE, Color.BLUE});
        add("multi.scalars", () -> new Object[] {1, 2L, 3.5, "four", true, null, date(0)}, "");
    }

    private void add(String name, Supplier<Object[]> values, String note) { add(name, note, values); }
}
