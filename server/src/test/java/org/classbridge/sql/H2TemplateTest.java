package org.classbridge.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A first start's database made from the build's template instead of the migrations. */
class H2TemplateTest {
  @TempDir Path dir;

  private static DbConfig config(Path file) {
    return new DbConfig(H2Template.fileUrl(file), "", "", 2);
  }

  /** The schema as H2 describes it, and Flyway's history without its times. */
  private static List<String> describe(String url) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, "", "");
        Statement s = c.createStatement()) {
      for (String query :
          List.of(
              "select table_name, column_name, ordinal_position, data_type, is_nullable,"
                  + " column_default, character_maximum_length from information_schema.columns"
                  + " where table_schema = 'public' order by table_name, ordinal_position",
              "select table_name, constraint_name, constraint_type from"
                  + " information_schema.table_constraints where table_schema = 'public'"
                  + " order by table_name, constraint_name",
              "select table_name, index_name, index_type_name from information_schema.indexes"
                  + " where table_schema = 'public' order by table_name, index_name",
              "select installed_rank, version, description, type, script, checksum, success"
                  + " from \"flyway_schema_history\" order by installed_rank")) {
        try (ResultSet rs = s.executeQuery(query)) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= n; i++) {
              row.append(rs.getString(i)).append('|');
            }
            rows.add(row.toString());
          }
        }
      }
    }
    return rows;
  }

  @Test
  @DisplayName("the build packs a template, and a database made from it is the migrated schema")
  void templateIsTheMigratedSchema() throws Exception {
    Optional<URL> packed = H2Template.packed();
    assertThat(packed)
        .as("the build's process-classes step writes " + H2Template.RESOURCE)
        .isPresent();

    Path fromTemplate = dir.resolve("a").resolve("classbridge");
    Database.connect(config(fromTemplate), Optional.empty(), packed).close();
    Path migrated = dir.resolve("b").resolve("classbridge");
    Database.connect(config(migrated), Optional.empty(), Optional.empty()).close();

    assertThat(Files.exists(dir.resolve("a").resolve("classbridge.mv.db"))).isTrue();
    List<String> expected = describe(H2Template.fileUrl(migrated));
    assertThat(expected).hasSizeGreaterThan(100);
    assertThat(describe(H2Template.fileUrl(fromTemplate))).isEqualTo(expected);
  }

  @Test
  @DisplayName("a new database is copied from the template; an existing one is never touched")
  void copiesOnlyWhenNew() throws Exception {
    URL template = markedTemplate("template");

    Path fresh = dir.resolve("fresh").resolve("db").resolve("classbridge");
    Database.connect(config(fresh), Optional.empty(), Optional.of(template)).close();
    assertThat(tables(H2Template.fileUrl(fresh))).contains("template_marker", "school");
    try (var files = Files.list(fresh.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary copy left behind")
          .containsExactly("classbridge.mv.db");
    }

    // the same directory again: the database is there, so it is opened, not replaced
    try (Connection c = DriverManager.getConnection(H2Template.fileUrl(fresh), "", "");
        Statement s = c.createStatement()) {
      s.execute("drop table template_marker");
    }
    Database.connect(config(fresh), Optional.empty(), Optional.of(template)).close();
    assertThat(tables(H2Template.fileUrl(fresh))).doesNotContain("template_marker");
  }

  @Test
  @DisplayName("a template behind the migrations is dropped: the database is migrated from empty")
  void staleTemplateFallsBack() throws Exception {
    // as if V3 had been edited since the template was made
    URL stale =
        markedTemplate(
            "stale", "update \"flyway_schema_history\" set checksum = 12345 where version = '3'");

    Path fresh = dir.resolve("fresh").resolve("classbridge");
    Database.connect(config(fresh), Optional.empty(), Optional.of(stale)).close();
    Path reference = dir.resolve("reference").resolve("classbridge");
    Database.connect(config(reference), Optional.empty(), Optional.empty()).close();
    assertThat(tables(H2Template.fileUrl(fresh))).doesNotContain("template_marker");
    assertThat(describe(H2Template.fileUrl(fresh)))
        .isEqualTo(describe(H2Template.fileUrl(reference)));
  }

  @Test
  @DisplayName("only the database the server makes itself: H2's own settings, no credentials")
  void onlyItsOwnDatabase() {
    Path file = dir.resolve("db").resolve("classbridge");
    String url = H2Template.fileUrl(file);
    assertThat(H2Template.target(new DbConfig(url, "", "", 2)))
        .contains(Path.of(file.toAbsolutePath() + ".mv.db"));
    assertThat(H2Template.target(new DbConfig(url, "sa", "", 2))).isEmpty();
    assertThat(H2Template.target(new DbConfig(url, "", "secret", 2))).isEmpty();
    assertThat(H2Template.target(new DbConfig(url + ";CIPHER=AES", "", "", 2))).isEmpty();
    assertThat(H2Template.target(new DbConfig("jdbc:h2:mem:test", "", "", 2))).isEmpty();
    assertThat(H2Template.target(new DbConfig("jdbc:postgresql://127.0.0.1:5432/test", "", "", 2)))
        .isEmpty();
    assertThat(
            H2Template.target(
                new DbConfig(
                    "jdbc:h2:file:/tmp/x;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "", "", 2)))
        .isEmpty();
  }

  /**
   * A template of the test's own in {@code folder}: migrated from empty, then {@code changes}
   * applied and a table {@code template_marker} added, so a copy can be told from a migration.
   */
  private URL markedTemplate(String folder, String... changes) throws Exception {
    Path work = dir.resolve(folder).resolve("classbridge");
    Database.connect(config(work), Optional.empty(), Optional.empty()).close();
    try (Connection c = DriverManager.getConnection(H2Template.fileUrl(work), "", "");
        Statement s = c.createStatement()) {
      for (String change : changes) {
        s.execute(change);
      }
      s.execute("create table template_marker (id int)");
    }
    return dir.resolve(folder).resolve("classbridge.mv.db").toUri().toURL();
  }

  private static List<String> tables(String url) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, "", "");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select table_name from information_schema.tables"
                        + " where table_schema = 'public'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
