package org.classbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.classbridge.sql.H2Template;
import org.classbridge.testing.Api;
import org.classbridge.testing.MutableClock;
import org.classbridge.testing.PostgresSchema;
import org.classbridge.testing.TestApp;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upgrades from every schema version with data in it, on H2 and PostgreSQL: a fresh database is
 * migrated to version N, the fixtures of versions up to N (test resources db/fixtures/V*.sql, the
 * data an installation of that version held) go in, then the server's own start migrates it to the
 * latest; every fixture row is still there. From V1 and from V8 the upgraded database also serves:
 * a server starts on it and an admin finds the old accounts (and, from V8, the booked session and
 * the lesson). Migrations are forward-only (Flyway, no undo); an upgrade is stop, replace the jar,
 * start.
 */
class SchemaUpgradeTest {
  @TempDir Path dir;

  private static final List<Integer> FIXTURES = List.of(1, 6, 8);

  /** Every migration version the code carries. */
  static List<Integer> versions() {
    MigrationInfo[] all =
        Flyway.configure()
            .dataSource("jdbc:h2:mem:versions;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "", "")
            .locations("classpath:db/migration")
            .load()
            .info()
            .all();
    List<Integer> out = new ArrayList<>();
    for (MigrationInfo m : all) {
      out.add(Integer.parseInt(m.getVersion().getVersion()));
    }
    return out;
  }

  static Stream<Arguments> upgrades() {
    List<Arguments> out = new ArrayList<>();
    for (int v : versions()) {
      out.add(Arguments.of("h2", v));
      out.add(Arguments.of("postgresql", v));
    }
    return out.stream();
  }

  private static void runScript(Connection c, String resource) throws Exception {
    String sql;
    try (var in = SchemaUpgradeTest.class.getResourceAsStream(resource)) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Statement s = c.createStatement()) {
      for (String statement : sql.split(";\\s*\\n")) {
        String body =
            statement
                .lines()
                .filter(l -> !l.strip().startsWith("--"))
                .reduce("", (a, b) -> a + "\n" + b);
        if (!body.isBlank()) {
          s.execute(body);
        }
      }
    }
  }

  private static long count(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @ParameterizedTest(name = "{0}: from V{1}")
  @MethodSource("upgrades")
  @DisplayName("a database of every schema version, with its data, upgrades to the latest")
  void upgradeFrom(String database, int version) throws Exception {
    PostgresSchema pg =
        database.equals("postgresql") ? PostgresSchema.createOrSkip("SchemaUpgradeTest") : null;
    try {
      String url =
          pg != null
              ? pg.url()
              : H2Template.fileUrl(dir.resolve("v" + version).resolve("db").resolve("classbridge"));
      Flyway.configure()
          .dataSource(url, "", "")
          .locations("classpath:db/migration")
          .target(Integer.toString(version))
          .load()
          .migrate();
      try (Connection c = DriverManager.getConnection(url)) {
        for (int f : FIXTURES) {
          if (f <= version) {
            runScript(c, "/db/fixtures/V" + f + ".sql");
          }
        }
      }
      // the server's own start brings it to the latest version
      Map<Setting, String> settings = Map.of(Setting.DB_URL, url, Setting.DEMO_SEED, "false");
      // the oldest schema, and the oldest holding sessions and lessons too, also serve
      boolean serve = version == 1 || version == 8;
      if (serve) {
        try (Classbridge app =
            Classbridge.start(
                TestApp.config(dir.resolve("app" + version), settings),
                new MutableClock(Instant.parse("2026-12-01T01:50:00Z")))) {
          AdminCli.createAdmin(
              new ArrayList<>(
                  List.of(
                      "--username",
                      "upgrade.admin",
                      "--data=" + dir.resolve("cli"),
                      "--db.url=" + url)),
              Map.of(AdminCli.PASSWORD_VARIABLE, "an-admin-password-1"));
          Api api = new Api(app.port());
          String admin = api.login("upgrade.admin", "an-admin-password-1");
          assertThat(
                  api.get("/api/v1/users?q=upgrade", admin).items().stream()
                      .map(u -> ((JsonObject) u).getString("username")))
              .contains("upgrade.teacher", "upgrade.pupil");
          if (version >= 8) {
            assertThat(
                    api.get("/api/v1/sessions/20000000-0000-0000-0000-000000000002", admin)
                        .json()
                        .getString("title"))
                .isEqualTo("升级前预约的课");
            assertThat(
                    api.get("/api/v1/resources/30000000-0000-0000-0000-000000000001", admin)
                        .json()
                        .getString("title"))
                .isEqualTo("升级前的教案：勾股定理");
          }
        }
      } else {
        org.classbridge.sql.Database.connect(
                new org.classbridge.sql.DbConfig(
                    url, "", "", 2, org.classbridge.sql.DbConfig.DEFAULT_LOCK_TIMEOUT),
                java.util.Optional.empty())
            .close();
      }
      try (Connection c = DriverManager.getConnection(url)) {
        assertThat(count(c, "select count(*) from app_user where username like 'upgrade.%'"))
            .isGreaterThanOrEqualTo(2);
        assertThat(count(c, "select count(*) from class_member")).isEqualTo(1);
        if (version >= 6) {
          assertThat(count(c, "select count(*) from class_session where status = 'booked'"))
              .isEqualTo(1);
          assertThat(count(c, "select count(*) from attendance where present")).isEqualTo(1);
        }
        if (version >= 8) {
          assertThat(count(c, "select count(*) from resource")).isEqualTo(1);
        }
        assertThat(
                count(
                    c,
                    "select count(*) from flyway_schema_history where success and version = '"
                        + versions().get(versions().size() - 1)
                        + "'"))
            .isEqualTo(1);
      }
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
  }
}
