package dev.tribridge.interop.hessian;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Command-line driver shared by every implementation's main class. */
public final class Lab {
    private Lab() {}

    public static void run(HessianCodec codec, String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("generate")) {
            generate(codec, Path.of(args[1]));
        } else if (args.length == 2 && args[0].equals("decode")) {
            Object req = Json.parse(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
            PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
            out.print(Json.writePretty(decode(codec, req), 2));
            out.flush();
        } else if (args.length == 1 && args[0].equals("serve")) {
            serve(codec);
        } else {
            System.err.println("usage: (generate <out.json> | decode <in.json> | serve)   [" + codec.artifact() + "]");
            System.exit(2);
        }
    }

    static void generate(HessianCodec codec, Path out) throws Exception {
        List<Object> cases = new ArrayList<>();
        List<Object> skipped = new ArrayList<>();
        for (Cases.Case c : Cases.all()) {
            Object[] values = c.values();
            byte[] bytes;
            try {
                bytes = codec.write(values);
            } catch (Throwable e) {
                skipped.add(Json.obj("name", c.name, "reason", "write failed: " + message(e)));
                continue;
            }
            List<Object> described = new ArrayList<>();
            try {
                Object[] back = codec.read(bytes, values.length);
                for (Object v : back) described.add(Describer.describe(v));
            } catch (Throwable e) {
                skipped.add(Json.obj("name", c.name, "reason", "read back failed: " + message(e), "bytes", Hex.encode(bytes)));
                continue;
            }
            String note = c.note;
            String diff = roundTripDifference(values, described);
            if (diff != null) note = (note.isEmpty() ? "" : note + "; ") + diff;
            cases.add(Json.obj("name", c.name, "bytes", Hex.encode(bytes), "values", described, "note", note));
        }
        Map<String, Object> manifest = Json.obj(
                "implementation", codec.implementation(),
                "artifact", codec.artifact(),
                "dialect", codec.dialect(),
                "generator", "interop/java/hessian-fixtures.sh (Java " + System.getProperty("java.version") + ")",
                "cases", cases,
                "skipped", skipped);
        Files.writeString(out, Json.writePretty(manifest, 3), StandardCharsets.UTF_8);
        System.err.println(codec.implementation() + ": " + cases.size() + " cases, " + skipped.size() + " skipped -> " + out);
    }

    /** Says how the value read back differs from the value written, or null when it describes the same. */
    private static String roundTripDifference(Object[] written, List<Object> readBack) {
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < written.length; i++) {
            String w;
            try {
                w = Json.write(Describer.describe(written[i]));
            } catch (RuntimeException e) {
                continue;
            }
            String r = Json.write(readBack.get(i));
            if (!w.equals(r)) {
                if (w.length() > 300) w = w.substring(0, 300) + "...";
                diffs.add("value " + i + " read back differs from the Java value written: " + w);
            }
        }
        return diffs.isEmpty() ? null : String.join("; ", diffs);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> decode(HessianCodec codec, Object request) {
        List<Object> results = new ArrayList<>();
        for (Object o : (List<Object>) ((Map<String, Object>) request).get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            Object name = c.get("name");
            try {
                byte[] bytes = Hex.decode((String) c.get("bytes"));
                Object cnt = c.get("count");
                int count = cnt == null ? 1 : ((Number) cnt).intValue();
                List<Object> described = new ArrayList<>();
                for (Object v : codec.read(bytes, count)) described.add(Describer.describe(v));
                results.add(Json.obj("name", name, "values", described));
            } catch (Throwable e) {
                results.add(Json.obj("name", name, "error", message(e)));
            }
        }
        return Json.obj("results", results);
    }

    /** One JSON request per line ({"cases":[...]}), one JSON response per line. */
    static void serve(HessianCodec codec) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            Object resp;
            try {
                resp = decode(codec, Json.parse(line));
            } catch (Throwable e) {
                resp = Json.obj("error", message(e));
            }
            out.print(Json.write(resp));
            out.print('\n');
            out.flush();
        }
    }

    static String message(Throwable e) {
        StringBuilder sb = new StringBuilder(e.toString());
        if (e instanceof GuardedInput.UncheckedEof) return e.toString();
        for (Throwable c = e.getCause(); c != null && c != c.getCause() && sb.length() < 400; c = c.getCause())
            sb.append(" <- ").append(c);
        return sb.toString().replace('\n', ' ');
    }
}
