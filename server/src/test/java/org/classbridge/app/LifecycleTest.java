package org.classbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.classbridge.auth.AccountOrigin;
import org.classbridge.auth.NewAccount;
import org.classbridge.common.Language;
import org.classbridge.identity.Role;
import org.classbridge.testing.Api;
import org.classbridge.testing.Await;
import org.classbridge.testing.Poll;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, stopping, production mode and the admin CLI. */
class LifecycleTest {
  static final String KEY =
      "prod-1:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  @TempDir Path data;

  private Map<Setting, String> production() {
    return Map.of(
        Setting.MODE,
        "production",
        Setting.JWT_KEYS,
        KEY,
        Setting.DEMO_SEED,
        "false",
        Setting.CATALOGUE_PSEUDONYM_KEY,
        "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
  }

  @Test
  @DisplayName("stopping lets an in-flight request finish, then refuses new connections")
  void gracefulShutdown() throws Exception {
    // a slow KDF makes a login take long enough to be caught in flight
    Classbridge app =
        TestApp.start(
            data, Map.of(Setting.DEMO_SEED, "false", Setting.PASSWORD_ITERATIONS, "4000000"));
    School school = school(app);
    Await.await(
        app.services()
            .accounts()
            .create(
                new NewAccount(
                    "slow.login", "Slow", Role.TEACHER, school.id, Language.ZH, "a-password"),
                AccountOrigin.API));
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + app.port();
    CompletableFuture<HttpResponse<String>> inFlight =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("username", "slow.login")
                            .put("password", "a-password")
                            .encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Poll.until(Duration.ofSeconds(10), () -> activeRequests(app) >= 1);
    assertThat(activeRequests(app)).as("the login is in flight").isEqualTo(1);
    app.close();
    assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
  }

  private static double activeRequests(Classbridge app) {
    return app.meters().find("vertx.http.server.active.requests").gauges().stream()
        .mapToDouble(Gauge::value)
        .sum();
  }

  private record School(UUID id) {}

  private static School school(Classbridge app) {
    var g = Await.await(app.services().directory().createGroup("集团"));
    var s =
        Await.await(
            app.services()
                .directory()
                .createSchool(g.id().toString(), "学校", "西宁市", "城东区", "urban"));
    return new School(s.id());
  }

  @Test
  @DisplayName(
      "production has no demo accounts; create-admin makes the first admin, who can log in")
  void productionAndCreateAdmin() throws Exception {
    List<String> args = new ArrayList<>();
    for (var e : production().entrySet()) {
      args.add("--" + e.getKey().key() + "=" + e.getValue());
    }
    args.add("--data=" + data);
    args.add("--auth.password-iterations=1000");

    List<String> cli =
        new ArrayList<>(List.of("--username", "root.admin", "--display-name", "省平台管理员"));
    cli.addAll(args);
    assertThat(AdminCli.createAdmin(cli, Map.of(AdminCli.PASSWORD_VARIABLE, "short"))).isEqualTo(2);
    assertThat(
            AdminCli.createAdmin(cli, Map.of(AdminCli.PASSWORD_VARIABLE, "a-long-admin-password")))
        .isZero();
    assertThat(
            AdminCli.createAdmin(cli, Map.of(AdminCli.PASSWORD_VARIABLE, "a-long-admin-password")))
        .as("the same admin twice")
        .isEqualTo(1);

    Classbridge app = TestApp.start(data, production());
    try {
      Api api = new Api(app.port());
      var refused =
          api.post(
              "/api/v1/auth/login",
              null,
              new JsonObject().put("username", "coordinator").put("password", "classbridge"));
      assertThat(refused.status()).isEqualTo(401);
      String token = api.login("root.admin", "a-long-admin-password");
      assertThat(api.get("/api/v1/me", token).json().getJsonObject("user").getString("role"))
          .isEqualTo("admin");
      assertThat(api.get("/api/v1/users", token).items()).hasSize(1);
    } finally {
      app.close();
    }
  }

  @Test
  @DisplayName("production refuses to start on a database that holds demo accounts")
  void productionRefusesDemoData() throws Exception {
    TestApp.start(data).close(); // embedded: seeds the demo group
    assertThatThrownBy(() -> TestApp.start(data, production()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("demo accounts");
  }

  @Test
  @DisplayName(
      "the embedded signing key is generated once, kept owner-only, and tokens survive a restart")
  void embeddedKeyPersists() throws Exception {
    Classbridge first = TestApp.start(data);
    String token = new Api(first.port()).login("coordinator", "classbridge");
    first.close();
    Path key = data.resolve("secrets").resolve("jwt-hs256.key");
    assertThat(Files.getPosixFilePermissions(key))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    Classbridge second = TestApp.start(data);
    try {
      Api api = new Api(second.port());
      assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);
      // seeding again found everything in place and created nothing twice
      String admin = api.login("admin", "classbridge");
      assertThat(api.get("/api/v1/users", admin).items()).hasSize(11);
      assertThat(api.get("/api/v1/schools", admin).items()).hasSize(4);
      assertThat(api.get("/api/v1/groups", admin).items()).hasSize(1);
    } finally {
      second.close();
    }
  }

  @Test
  @DisplayName("demo.seed=false starts an empty embedded server without demo accounts")
  void noDemoData() throws Exception {
    Classbridge app = TestApp.start(data, Map.of(Setting.DEMO_SEED, "false"));
    try {
      var r =
          new Api(app.port())
              .post(
                  "/api/v1/auth/login",
                  null,
                  new JsonObject().put("username", "admin").put("password", "classbridge"));
      assertThat(r.status()).isEqualTo(401);
      assertThat(Await.await(app.services().accounts().countByOrigin(AccountOrigin.DEMO))).isZero();
    } finally {
      app.close();
    }
  }

  @Test
  @DisplayName(
      "Netty's JFR allocator events are off unless the operator turned them on: they cost the"
          + " first request a JFR initialisation")
  void nettyJfrEventsOffUnlessAsked() {
    String before = System.getProperty(Classbridge.NETTY_JFR);
    try {
      System.clearProperty(Classbridge.NETTY_JFR);
      Classbridge.withoutNettyJfrEvents();
      assertThat(System.getProperty(Classbridge.NETTY_JFR)).isEqualTo("false");
      System.setProperty(Classbridge.NETTY_JFR, "true");
      Classbridge.withoutNettyJfrEvents();
      assertThat(System.getProperty(Classbridge.NETTY_JFR)).isEqualTo("true");
    } finally {
      if (before == null) {
        System.clearProperty(Classbridge.NETTY_JFR);
      } else {
        System.setProperty(Classbridge.NETTY_JFR, before);
      }
    }
  }

  @Test
  @DisplayName(
      "java -jar style start: ready on the logged port, SIGTERM drains and stops the process")
  void processStartAndSigterm() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "org.classbridge.app.Main",
                "--port",
                "0",
                "--host=127.0.0.1",
                "--data",
                data.toString(),
                "--auth.password-iterations=1000")
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("process.log").toFile())
            .start();
    // read back from a file: a pipe's reader races the JDK's own draining when the child exits
    File logFile = data.resolve("process.log").toFile();
    Pattern ready = Pattern.compile("ready on http://[^:]+:(\\d+)/");
    int port = -1;
    try {
      Poll.until(Duration.ofSeconds(60), () -> !p.isAlive() || ready.matcher(read(logFile)).find());
      Matcher m = ready.matcher(read(logFile));
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
      }
      assertThat(port).as("ready line in:\n%s", read(logFile)).isPositive();
      Api api = new Api(port);
      assertThat(api.get("/health/ready", null).status()).isEqualTo(200);
      assertThat(api.login("coordinator", "classbridge")).isNotBlank();

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(read(logFile)).contains("stopping: draining in-flight requests").contains("stopped");
    assertThat(p.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook ran
  }

  private static String read(File f) {
    try {
      return Files.readString(f.toPath(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ""; // not written yet
    }
  }
}
