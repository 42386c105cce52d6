package dev.tribridge.interop.hessian;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal JSON tree support: values are null, Boolean, Number, String, List&lt;Object&gt;
 * and Map&lt;String,Object&gt; (insertion ordered).
 */
public final class Json {
    private Json() {}

    public static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    // ---------------------------------------------------------------- writer

    public static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, -1, 0);
        return sb.toString();
    }

    /** Pretty form: containers nested deeper than {@code flatDepth} are written on one line. */
    public static String writePretty(Object v, int flatDepth) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, flatDepth, 0);
        sb.append('\n');
        return sb.toString();
    }

    private static void indent(StringBuilder sb, int flat, int depth) {
        if (depth < flat) {
            sb.append('\n');
            for (int i = 0; i < depth; i++) sb.append("  ");
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder sb, Object v, int flat, int depth) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean) {
            sb.append(v.toString());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("non-finite number in JSON");
            if (d == Math.rint(d) && Math.abs(d) < 1e15) sb.append((long) d); // integral: keep it short
            else sb.append(Double.toString(d));
        } else if (v instanceof Number) {
            sb.append(v.toString());
        } else if (v instanceof String) {
            string(sb, (String) v);
        } else if (v instanceof Map) {
            Map<String, Object> m = (Map<String, Object>) v;
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : m.entrySet()) {
                if (!first) sb.append(depth + 1 <= flat ? "," : ", ");
                first = false;
                indent(sb, flat, depth + 1);
                string(sb, e.getKey());
                sb.append(": ");
                write(sb, e.getValue(), flat, depth + 1);
            }
            if (!m.isEmpty()) indent(sb, flat, depth);
            sb.append('}');
        } else if (v instanceof List) {
            List<Object> l = (List<Object>) v;
            sb.append('[');
            boolean first = true;
            for (Object o : l) {
                if (!first) sb.append(depth + 1 <= flat ? "," : ", ");
                first = false;
                indent(sb, flat, depth + 1);
                write(sb, o, flat, depth + 1);
            }
            if (!l.isEmpty()) indent(sb, flat, depth);
            sb.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass());
        }
    }

    /** Escapes quotes, backslash, control characters and lone surrogates; everything else stays literal. */
    static void string(StringBuilder sb, String s) {
        sb.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); continue;
                case '\\': sb.append("\\\\"); continue;
                case '\n': sb.append("\\n"); continue;
                case '\r': sb.append("\\r"); continue;
                case '\t': sb.append("\\t"); continue;
                default:
            }
            if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                hex4(sb, c);
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    sb.append(c).append(s.charAt(i + 1));
                    i++;
                } else {
                    hex4(sb, c);
                }
            } else if (Character.isLowSurrogate(c)) {
                hex4(sb, c);
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    private static void hex4(StringBuilder sb, char c) {
        sb.append(String.format("\\u%04x", (int) c));
    }

    // ---------------------------------------------------------------- reader

    public static Object parse(String text) {
        Reader r = new Reader(text);
        r.ws();
        Object v = r.value();
        r.ws();
        if (r.pos != text.length()) throw r.error("trailing data");
        return v;
    }

    private static final class Reader {
        final String s;
        int pos;

        Reader(String s) { this.s = s; }

        RuntimeException error(String msg) { return new IllegalArgumentException("JSON: " + msg + " at " + pos); }

        void ws() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') pos++;
                else break;
            }
        }

        char peek() {
            if (pos >= s.length()) throw error("unexpected end");
            return s.charAt(pos);
        }

        void expect(char c) {
            if (peek() != c) throw error("expected '" + c + "'");
            pos++;
        }

        Object value() {
            char c = peek();
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return str();
                case 't': literal("true"); return Boolean.TRUE;
                case 'f': literal("false"); return Boolean.FALSE;
                case 'n': literal("null"); return null;
                default: return number();
            }
        }

        void literal(String w) {
            if (!s.startsWith(w, pos)) throw error("bad literal");
            pos += w.length();
        }

        Map<String, Object> object() {
            expect('{');
            Map<String, Object> m = new LinkedHashMap<>();
            ws();
            if (peek() == '}') { pos++; return m; }
            while (true) {
                ws();
                String k = str();
                ws();
                expect(':');
                ws();
                m.put(k, value());
                ws();
                if (peek() == ',') { pos++; continue; }
                expect('}');
                return m;
            }
        }

        List<Object> array() {
            expect('[');
            List<Object> l = new ArrayList<>();
            ws();
            if (peek() == ']') { pos++; return l; }
            while (true) {
                ws();
                l.add(value());
                ws();
                if (peek() == ',') { pos++; continue; }
                expect(']');
                return l;
            }
        }

        String str() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = peek();
                pos++;
                if (c == '"') return sb.toString();
                if (c != '\\') { sb.append(c); continue; }
                char e = peek();
                pos++;
                switch (e) {
                    case '"': sb.append('"'); break;
                    case '\\': sb.append('\\'); break;
                    case '/': sb.append('/'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u':
                        if (pos + 4 > s.length()) throw error("bad \\u escape");
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                        break;
                    default: throw error("bad escape");
                }
            }
        }

        Number number() {
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) pos++;
            String t = s.substring(start, pos);
            if (t.isEmpty()) throw error("unexpected character");
            if (t.indexOf('.') < 0 && t.indexOf('e') < 0 && t.indexOf('E') < 0) {
                long l = Long.parseLong(t);
                if (l == (int) l) return (int) l;
                return l;
            }
            return Double.parseDouble(t);
        }
    }
}
