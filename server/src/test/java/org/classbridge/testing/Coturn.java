package org.classbridge.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real coturn (Debian's {@code turnserver}) on loopback with TURN REST authentication ({@code
 * use-auth-secret}), as INTEROP.md D describes; skipped, and saying so, where it is not installed.
 * {@code --allow-loopback-peers} lets it relay between two browsers on this machine.
 */
public final class Coturn implements AutoCloseable {
  public static final String TURNSERVER = "/usr/bin/turnserver";
  public static final String UCLIENT = "/usr/bin/turnutils_uclient";

  private final Process process;
  private final int port;
  private final String secret;

  private Coturn(Process process, int port, String secret) {
    this.process = process;
    this.port = port;
    this.secret = secret;
  }

  public static Coturn startOrSkip(Path dir, String secret)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(TURNSERVER)) || !Files.isExecutable(Path.of(UCLIENT))) {
      String message =
          "SKIPPED TURN tests: Debian coturn is not installed (apt-get install coturn; .ci/run does)";
      System.err.println("\n*** " + message + " ***\n");
      Assumptions.abort(message);
    }
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    int relayLow = 40000 + (port % 20000);
    List<String> cmd =
        List.of(
            TURNSERVER,
            "-n",
            "--listening-ip=127.0.0.1",
            "--listening-port=" + port,
            "--relay-ip=127.0.0.1",
            "--min-port=" + relayLow,
            "--max-port=" + (relayLow + 200),
            "--use-auth-secret",
            "--static-auth-secret=" + secret,
            "--realm=classbridge.test",
            "--allow-loopback-peers",
            "--no-cli",
            "--no-tls",
            "--no-dtls",
            "--pidfile=" + dir.resolve("turnserver.pid"),
            "--log-file=" + dir.resolve("turnserver.log"));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("turnserver.out").toFile())
            .start();
    Coturn c = new Coturn(p, port, secret);
    // ready when a good allocation succeeds
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < end) {
      if (!p.isAlive()) {
        throw new IllegalStateException("turnserver exited: see " + dir.resolve("turnserver.out"));
      }
      Thread.sleep(200);
      if (Files.exists(dir.resolve("turnserver.pid"))) {
        break;
      }
    }
    Thread.sleep(300);
    return c;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "turn:127.0.0.1:" + port + "?transport=udp";
  }

  public String secret() {
    return secret;
  }

  /** Whether coturn grants an allocation (and relays a few packets) for these credentials. */
  public boolean accepts(String username, String password)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(UCLIENT, "-y", "-u", username, "-w", password));
    cmd.addAll(
        List.of("-p", Integer.toString(port), "-n", "2", "-m", "1", "-l", "100", "127.0.0.1"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return false;
    }
    return p.exitValue() == 0 && !out.contains("Cannot complete Allocation");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
