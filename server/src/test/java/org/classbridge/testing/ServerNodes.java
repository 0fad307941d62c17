package org.classbridge.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Classbridge server processes on this test's classpath, as separate nodes would run: each its own
 * JVM, port and data directory, sharing what the arguments say (a PostgreSQL URL, an S3 server).
 * Closing kills whatever is still running.
 */
public final class ServerNodes implements AutoCloseable {
  /** One JWT key for every node, so a token from one is honoured by the others. */
  public static final String JWT_KEY = "nodes:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  public static final String PSEUDONYM_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  private final Path root;
  private final List<Process> running = new ArrayList<>();

  public ServerNodes(Path root) {
    this.root = root;
  }

  /** A running node. */
  public record Node(String name, Process process, Path dir, Api api) {
    /** SIGKILL: no shutdown hook, no drain, nothing flushed. */
    public void kill() throws InterruptedException {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts node {@code name} (its data in {@code <root>/<name>}, kept across restarts). */
  public Node start(String name, String dbUrl, List<String> extraArgs) throws Exception {
    int port = freePort();
    Path dir = Files.createDirectories(root.resolve(name));
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "org.classbridge.app.Main",
                "--port=" + port,
                "--experiments.port=0",
                "--host=127.0.0.1",
                "--data=" + dir,
                "--db.url=" + dbUrl,
                "--auth.jwt-keys=" + JWT_KEY,
                "--auth.password-iterations=1000",
                "--catalogue.pseudonym-key=" + PSEUDONYM_KEY));
    cmd.addAll(extraArgs);
    Path log = dir.resolve("server.log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    running.add(p);
    HttpClient http = HttpClient.newHttpClient();
    URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return new Node(name, p, dir, new Api(port));
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not start: " + Files.readString(log));
      }
      Thread.sleep(200);
    }
  }

  @Override
  public void close() {
    running.forEach(Process::destroyForcibly);
  }
}
