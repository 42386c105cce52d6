package com.example.interop;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.dubbo.common.stream.StreamObserver;
import org.apache.dubbo.config.MethodConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.StatusRpcException;
import org.apache.dubbo.rpc.TriRpcStatus;

import com.example.interop.proto.Greeter;
import com.example.interop.proto.HelloReply;
import com.example.interop.proto.HelloRequest;

/** Scenario runner against a provider speaking dubbo:// and tri:// (this peer's, or tribridge's). */
final class Consumer {
    static final List<String> SCENARIOS = List.of("smoke", "idle");
    /** Upper bound of the idle scenario's --seconds. */
    static final int MAX_IDLE_SECONDS = 120;
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
        /** Returns a short detail string on success; throws (or returns via Fail) on failure. */
        String run() throws Exception;
    }

    static final class Fail extends Exception {
        Fail(String msg) {
            super(msg);
        }
    }

    static int run(String dubboUrl, String triUrl, String scenario, Map<String, String> opts) {
        if (!SCENARIOS.contains(scenario)) {
            Main.usage("unknown scenario " + scenario);
        }
        if (scenario.equals("idle")) {
            return idle(loopbackUrl(dubboUrl), opts);
        }
        if (dubboUrl == null && triUrl == null) {
            Main.usage("consumer needs --dubbo-url and/or --tri-url");
        }
        dubboUrl = loopbackUrl(dubboUrl);
        triUrl = loopbackUrl(triUrl);
        Consumer c = new Consumer(scenario);
        DubboBootstrap bootstrap = DubboBootstrap.getInstance()
                .application(Main.application("tribridge-dubbo-peer-consumer"))
                .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE));
        ReferenceConfig<EchoService> dubbo = null;
        ReferenceConfig<EchoService> dubboG1 = null;
        ReferenceConfig<EchoService> tri = null;
        ReferenceConfig<EchoService> triG1 = null;
        ReferenceConfig<Greeter> greeter = null;
        if (dubboUrl != null) {
            dubbo = echoRef("ref-dubbo", dubboUrl, "");
            dubboG1 = echoRef("ref-dubbo-g1", dubboUrl, Main.GROUP_G1);
            bootstrap.reference(dubbo).reference(dubboG1);
        }
        if (triUrl != null) {
            tri = echoRef("ref-tri", triUrl, "");
            triG1 = echoRef("ref-tri-g1", triUrl, Main.GROUP_G1);
            greeter = new ReferenceConfig<>();
            greeter.setId("ref-greeter");
            greeter.setInterface(Greeter.class);
            greeter.setUrl(triUrl);
            greeter.setTimeout(CALL_TIMEOUT_MS);
            greeter.setRetries(0);
            greeter.setCheck(false);
            bootstrap.reference(tri).reference(triG1).reference(greeter);
        }
        bootstrap.start();
        try {
            if (dubbo != null) {
                c.echoChecks("dubbo", dubbo.get(), dubboG1.get());
            }
            if (tri != null) {
                c.echoChecks("tri", tri.get(), triG1.get());
                c.greeterChecks(greeter.get());
            }
        } finally {
            Main.out.println("DONE ok=" + c.ok + " fail=" + c.fail);
            Main.out.flush();
            try {
                bootstrap.stop();
            } catch (RuntimeException e) {
                System.err.println("consumer: stop failed: " + e);
            }
        }
        return c.fail == 0 ? 0 : 1;
    }

    /**
     * One call, then --seconds of silence with Dubbo's heartbeat shortened to --heartbeat-ms
     * (URL parameter heartbeat; the client closes and reconnects a channel that read nothing
     * for 3 heartbeats), then calls again. The provider must answer the heartbeats for the
     * channel to survive; the test on the other side counts heartbeat frames and connections.
     */
    static int idle(String dubboUrl, Map<String, String> opts) {
        if (dubboUrl == null) {
            Main.usage("idle needs --dubbo-url");
        }
        int seconds = Main.parseBounded(opts.getOrDefault("seconds", "3"), "--seconds", 1, MAX_IDLE_SECONDS);
        int heartbeatMs = Main.parseBounded(opts.getOrDefault("heartbeat-ms", "500"), "--heartbeat-ms", 100, 60_000);
        Consumer c = new Consumer("idle");
        DubboBootstrap bootstrap = DubboBootstrap.getInstance()
                .application(Main.application("tribridge-dubbo-peer-consumer"))
                .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE));
        ReferenceConfig<EchoService> ref = echoRef("ref-dubbo-idle", dubboUrl, "");
        Map<String, String> params = new LinkedHashMap<>(ref.getParameters());
        params.put("heartbeat", String.valueOf(heartbeatMs));
        ref.setParameters(params);
        bootstrap.reference(ref);
        bootstrap.start();
        try {
            EchoService s = ref.get();
            c.check("dubbo", "idle.before", () -> {
                expectEq("before", s.echoString("before"));
                return "heartbeat=" + heartbeatMs + "ms";
            });
            c.check("dubbo", "idle.wait", () -> {
                Thread.sleep(seconds * 1000L);
                return "idle " + seconds + " s";
            });
            c.check("dubbo", "idle.after", () -> {
                expectEq("after", s.echoString("after"));
                return "channel still usable";
            });
        } finally {
            Main.out.println("DONE ok=" + c.ok + " fail=" + c.fail);
            Main.out.flush();
            try {
                bootstrap.stop();
            } catch (RuntimeException e) {
                System.err.println("consumer: stop failed: " + e);
            }
        }
        return c.fail == 0 ? 0 : 1;
    }

    /**
     * Dubbo's client replaces a 127.x / localhost target by the machine's first non-loopback
     * address (NetUtils.isInvalidLocalHost), which misses loopback-only servers. Spelling the
     * loopback address as one decimal number keeps the connection on 127.0.0.1.
     */
    static String loopbackUrl(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceFirst("^([a-z0-9]+://)(127\\.0\\.0\\.1|localhost)(?=[:/]|$)", "$1" + Main.LOOPBACK_BIND_HOST);
    }

    static ReferenceConfig<EchoService> echoRef(String id, String url, String group) {
        ReferenceConfig<EchoService> r = new ReferenceConfig<>();
        r.setId(id);
        r.setInterface(EchoService.class);
        r.setUrl(url);
        r.setVersion(Main.VERSION);
        if (!group.isEmpty()) {
            r.setGroup(group);
        }
        r.setTimeout(CALL_TIMEOUT_MS);
        r.setRetries(0);
        r.setCheck(false);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("serialization", "hessian2");
        params.put("prefer.serialization", "hessian2");
        r.setParameters(params);
        MethodConfig sleep = new MethodConfig();
        sleep.setName("sleep");
        sleep.setTimeout(SLEEP_TIMEOUT_MS);
        sleep.setRetries(0);
        r.setMethods(List.of(sleep));
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
        check(proto, "attachments", () -> {
            RpcContext.getClientAttachment().setAttachment("x-tribridge", "hello");
            Map<String, String> got = s.echoAttachments();
            expectEq("hello", got.get("x-tribridge"));
            expectEq("", got.get("_peer.group"));
            return new java.util.TreeMap<>(got).toString();
        });
        check(proto, "group.g1", () -> {
            Map<String, String> got = g1.echoAttachments();
            expectEq(Main.GROUP_G1, got.get("_peer.group"));
            expectEq("echo", g1.echoString("echo"));
            return "served by g1";
        });
        check(proto, "sleep.ok", () -> {
            expectEq("slept 20", s.sleep(20));
            return "20ms";
        });
        check(proto, "sleep.timeout", () -> {
            long t0 = System.nanoTime();
            try {
                String r = s.sleep(SLEEP_TIMEOUT_MS * 4);
                throw new Fail("no timeout, got " + r);
            } catch (RpcException e) {
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                String message = String.valueOf(e.getMessage()).toLowerCase();
                // Either the consumer's own timer fires first, or the provider's deadline does and
                // it answers with the gRPC status DEADLINE_EXCEEDED: both are this call timing out.
                boolean serverDeadline = message.contains("deadline_exceeded");
                boolean timeout = e.isTimeout() || message.contains("timeout") || serverDeadline;
                if (!timeout) {
                    throw new Fail("not a timeout: code=" + e.getCode() + " " + e);
                }
                if (ms > SLEEP_TIMEOUT_MS * 3) {
                    throw new Fail("timed out only after " + ms + "ms (limit " + SLEEP_TIMEOUT_MS + "ms)");
                }
                String by = serverDeadline ? "provider's DEADLINE_EXCEEDED" : "consumer timeout";
                return by + " after " + ms + "ms (limit " + SLEEP_TIMEOUT_MS + "ms)";
            }
        });
        check(proto, "afterTimeout", () -> {
            expectEq("still", s.echoString("still"));
            return "connection reusable";
        });
    }

    /** Collects a response stream; bounded by CALL_TIMEOUT_MS. */
    static final class Collector implements StreamObserver<HelloReply> {
        final List<String> got = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch done = new CountDownLatch(1);
        volatile Throwable error;

        @Override
        public void onNext(HelloReply data) {
            got.add(data.getMessage());
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
            done.countDown();
        }

        @Override
        public void onCompleted() {
            done.countDown();
        }

        List<String> await() throws Exception {
            if (!done.await(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new Fail("stream did not complete, got " + got);
            }
            if (error != null) {
                throw new Fail("stream error " + error);
            }
            return new ArrayList<>(got);
        }
    }

    static HelloRequest hello(String name) {
        return HelloRequest.newBuilder().setName(name).build();
    }

    void greeterChecks(Greeter g) {
        check("tri", "Greeter.SayHello", () -> {
            HelloReply r = g.sayHello(hello("tribridge"));
            expectEq("Hello, tribridge!", r.getMessage());
            return r.getMessage();
        });
        check("tri", "Greeter.SayHello.empty", () -> {
            try {
                g.sayHello(hello(""));
            } catch (RpcException e) {
                // The unary stub may wrap it (RpcException > ExecutionException > StatusRpcException).
                for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
                    if (t instanceof StatusRpcException) {
                        TriRpcStatus st = ((StatusRpcException) t).getStatus();
                        expectEq(TriRpcStatus.Code.INVALID_ARGUMENT, st.code);
                        return "INVALID_ARGUMENT: " + st.description;
                    }
                }
                throw new Fail("no StatusRpcException in the cause chain: code=" + e.getCode() + " " + e);
            }
            throw new Fail("no error");
        });
        check("tri", "Greeter.SayHelloStream", () -> {
            Collector c = new Collector();
            g.sayHelloStream(hello("s"), c);
            List<String> got = c.await();
            expectEq(List.of("Hello, s! #1", "Hello, s! #2", "Hello, s! #3"), got);
            return got.size() + " messages";
        });
        check("tri", "Greeter.Collect", () -> {
            Collector c = new Collector();
            StreamObserver<HelloRequest> req = g.collect(c);
            for (String n : List.of("a", "b", "c")) {
                req.onNext(hello(n));
            }
            req.onCompleted();
            List<String> got = c.await();
            expectEq(List.of("Hello, a, b, c!"), got);
            return got.get(0);
        });
        check("tri", "Greeter.Chat", () -> {
            Collector c = new Collector();
            StreamObserver<HelloRequest> req = g.chat(c);
            for (String n : List.of("x", "y")) {
                req.onNext(hello(n));
            }
            req.onCompleted();
            List<String> got = c.await();
            expectEq(List.of("Hello, x!", "Hello, y!"), got);
            return got.size() + " messages";
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
