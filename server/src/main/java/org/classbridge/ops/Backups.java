package org.classbridge.ops;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.classbridge.common.Problem;
import org.classbridge.sql.Database;

/**
 * A consistent snapshot of an embedded installation (H2 and the local blob store) while it serves,
 * and bringing one back into an empty data directory. The archive is one zip: the database as H2's
 * own online backup makes it (transactionally consistent), every blob, the secrets (token keys, the
 * playback pseudonym key: without them the restored tokens and pseudonyms would not match), and a
 * manifest. The search index is left out: a node rebuilds it from the database at start. Uploads in
 * progress are left out too: they start again.
 *
 * <p>Why the blobs are consistent with the database: blobs are written before the rows that name
 * them, and never change (content-addressed). The blobs present are hard-linked aside before the
 * database snapshot and again after it, so a blob the snapshot names is in the archive even if it
 * is deleted while the archive is written; only one both created and deleted inside the few seconds
 * of the snapshot could be missed, and restore reports any blob that does not match its name.
 *
 * <p>Production (PostgreSQL, MinIO) is backed up with the tools made for them (pg_dump, mc mirror):
 * README, "Backup and restore".
 */
public final class Backups {
  /** The archive's format; restore refuses any other. */
  static final int FORMAT = 1;

  /** The H2 database's name inside its directory (ConfigLoader's embedded default). */
  static final String DATABASE = "classbridge";

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Database db;
  private final String dbUrl;
  private final Path dataDir;
  private final Path blobDir;
  private final WorkerExecutor io;
  private final Clock clock;

  /**
   * @param blobDir the local blob store's root (its {@code objects} hold the blobs)
   */
  public Backups(
      Database db, String dbUrl, Path dataDir, Path blobDir, WorkerExecutor io, Clock clock) {
    this.db = db;
    this.dbUrl = dbUrl;
    this.dataDir = dataDir;
    this.blobDir = blobDir;
    this.io = io;
    this.clock = clock;
  }

  /** What a backup or a restore did. */
  public record Summary(Path file, long bytes, int blobs, String sha256) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("file", file.toString())
          .put("bytes", bytes)
          .put("blobs", blobs)
          .put("sha256", sha256);
    }
  }

  /** Writes a backup to {@code to}, which must not exist yet (an archive is never overwritten). */
  public Future<Summary> write(Path to) {
    if (!dbUrl.startsWith("jdbc:h2:")) {
      return Future.failedFuture(
          Problem.conflict(
              "not-embedded",
              "this installation runs on PostgreSQL and MinIO: back it up with pg_dump and mc"
                  + " mirror (README, Backup and restore)"));
    }
    if (!to.isAbsolute()
        || Files.exists(to)
        || !Files.isDirectory(to.toAbsolutePath().getParent())) {
      return Future.failedFuture(
          Problem.invalid(
              "bad-target", "an absolute path of a new file, in a directory that exists: " + to));
    }
    Path staging = dataDir.resolve("backup-" + UUID.randomUUID());
    return io.<Void>executeBlocking(
            () -> {
              linkBlobs(staging);
              return null;
            },
            false)
        .compose(
            x ->
                db.transaction(
                    tx -> {
                      // H2's online backup: consistent, while the server goes on writing
                      Path file = staging.resolve("database.zip");
                      tx.update("backup to '" + file.toString().replace("'", "''") + "'");
                      return file;
                    }))
        .compose(
            x ->
                io.executeBlocking(
                    () -> {
                      try {
                        linkBlobs(staging);
                        copySecrets(staging);
                        return archive(staging, to);
                      } finally {
                        org.classbridge.common.FileTrees.delete(staging);
                      }
                    },
                    false))
        .recover(
            e ->
                io.<Summary>executeBlocking(
                    () -> {
                      org.classbridge.common.FileTrees.delete(staging);
                      throw e instanceof Exception x ? x : new IllegalStateException(e);
                    },
                    false));
  }

  /** Hard links (copies where links fail) of every blob not yet in {@code staging}. */
  private void linkBlobs(Path staging) throws IOException {
    Path objects = blobDir.resolve("objects");
    Path into = Files.createDirectories(staging.resolve("blobs"));
    if (!Files.isDirectory(objects)) {
      return;
    }
    try (Stream<Path> all = Files.walk(objects)) {
      for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
        String name = p.getFileName().toString();
        if (!SHA256.matcher(name).matches()) {
          continue;
        }
        Path target = into.resolve(name);
        if (Files.exists(target)) {
          continue;
        }
        try {
          Files.createLink(target, p);
        } catch (java.nio.file.NoSuchFileException gone) {
          // deleted since the listing: it was not there, or is already linked from before
        } catch (UnsupportedOperationException | IOException noLink) {
          try {
            Files.copy(p, target);
          } catch (java.nio.file.NoSuchFileException gone) {
            // as above
          }
        }
      }
    }
  }

  private void copySecrets(Path staging) throws IOException {
    Path secrets = dataDir.resolve("secrets");
    Path into = Files.createDirectories(staging.resolve("secrets"));
    if (!Files.isDirectory(secrets)) {
      return;
    }
    try (Stream<Path> files = Files.list(secrets)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        Files.copy(p, into.resolve(p.getFileName()));
      }
    }
  }

  private Summary archive(Path staging, Path to) throws IOException {
    List<Path> blobs;
    try (Stream<Path> s = Files.list(staging.resolve("blobs"))) {
      blobs = s.sorted().toList();
    }
    List<Path> secrets;
    try (Stream<Path> s = Files.list(staging.resolve("secrets"))) {
      secrets = s.sorted().toList();
    }
    JsonObject manifest =
        new JsonObject()
            .put("format", FORMAT)
            .put("createdAt", clock.instant().toString())
            .put("blobs", blobs.size());
    Path partial = to.resolveSibling(to.getFileName() + ".part");
    MessageDigest sha = sha256();
    try (OutputStream file = Files.newOutputStream(partial);
        java.security.DigestOutputStream digesting =
            new java.security.DigestOutputStream(file, sha);
        ZipOutputStream zip = new ZipOutputStream(digesting)) {
      // videos do not compress; the time goes to copying, not deflating
      zip.setLevel(Deflater.NO_COMPRESSION);
      zip.putNextEntry(new ZipEntry("manifest.json"));
      zip.write(manifest.encodePrettily().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      zip.closeEntry();
      add(zip, "database.zip", staging.resolve("database.zip"));
      for (Path p : secrets) {
        add(zip, "secrets/" + p.getFileName(), p);
      }
      for (Path p : blobs) {
        add(zip, "blobs/" + p.getFileName(), p);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    try {
      Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    return new Summary(to, Files.size(to), blobs.size(), HexFormat.of().formatHex(sha.digest()));
  }

  private static void add(ZipOutputStream zip, String name, Path file) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    Files.copy(file, zip);
    zip.closeEntry();
  }

  /**
   * Brings a backup back into {@code dataDir}, which holds no database yet (a new machine, or a
   * directory emptied on purpose): the database, the blobs (each checked against its name, the
   * SHA-256 of its content) and the secrets. The server must not run on it. Blocking.
   */
  public static Summary restore(Path archive, Path dataDir, Path blobDir) throws IOException {
    Path dbDir = dataDir.resolve("db");
    if (Files.exists(dbDir.resolve(DATABASE + ".mv.db"))) {
      throw new IOException(
          dbDir + " already holds a database: restore goes into an empty data directory");
    }
    Path staging = Files.createDirectories(dataDir).resolve("restore-" + UUID.randomUUID());
    Files.createDirectories(staging);
    try {
      int blobs = 0;
      JsonObject manifest = null;
      List<String> bad = new ArrayList<>();
      try (InputStream in = Files.newInputStream(archive);
          ZipInputStream zip = new ZipInputStream(in)) {
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
          String name = e.getName();
          if (name.equals("manifest.json")) {
            manifest =
                new JsonObject(
                    new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
          } else if (name.equals("database.zip")) {
            Files.copy(zip, staging.resolve("database.zip"));
          } else if (name.startsWith("secrets/") && safeName(name.substring(8))) {
            Files.createDirectories(staging.resolve("secrets"));
            Files.copy(zip, staging.resolve("secrets").resolve(name.substring(8)));
          } else if (name.startsWith("blobs/") && SHA256.matcher(name.substring(6)).matches()) {
            String hash = name.substring(6);
            Path dir =
                Files.createDirectories(staging.resolve("objects").resolve(hash.substring(0, 2)));
            MessageDigest sha = sha256();
            try (DigestInputStream check = new DigestInputStream(new NonClosing(zip), sha)) {
              Files.copy(check, dir.resolve(hash));
            }
            if (!HexFormat.of().formatHex(sha.digest()).equals(hash)) {
              bad.add(hash);
            }
            blobs++;
          } else {
            throw new IOException("not a Classbridge backup: unexpected entry " + name);
          }
        }
      }
      if (manifest == null || manifest.getInteger("format", -1) != FORMAT) {
        throw new IOException("not a Classbridge backup of format " + FORMAT + ": " + archive);
      }
      if (!Files.exists(staging.resolve("database.zip"))) {
        throw new IOException("the backup holds no database: " + archive);
      }
      if (!bad.isEmpty()) {
        throw new IOException(
            bad.size() + " blob(s) in the backup do not match their names: " + bad);
      }
      // all checked: now into place
      Files.createDirectories(dbDir);
      org.h2.tools.Restore.execute(
          staging.resolve("database.zip").toString(), dbDir.toString(), DATABASE);
      Path objects = Files.createDirectories(blobDir.resolve("objects"));
      if (Files.isDirectory(staging.resolve("objects"))) {
        try (Stream<Path> dirs = Files.list(staging.resolve("objects"))) {
          for (Path d : (Iterable<Path>) dirs::iterator) {
            Path into = Files.createDirectories(objects.resolve(d.getFileName()));
            try (Stream<Path> files = Files.list(d)) {
              for (Path f : (Iterable<Path>) files::iterator) {
                Files.move(f, into.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
              }
            }
          }
        }
      }
      if (Files.isDirectory(staging.resolve("secrets"))) {
        Path secrets = Files.createDirectories(dataDir.resolve("secrets"));
        try (Stream<Path> files = Files.list(staging.resolve("secrets"))) {
          for (Path f : (Iterable<Path>) files::iterator) {
            Files.move(f, secrets.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return new Summary(archive, Files.size(archive), blobs, "");
    } finally {
      org.classbridge.common.FileTrees.delete(staging);
    }
  }

  private static boolean safeName(String name) {
    return name.matches("[A-Za-z0-9._-]{1,100}") && !name.startsWith(".");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A zip entry's stream that a reader closing it leaves open for the next entry. */
  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
