package dev.tribridge.interop.hessian;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a Java value into the canonical description of fixtures/hessian2/README.md.
 * One instance per top-level value: reference ids count list/array/map/object nodes in pre-order.
 */
public final class Describer {
    private final IdentityHashMap<Object, Integer> seen = new IdentityHashMap<>();
    private int next;

    private Describer() {}

    public static Object describe(Object value) {
        return new Describer().d(value);
    }

    private Object d(Object v) {
        if (v == null) return Json.obj("t", "null");
        if (v instanceof Boolean) return Json.obj("t", "bool", "v", v);
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return Json.obj("t", "int", "v", ((Number) v).intValue());
        if (v instanceof Long) return Json.obj("t", "long", "v", v.toString());
        if (v instanceof Double) return dbl((Double) v);
        // a float field: describe the float's shortest decimal form, which is what most writers put on the wire
        if (v instanceof Float) return dbl(Double.parseDouble(v.toString()));
        if (v instanceof Character) return Json.obj("t", "string", "v", v.toString());
        if (v instanceof String) return Json.obj("t", "string", "v", v);
        if (v instanceof byte[]) return Json.obj("t", "binary", "hex", Hex.encode((byte[]) v));
        if (v instanceof char[]) return Json.obj("t", "string", "v", new String((char[]) v));
        if (v.getClass() == java.util.Date.class) return Json.obj("t", "date", "ms", Long.toString(((java.util.Date) v).getTime()));
        if (v instanceof BigDecimal) return Json.obj("t", "bigdecimal", "v", v.toString());
        if (v instanceof BigInteger) return Json.obj("t", "biginteger", "v", v.toString());
        if (v instanceof Enum) return Json.obj("t", "enum", "class", ((Enum<?>) v).getDeclaringClass().getName(), "name", ((Enum<?>) v).name());

        Integer ref = seen.get(v);
        if (ref != null) return Json.obj("t", "ref", "id", ref);
        seen.put(v, next++);

        if (v instanceof java.util.Date) { // java.sql.Date / Time / Timestamp: written as an object with field "value"
            return Json.obj("t", "object", "class", v.getClass().getName(),
                    "fields", List.of(List.of("value", Json.obj("t", "date", "ms", Long.toString(((java.util.Date) v).getTime())))));
        }
        if (v instanceof UUID || v instanceof Locale) {
            return Json.obj("t", "object", "class", v.getClass().getName(),
                    "fields", List.of(List.of("value", Json.obj("t", "string", "v", v.toString()))));
        }
        if (v instanceof Class) {
            return Json.obj("t", "object", "class", "java.lang.Class",
                    "fields", List.of(List.of("name", Json.obj("t", "string", "v", ((Class<?>) v).getName()))));
        }
        if (v instanceof Collection) {
            List<Object> items = new ArrayList<>();
            for (Object o : (Collection<?>) v) items.add(d(o));
            return Json.obj("t", "list", "class", v.getClass().getName(), "items", items);
        }
        if (v.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) items.add(d(Array.get(v, i)));
            return Json.obj("t", "array", "component", componentName(v.getClass().getComponentType()), "items", items);
        }
        if (v instanceof Map) {
            List<Object> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                Object k = d(e.getKey());
                entries.add(List.of(k, d(e.getValue())));
            }
            return Json.obj("t", "map", "class", v.getClass().getName(), "entries", entries);
        }
        List<Object> fields = new ArrayList<>();
        for (Field f : fieldsOf(v.getClass())) {
            Object fv;
            try {
                f.setAccessible(true);
                fv = f.get(v);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot read field " + f + ": " + e, e);
            }
            fields.add(List.of(f.getName(), d(fv)));
        }
        return Json.obj("t", "object", "class", v.getClass().getName(), "fields", fields);
    }

    private static Object dbl(double d) {
        Object v;
        if (Double.isNaN(d)) v = "NaN";
        else if (d == Double.POSITIVE_INFINITY) v = "Infinity";
        else if (d == Double.NEGATIVE_INFINITY) v = "-Infinity";
        else if (d == 0 && 1 / d < 0) v = "-0";
        else v = d;
        return Json.obj("t", "double", "v", v);
    }

    /** Array component as Hessian names it. */
    public static String componentName(Class<?> c) {
        if (c.isArray()) return "[" + componentName(c.getComponentType());
        if (c == String.class) return "string";
        if (c == Object.class) return "object";
        if (c.isPrimitive()) return c.getName();
        return c.getName();
    }

    /** Non-static, non-transient fields, superclass fields first, declaration order. */
    static List<Field> fieldsOf(Class<?> c) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) chain.add(0, k);
        List<Field> out = new ArrayList<>();
        for (Class<?> k : chain) {
            for (Field f : k.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) || Modifier.isTransient(m)) continue;
                out.add(f);
            }
        }
        return out;
    }
}
