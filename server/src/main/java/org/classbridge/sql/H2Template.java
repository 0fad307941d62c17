package org.classbridge.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded database of a first start, made from a template instead of by the migrations.
 *
 * <p>The build runs {@link #main} once (Maven's {@code process-classes}): it applies the Flyway
 * migrations to an empty H2 file, exactly as a first start would, and puts the result in the jar at
 * {@value #RESOURCE}. A first start on an empty data directory copies that file into place and then
 * runs Flyway as always, which finds the schema current and applies nothing. Applying the
 * migrations on a cold JVM is about half a second of a first start's three (BENCHMARKS.md,
 * Start-up); copying 170 kB is a millisecond.
 *
 * <p>Only the database the server makes by itself qualifies: an H2 file at a URL of {@link
 * #fileUrl}'s shape, with H2's default (empty) user and password, since the template's file holds
 * its settings and its administrator. A URL of the operator's own, credentials, an existing file or
 * PostgreSQL go the usual way. The template's Flyway history reads the build's time as when the
 * migrations were installed.
 *
 * <p>A template out of step with the migrations on the class path (an IDE that rebuilt one without
 * Maven) fails Flyway's validation: {@link Database#connect} then deletes the copy and migrates
 * from empty, with a warning.
 */
public final class H2Template {
  /** Where the build puts the template in the jar. */
  public static final String RESOURCE = "db/template/classbridge.mv.db";

  /**
   * H2's settings for Classbridge: PostgreSQL mode with lower-case identifiers and PostgreSQL's
   * NULL ordering, so the one SQL code path behaves the same on both databases.
   */
  private static final String SETTINGS =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;QUERY_CACHE_SIZE=256";

  private static final String PREFIX = "jdbc:h2:file:";
  private static final String FILE_SUFFIX = ".mv.db";

  private H2Template() {}

  /** The JDBC URL of an H2 file database at {@code file} (H2 adds {@value #FILE_SUFFIX}). */
  public static String fileUrl(Path file) {
    return PREFIX + file.toAbsolutePath() + SETTINGS;
  }

  /**
   * The file a template may become for {@code config}: present only for a URL of {@link #fileUrl}'s
   * shape with H2's default credentials.
   */
  static Optional<Path> target(DbConfig config) {
    String url = config.url();
    if (!url.startsWith(PREFIX)
        || !url.endsWith(SETTINGS)
        || !config.user().isEmpty()
        || !config.password().isEmpty()) {
      return Optional.empty();
    }
    String path = url.substring(PREFIX.length(), url.length() - SETTINGS.length());
    if (path.isEmpty() || path.contains(";")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(path + FILE_SUFFIX));
  }

  /** The template the build packed, if this class path has one. */
  static Optional<URL> packed() {
    return Optional.ofNullable(H2Template.class.getClassLoader().getResource(RESOURCE));
  }

  /**
   * Copies {@code template} to the database file of {@code config} when that file does not exist
   * yet. The copy goes to a temporary name first and is renamed, so a start killed halfway leaves
   * no half database behind (only a temporary file, which the next start ignores).
   *
   * @return the file written, or empty when the template does not apply
   */
  static Optional<Path> copyIfNew(DbConfig config, URL template) {
    Optional<Path> target = target(config);
    if (target.isEmpty() || Files.exists(target.get())) {
      return Optional.empty();
    }
    Path file = target.get();
    try {
      Files.createDirectories(file.getParent());
      Path part = Files.createTempFile(file.getParent(), "template-", ".part");
      try {
        try (InputStream in = template.openStream()) {
          Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(part);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the database at " + file, e);
    }
    return Optional.of(file);
  }

  /**
   * Writes the template: the migrations applied to an empty H2 file, compacted, at {@code args[0]}.
   * Run by the build; the file is replaced when it exists.
   */
  public static void main(String[] args) throws IOException, SQLException {
    if (args.length != 1) {
      System.err.println("usage: H2Template OUTPUT.mv.db");
      System.exit(2);
    }
    Path out = Path.of(args[0]).toAbsolutePath();
    Path work = Files.createTempDirectory("classbridge-template");
    try {
      String url = fileUrl(work.resolve("classbridge"));
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL(url);
      Database.migrate(ds);
      try (Connection c = DriverManager.getConnection(url, "", "");
          Statement s = c.createStatement()) {
        s.execute("shutdown compact");
      }
      Files.createDirectories(out.getParent());
      Files.move(
          work.resolve("classbridge" + FILE_SUFFIX), out, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      org.classbridge.common.FileTrees.delete(work);
    }
  }
}
