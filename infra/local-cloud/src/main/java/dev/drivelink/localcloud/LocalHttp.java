package dev.drivelink.localcloud;

/**
 * JVM-wide settings for the JDK's HTTP server. {@code sun.net.httpserver.nodelay} is read once, when
 * the first server of the JVM starts: without it every small response waits about 40 ms (Nagle and
 * delayed ACKs). Call {@link #configure()} before anything in the JVM starts an {@code HttpServer}.
 */
public final class LocalHttp {

    private LocalHttp() {
    }

    public static void configure() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }
}
