package com.example.interop;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

import com.example.interop.proto.Greeter;

/**
 * Entry point of the Dubbo peer.
 *
 * <pre>
 * provider [--dubbo-port N] [--tri-port M] [--max-seconds S] [--verbose]
 *     prints "READY dubbo=&lt;port&gt; tri=&lt;port&gt;" on stdout once both ports accept connections
 * consumer --dubbo-url dubbo://127.0.0.1:N --tri-url tri://127.0.0.1:M [--verbose] &lt;scenario&gt;
 *     prints one JSON object per check, then "DONE ok=&lt;n&gt; fail=&lt;m&gt;"; exit 0 iff m == 0
 * consumer --dubbo-url dubbo://127.0.0.1:N [--seconds S] [--heartbeat-ms H] idle
 *     a call, S seconds of silence with Dubbo's heartbeat set to H ms (URL param heartbeat), a call
 * </pre>
 *
 * Only the lines above go to stdout; Dubbo's own output is redirected to stderr.
 */
public final class Main {
    static final String HOST = "127.0.0.1";
    /**
     * 127.0.0.1 written as one 32-bit decimal number. Dubbo 3.3 (AbstractServer and
     * NettyPortUnificationServer.doOpen0) replaces any bind ip that starts with "127." or is
     * "localhost" by 0.0.0.0 (NetUtils.isInvalidLocalHost); this spelling is not caught by that
     * check, and java.net.InetAddress parses it as 127.0.0.1, so the servers bind loopback only.
     */
    static final String LOOPBACK_BIND_HOST = "2130706433";
    static final String VERSION = "1.0.0";
    static final String GROUP_G1 = "g1";
    /** Stdout reserved for the protocol lines (READY / JSON / DONE). */
    static PrintStream out;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        out = System.out;
        System.setOut(System.err);
        if (args.length == 0) {
            usage("missing mode");
        }
        Map<String, String> opts = new HashMap<>();
        String positional = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--verbose")) {
                opts.put("verbose", "true");
            } else if (a.startsWith("--")) {
                if (i + 1 >= args.length) {
                    usage("option " + a + " needs a value");
                }
                opts.put(a.substring(2), args[++i]);
            } else if (positional == null) {
                positional = a;
            } else {
                usage("unexpected argument " + a);
            }
        }
        configureLogging(opts.containsKey("verbose"));
        System.setProperty("dubbo.service.shutdown.wait", "1000");
        System.setProperty("dubbo.application.qos-enable", "false");
        switch (args[0]) {
            case "provider":
                provider(opts);
                break;
            case "consumer":
                if (positional == null) {
                    usage("consumer needs a scenario");
                }
                System.exit(Consumer.run(opts.get("dubbo-url"), opts.get("tri-url"), positional, opts));
                break;
            default:
                usage("unknown mode " + args[0]);
        }
    }

    static void usage(String why) {
        System.err.println("error: " + why);
        System.err.println("usage: provider [--dubbo-port N] [--tri-port M] [--max-seconds S] [--verbose]");
        System.err.println("       consumer --dubbo-url dubbo://127.0.0.1:N --tri-url tri://127.0.0.1:M [--verbose] <scenario>");
        System.err.println("       consumer --dubbo-url dubbo://127.0.0.1:N [--seconds S] [--heartbeat-ms H] idle");
        System.err.println("       scenarios: " + String.join(", ", Consumer.SCENARIOS));
        System.exit(2);
    }

    static void configureLogging(boolean verbose) {
        Logger root = Logger.getLogger("");
        Level level = verbose ? Level.INFO : Level.WARNING;
        root.setLevel(level);
        for (java.util.logging.Handler h : root.getHandlers()) {
            h.setLevel(level);
        }
    }

    static ApplicationConfig application(String name) {
        ApplicationConfig app = new ApplicationConfig(name);
        app.setQosEnable(false);
        app.setLogger("jdk");
        // The lab exchanges classes named by the remote side; warn rather than reject unknown ones.
        app.setSerializeCheckStatus("WARN");
        app.setRegisterConsumer(false);
        app.setEnableFileCache(false);
        return app;
    }

    /** Upper bound on a graceful stop; past it the JVM is halted. */
    static final long EXIT_GRACE_MS = 10_000;

    /** Starts a daemon watchdog that halts the JVM if shutdown hooks hang (seen once in Dubbo's). */
    static void haltAfter(long ms) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("provider: shutdown took over " + ms + " ms, halting");
            Runtime.getRuntime().halt(0);
        }, "exit-watchdog");
        t.setDaemon(true);
        t.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static int parsePort(String v, String name) {
        if (v == null) {
            return 0;
        }
        try {
            int p = Integer.parseInt(v);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            usage("bad " + name + ": " + v);
            return -1;
        }
    }

    static int parseBounded(String v, String name, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            usage("bad " + name + ": " + v + " (" + min + ".." + max + ")");
            return -1;
        }
    }

    static boolean waitListening(int port, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 500);
                return true;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        return false;
    }

    static void provider(Map<String, String> opts) throws Exception {
        int dubboPort = parsePort(opts.get("dubbo-port"), "--dubbo-port");
        int triPort = parsePort(opts.get("tri-port"), "--tri-port");
        long maxSeconds = Long.parseLong(opts.getOrDefault("max-seconds", "86400"));
        if (dubboPort == 0) {
            dubboPort = freePort();
        }
        while (triPort == 0 || triPort == dubboPort) {
            triPort = freePort();
        }

        ProtocolConfig dubbo = new ProtocolConfig("dubbo", dubboPort);
        dubbo.setId("dubbo");
        dubbo.setHost(LOOPBACK_BIND_HOST);
        dubbo.setSerialization("hessian2");
        dubbo.setPreferSerialization("hessian2");

        ProtocolConfig tri = new ProtocolConfig("tri", triPort);
        tri.setId("tri");
        tri.setHost(LOOPBACK_BIND_HOST);
        tri.setSerialization("hessian2");
        tri.setPreferSerialization("hessian2");

        ServiceConfig<EchoService> echo = new ServiceConfig<>();
        echo.setId("echo");
        echo.setInterface(EchoService.class);
        echo.setRef(new EchoServiceImpl(""));
        echo.setVersion(VERSION);
        echo.setProtocols(List.of(dubbo, tri));

        ServiceConfig<EchoService> echoG1 = new ServiceConfig<>();
        echoG1.setId("echo-g1");
        echoG1.setInterface(EchoService.class);
        echoG1.setRef(new EchoServiceImpl(GROUP_G1));
        echoG1.setVersion(VERSION);
        echoG1.setGroup(GROUP_G1);
        echoG1.setProtocols(List.of(dubbo, tri));

        ServiceConfig<Greeter> greeter = new ServiceConfig<>();
        greeter.setId("greeter");
        greeter.setInterface(Greeter.class);
        greeter.setRef(new GreeterImpl());
        greeter.setProtocols(List.of(tri));

        DubboBootstrap bootstrap = DubboBootstrap.getInstance()
                .application(application("tribridge-dubbo-peer-provider"))
                .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE))
                .protocol(dubbo)
                .protocol(tri)
                .service(echo)
                .service(echoG1)
                .service(greeter)
                .start();

        if (!waitListening(dubboPort, 10_000) || !waitListening(triPort, 10_000)) {
            System.err.println("error: ports did not open: dubbo=" + dubboPort + " tri=" + triPort);
            bootstrap.stop();
            System.exit(1);
        }
        out.println("READY dubbo=" + dubboPort + " tri=" + triPort);
        out.flush();

        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            haltAfter(EXIT_GRACE_MS);
            forever.countDown();
        }, "peer-shutdown"));
        // Bounded lifetime: a provider left behind by a crashed harness stops by itself.
        if (!forever.await(maxSeconds, TimeUnit.SECONDS)) {
            System.err.println("provider: --max-seconds " + maxSeconds + " reached, stopping");
            haltAfter(EXIT_GRACE_MS);
            // Same path as SIGTERM: Dubbo's own shutdown hook stops the bootstrap.
            System.exit(0);
        }
    }
}
