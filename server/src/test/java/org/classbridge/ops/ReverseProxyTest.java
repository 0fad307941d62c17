package org.classbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy configuration docker-compose.yml mounts (server/deploy/nginx.conf), run by the real
 * nginx of the Debian package in front of a real Classbridge: {@code nginx -t} accepts it, HTTP
 * goes to HTTPS, TLS with the self-signed certificate the deploy script makes, Range requests and
 * the live classroom's WebSocket upgrade pass through. Only the upstream addresses, the listening
 * ports and the file locations are rewritten for a test. Skipped, and saying so, without nginx or
 * openssl.
 */
class ReverseProxyTest {
  private static final Path NGINX = Path.of("/usr/sbin/nginx");

  @TempDir Path dir;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  private static Process run(Path log, String... command) throws Exception {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** The deploy config as a test runs it: same directives, local addresses, ports and paths. */
  private String testConfig(int app, int http, int https) throws Exception {
    String conf = Files.readString(Path.of("deploy/nginx.conf"));
    return conf.replace("classbridge-1:8080", "127.0.0.1:" + app)
        .replace("classbridge-2:8080", "127.0.0.1:" + app)
        .replace("listen [::]:80;", "")
        .replace("listen [::]:443 ssl http2;", "")
        .replace("listen 80;", "listen 127.0.0.1:" + http + ";")
        .replace("listen 443 ssl http2;", "listen 127.0.0.1:" + https + " ssl http2;")
        .replace("/etc/nginx/certs/", dir.resolve("certs") + "/")
        .replace("/var/cache/nginx/classbridge", dir.resolve("cache").toString());
  }

  private HttpClient trusting(Path cert) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      trust.setCertificateEntry(
          "proxy", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder()
        .sslContext(tls)
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  private static boolean listens(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (java.io.IOException notYet) {
      return false;
    }
  }

  private static void awaitPort(int port, Process nginx, Path log) throws Exception {
    org.classbridge.testing.Poll.until(
        Duration.ofSeconds(20), () -> !nginx.isAlive() || listens(port));
    if (!nginx.isAlive()) {
      throw new AssertionError("nginx stopped: " + Files.readString(log));
    }
    assertThat(listens(port)).as("nginx listens on %d", port).isTrue();
  }

  @Test
  @DisplayName(
      "the deploy proxy config passes nginx -t and carries HTTPS, Range and the live classroom's WebSocket to a real node")
  void proxyInFront() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(NGINX),
        "nginx is not installed (apt-get install nginx-light): the proxy config is not checked");
    Assumptions.assumeTrue(
        onPath("openssl"), "openssl is not installed: no certificate for the proxy test");
    Path log = dir.resolve("nginx.log");
    Process cert =
        run(log, "sh", "deploy/self-signed-cert.sh", dir.resolve("certs").toString(), "127.0.0.1");
    assertThat(cert.waitFor()).as("self-signed-cert.sh: %s", Files.readString(log)).isZero();
    Files.createDirectories(dir.resolve("cache"));
    try (Classbridge app =
        Classbridge.start(
            TestApp.config(dir.resolve("data"), Map.of()), java.time.Clock.systemUTC())) {
      int http = freePort();
      int https = freePort();
      Files.writeString(dir.resolve("classbridge.conf"), testConfig(app.port(), http, https));
      Files.writeString(
          dir.resolve("nginx.conf"),
          String.join(
              "\n",
              "pid " + dir.resolve("nginx.pid") + ";",
              "error_log " + dir.resolve("error.log") + " warn;",
              "worker_processes 1;",
              "events { worker_connections 64; }",
              "http {",
              "  access_log off;",
              "  client_body_temp_path " + dir.resolve("body") + ";",
              "  proxy_temp_path " + dir.resolve("proxy") + ";",
              "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
              "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
              "  scgi_temp_path " + dir.resolve("scgi") + ";",
              "  include " + dir.resolve("classbridge.conf") + ";",
              "}",
              ""));
      String conf = dir.resolve("nginx.conf").toString();
      Process check = run(log, NGINX.toString(), "-t", "-p", dir.toString(), "-c", conf);
      assertThat(check.waitFor()).as("nginx -t: %s", Files.readString(log)).isZero();

      Process nginx =
          run(
              dir.resolve("run.log"),
              NGINX.toString(),
              "-p",
              dir.toString(),
              "-c",
              conf,
              "-g",
              "daemon off;");
      try {
        awaitPort(https, nginx, dir.resolve("error.log"));
        HttpClient client = trusting(dir.resolve("certs/tls.crt"));
        // plain HTTP goes to HTTPS
        HttpResponse<String> plain =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(301);
        assertThat(plain.headers().firstValue("Location").orElse(""))
            .startsWith("https://127.0.0.1");
        String base = "https://127.0.0.1:" + https;
        HttpResponse<String> ready =
            client.send(
                HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        // a Range request comes back partial, as the node answered it
        HttpResponse<byte[]> part =
            client.send(
                HttpRequest.newBuilder(URI.create(base + "/app.js"))
                    .header("Range", "bytes=0-99")
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).hasSize(100);
        // the live classroom's bridge: a WebSocket through the proxy, answering a ping
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket ws =
            client
                .newWebSocketBuilder()
                .header("Origin", base)
                .buildAsync(
                    URI.create("wss://127.0.0.1:" + https + "/eventbus/websocket"),
                    new WebSocket.Listener() {
                      @Override
                      public CompletableFuture<?> onText(
                          WebSocket w, CharSequence data, boolean last) {
                        first.complete(data.toString());
                        return null;
                      }

                      // the bridge writes its frames as binary WebSocket messages
                      @Override
                      public CompletableFuture<?> onBinary(
                          WebSocket w, java.nio.ByteBuffer data, boolean last) {
                        byte[] bytes = new byte[data.remaining()];
                        data.get(bytes);
                        first.complete(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
                        return null;
                      }

                      @Override
                      public CompletableFuture<?> onClose(WebSocket w, int code, String reason) {
                        first.complete("closed " + code + " " + reason);
                        return null;
                      }

                      @Override
                      public void onError(WebSocket w, Throwable error) {
                        first.completeExceptionally(error);
                      }
                    })
                .get(10, TimeUnit.SECONDS);
        // a registration without a token gets the bridge's refusal: frames pass both ways
        ws.sendText("{\"type\":\"register\",\"address\":\"test.anything\"}", true)
            .get(10, TimeUnit.SECONDS);
        String got;
        try {
          got = first.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          throw new AssertionError(Files.readString(dir.resolve("error.log")), e);
        }
        assertThat(got).contains("\"err\"");
        ws.abort();
      } finally {
        nginx.destroy();
        nginx.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
