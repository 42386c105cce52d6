package com.example.sofa;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of the SOFARPC (Bolt) peer.
 *
 * <pre>
 * provider [--port N] [--hessian 3|4] [--max-seconds S]
 *     prints "READY bolt=&lt;port&gt;" on stdout once the port accepts connections
 * consumer --url bolt://127.0.0.1:N [--hessian 3|4] &lt;scenario&gt;
 *     prints one JSON object per check, then "DONE ok=&lt;n&gt; fail=&lt;m&gt;"; exit 0 iff m == 0
 * </pre>
 *
 * --hessian names the sofa-hessian major the caller expects: sofa-peer.jar carries 3.x (SOFARPC's
 * default, H3 dialect), sofa-peer-h4.jar carries 4.x (H4 dialect). A mismatch exits with status 3.
 * Only the lines above go to stdout; library output is redirected to stderr.
 */
public final class Main {
    static final String HOST = "127.0.0.1";
    static final String UNIQUE_ID_G1 = "g1";
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
            if (a.startsWith("--")) {
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
        Properties build = buildInfo();
        String hessian = build.getProperty("hessian.version", "?");
        String wanted = opts.get("hessian");
        if (wanted != null) {
            if (!wanted.equals("3") && !wanted.equals("4")) {
                usage("--hessian must be 3 or 4");
            }
            if (!hessian.startsWith(wanted + ".")) {
                System.err.println("error: this jar carries sofa-hessian " + hessian + "; for --hessian " + wanted
                        + " run " + (wanted.equals("4") ? "sofa-peer-h4.jar" : "sofa-peer.jar"));
                System.exit(3);
            }
        }
        System.err.println("sofa-peer: sofa-rpc " + build.getProperty("sofa.rpc.version") + ", sofa-hessian " + hessian);

        // SOFA's loggers write files under ${logging.path} (default ~/logs): keep them in the temp dir.
        if (System.getProperty("logging.path") == null) {
            System.setProperty("logging.path",
                    new File(System.getProperty("java.io.tmpdir"), "tribridge-sofa-peer-logs").getPath());
        }
        // Needed for request baggage (RpcInvokeContext.putRequestBaggage) to travel.
        System.setProperty("invoke.baggage.enable", "true");

        switch (args[0]) {
            case "provider":
                provider(opts);
                break;
            case "consumer":
                if (positional == null) {
                    usage("consumer needs a scenario");
                }
                System.exit(Consumer.run(opts.get("url"), positional));
                break;
            default:
                usage("unknown mode " + args[0]);
        }
    }

    static Properties buildInfo() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/sofa-peer.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            System.err.println("warning: cannot read sofa-peer.properties: " + e);
        }
        return p;
    }

    static void usage(String why) {
        System.err.println("error: " + why);
        System.err.println("usage: provider [--port N] [--hessian 3|4] [--max-seconds S]");
        System.err.println("       consumer --url bolt://127.0.0.1:N [--hessian 3|4] <scenario>");
        System.err.println("       scenarios: " + String.join(", ", Consumer.SCENARIOS));
        System.exit(2);
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
            return s.getLocalPort();
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
        int port;
        try {
            port = Integer.parseInt(opts.getOrDefault("port", "0"));
        } catch (NumberFormatException e) {
            usage("bad --port");
            return;
        }
        if (port < 0 || port > 65535) {
            usage("bad --port");
        }
        long maxSeconds = Long.parseLong(opts.getOrDefault("max-seconds", "86400"));
        if (port == 0) {
            port = freePort();
        }
        Provider.start(port);
        if (!waitListening(port, 10_000)) {
            System.err.println("error: port did not open: bolt=" + port);
            System.exit(1);
        }
        out.println("READY bolt=" + port);
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
            System.exit(0);
        }
    }
}
