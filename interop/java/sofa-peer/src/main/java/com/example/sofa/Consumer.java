package com.example.sofa;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import com.alipay.sofa.rpc.config.ApplicationConfig;
import com.alipay.sofa.rpc.config.ConsumerConfig;
import com.alipay.sofa.rpc.context.RpcInvokeContext;
import com.alipay.sofa.rpc.core.exception.SofaTimeOutException;

/** Scenario runner against a SOFARPC Bolt provider (this peer's, or tribridge's). */
final class Consumer {
    static final List<String> SCENARIOS = List.of("smoke");
    static final int CALL_TIMEOUT_MS = 5000;
    static final int SLEEP_TIMEOUT_MS = 500;
    static final long DATE_MS = 1700000000123L;

    private final String scenario;
    private int ok;
    private int fail;

    private Consumer(String scenario) {
        this.scenario = scenario;
    }

    interface Check {
        /** Returns a short detail string on success; throws on failure. */
        String run() throws Exception;
    }

    static final class Fail extends Exception {
        Fail(String msg) {
            super(msg);
        }
    }

    static int run(String url, String scenario) {
        if (!SCENARIOS.contains(scenario)) {
            Main.usage("unknown scenario " + scenario);
        }
        if (url == null) {
            Main.usage("consumer needs --url bolt://127.0.0.1:N");
        }
        Consumer c = new Consumer(scenario);
        ConsumerConfig<EchoService> ref = echoRef(url, "");
        ConsumerConfig<EchoService> refG1 = echoRef(url, Main.UNIQUE_ID_G1);
        try {
            c.echoChecks("bolt", ref.refer(), refG1.refer());
        } finally {
            Main.out.println("DONE ok=" + c.ok + " fail=" + c.fail);
            Main.out.flush();
            try {
                ref.unRefer();
                refG1.unRefer();
            } catch (RuntimeException e) {
                System.err.println("consumer: unRefer failed: " + e);
            }
        }
        return c.fail == 0 ? 0 : 1;
    }

    static ConsumerConfig<EchoService> echoRef(String url, String uniqueId) {
        ConsumerConfig<EchoService> r = new ConsumerConfig<EchoService>()
                .setApplication(new ApplicationConfig().setAppName("tribridge-sofa-peer-consumer"))
                .setInterfaceId(EchoService.class.getName())
                .setProtocol("bolt")
                .setDirectUrl(url)
                .setTimeout(CALL_TIMEOUT_MS)
                .setConnectTimeout(CALL_TIMEOUT_MS)
                .setRetries(0)
                .setRegister(false)
                .setSubscribe(false);
        if (!uniqueId.isEmpty()) {
            r.setUniqueId(uniqueId);
        }
        return r;
    }

    static User user(long id, String name) {
        return new User(id, name, name.toLowerCase() + "@example.com", Arrays.asList("a", "b\u00e9", "\u4e2d"),
                new Date(DATE_MS + id), id * 1.5);
    }

    static void expectEq(Object want, Object got) throws Fail {
        if (!Objects.equals(want, got)) {
            throw new Fail("want " + want + " got " + got);
        }
    }

    void echoChecks(String proto, EchoService s, EchoService g1) {
        check(proto, "echoString", () -> {
            String v = "hello \u4e16\u754c \ud83d\ude00";
            expectEq(v, s.echoString(v));
            return v;
        });
        check(proto, "echoString.empty", () -> {
            expectEq("", s.echoString(""));
            return "";
        });
        check(proto, "echoString.null", () -> {
            expectEq(null, s.echoString((String) null));
            return "null";
        });
        check(proto, "echoString.overload2", () -> {
            expectEq("a|b", s.echoString("a", "b"));
            return "a|b";
        });
        check(proto, "echoInt", () -> {
            for (int v : new int[] {0, -1, 47, -16, 2047, -2048, 262143, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
                expectEq(v, s.echoInt(v));
            }
            return "9 values";
        });
        check(proto, "echoLong", () -> {
            for (long v : new long[] {0L, -8L, 15L, 9007199254740993L, Long.MAX_VALUE, Long.MIN_VALUE}) {
                expectEq(v, s.echoLong(v));
            }
            return "6 values";
        });
        check(proto, "echoBoxedLong", () -> {
            expectEq(-5L, s.echoBoxedLong(-5L));
            expectEq(null, s.echoBoxedLong(null));
            return "-5,null";
        });
        check(proto, "echoBool", () -> {
            expectEq(true, s.echoBool(true));
            expectEq(false, s.echoBool(false));
            return "true,false";
        });
        check(proto, "echoDouble", () -> {
            for (double v : new double[] {0.0, 1.0, -1.5, 3.141592653589793, 1e300, 0.1}) {
                expectEq(v, s.echoDouble(v));
            }
            return "6 values";
        });
        check(proto, "echoBigDecimal", () -> {
            BigDecimal v = new BigDecimal("12345678901234567890.0123456789");
            expectEq(v, s.echoBigDecimal(v));
            return v.toPlainString();
        });
        check(proto, "echoDate", () -> {
            Date v = new Date(DATE_MS);
            expectEq(v, s.echoDate(v));
            return String.valueOf(DATE_MS);
        });
        check(proto, "echoEnum", () -> {
            expectEq(Color.GREEN, s.echoEnum(Color.GREEN));
            return "GREEN";
        });
        check(proto, "echoUsers", () -> {
            List<User> v = new ArrayList<>(List.of(user(1, "Alice"), user(2, "Bob")));
            expectEq(v, s.echoUsers(v));
            return "2 users";
        });
        check(proto, "echoUserMap", () -> {
            Map<Integer, User> v = new LinkedHashMap<>();
            v.put(7, user(7, "Carol"));
            v.put(-1, user(8, "Dan"));
            expectEq(v, s.echoUserMap(v));
            return "2 entries";
        });
        check(proto, "echoOrder", () -> {
            Order v = new Order(99L, user(3, "Eve"),
                    new ArrayList<>(List.of(new Item("sku-1", 2, new BigDecimal("9.99")),
                            new Item("sku-2", 1, new BigDecimal("0.01")))),
                    Color.BLUE, new Date(DATE_MS), "gift");
            expectEq(v, s.echoOrder(v));
            return "order 99";
        });
        check(proto, "echoBytes", () -> {
            byte[] v = new byte[300];
            for (int i = 0; i < v.length; i++) {
                v[i] = (byte) i;
            }
            byte[] got = s.echoBytes(v);
            if (!Arrays.equals(v, got)) {
                throw new Fail("bytes differ");
            }
            if (s.echoBytes(new byte[0]).length != 0) {
                throw new Fail("empty bytes differ");
            }
            return "300+0 bytes";
        });
        check(proto, "fail", () -> {
            try {
                s.fail("boom");
            } catch (BizException e) {
                expectEq(4001, e.getCode());
                expectEq("boom", e.getMessage());
                return "BizException code=4001 message=boom";
            }
            throw new Fail("no exception");
        });
        check(proto, "baggage", () -> {
            RpcInvokeContext.getContext().putRequestBaggage("x-tribridge", "hello");
            Map<String, String> got;
            try {
                got = s.echoAttachments();
            } finally {
                RpcInvokeContext.removeContext();
            }
            expectEq("hello", got.get("x-tribridge"));
            expectEq("", got.get("_peer.uniqueId"));
            return new java.util.TreeMap<>(got).toString();
        });
        check(proto, "uniqueId.g1", () -> {
            Map<String, String> got = g1.echoAttachments();
            expectEq(Main.UNIQUE_ID_G1, got.get("_peer.uniqueId"));
            expectEq("echo", g1.echoString("echo"));
            return "served by g1";
        });
        check(proto, "sleep.ok", () -> {
            RpcInvokeContext.getContext().setTimeout(SLEEP_TIMEOUT_MS);
            try {
                expectEq("slept 20", s.sleep(20));
            } finally {
                RpcInvokeContext.removeContext();
            }
            return "20ms";
        });
        check(proto, "sleep.timeout", () -> {
            long t0 = System.nanoTime();
            RpcInvokeContext.getContext().setTimeout(SLEEP_TIMEOUT_MS);
            try {
                String r = s.sleep(SLEEP_TIMEOUT_MS * 4);
                throw new Fail("no timeout, got " + r);
            } catch (SofaTimeOutException e) {
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                return "SofaTimeOutException after " + ms + "ms (limit " + SLEEP_TIMEOUT_MS + "ms)";
            } finally {
                RpcInvokeContext.removeContext();
            }
        });
        check(proto, "afterTimeout", () -> {
            expectEq("still", s.echoString("still"));
            return "connection reusable";
        });
    }

    void check(String proto, String name, Check body) {
        long t0 = System.nanoTime();
        boolean passed;
        String detail;
        try {
            detail = body.run();
            passed = true;
        } catch (Throwable t) {
            passed = false;
            detail = t instanceof Fail ? t.getMessage() : t.getClass().getName() + ": " + t.getMessage();
            if (!(t instanceof Fail)) {
                t.printStackTrace();
            }
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        if (passed) {
            ok++;
        } else {
            fail++;
        }
        Main.out.println("{\"scenario\":" + Json.str(scenario) + ",\"proto\":" + Json.str(proto) + ",\"case\":"
                + Json.str(name) + ",\"ok\":" + passed + ",\"ms\":" + ms + ",\"detail\":" + Json.str(detail) + "}");
        Main.out.flush();
    }
}
