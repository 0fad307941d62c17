package org.classbridge.app;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.classbridge.blob.BlobConfig;
import org.classbridge.ops.Backups;

/**
 * {@code backup --to FILE} and {@code restore FILE} for an embedded installation (H2 and the local
 * blob store in the data directory). A running server is asked to make the backup itself (it holds
 * the database open; H2's online backup is consistent while it serves), through its local control
 * route with the token in data/secrets; with no server running, the CLI opens the data directory
 * and makes it alone. Restore fills an empty data directory; the server must be stopped.
 */
final class BackupCli {
  /** The control token's file in data/secrets. */
  static final String CONTROL_TOKEN = "control.token";

  /** Where a running embedded server says which port it serves on. */
  static final String PORT_FILE = "server.port";

  private BackupCli() {}

  static void announce(Path dataDir, int port) {
    try {
      Files.writeString(dataDir.resolve(PORT_FILE), Integer.toString(port));
    } catch (IOException e) {
      // only `classbridge backup` reads it; it then says the server cannot be reached
    }
  }

  static void unannounce(Path dataDir, int port) {
    try {
      Path file = dataDir.resolve(PORT_FILE);
      if (Files.exists(file) && Files.readString(file).strip().equals(Integer.toString(port))) {
        Files.delete(file);
      }
    } catch (IOException e) {
      // a stale file only makes the next backup try a port that refuses, then go on alone
    }
  }

  private static boolean embedded(AppConfig config) {
    return config.blob() instanceof BlobConfig.Local && config.db().url().startsWith("jdbc:h2:");
  }

  static int backup(List<String> args, Map<String, String> env) {
    List<String> rest = new ArrayList<>(args);
    String to = AdminCli.take(rest, "to");
    if (to == null) {
      System.err.println("backup needs --to FILE (a new file)");
      return 2;
    }
    AppConfig config = ConfigLoader.load(rest, env);
    if (!embedded(config)) {
      System.err.println(
          "backup: this configuration uses PostgreSQL and MinIO; back them up with pg_dump and"
              + " mc mirror (README, Backup and restore)");
      return 2;
    }
    Path target = Path.of(to).toAbsolutePath();
    if (Files.exists(target)) {
      System.err.println("backup: " + target + " exists; a backup never overwrites a file");
      return 2;
    }
    try {
      JsonObject done = make(config, target);
      System.out.printf(
          "backup written by the %s: %s (%d bytes, %d blobs, sha256 %s)%n",
          done.getString("madeBy"),
          done.getString("file"),
          done.getLong("bytes"),
          done.getInteger("blobs"),
          done.getString("sha256"));
      return 0;
    } catch (Exception e) {
      System.err.println("backup failed: " + e.getMessage());
      return 1;
    }
  }

  /** The backup, made by the running server when there is one ("madeBy": "server" or "cli"). */
  static JsonObject make(AppConfig config, Path target) throws Exception {
    JsonObject done = askServer(config, target);
    return done != null ? done.put("madeBy", "server") : alone(config, target).put("madeBy", "cli");
  }

  /** The running server's answer, or null when no server runs on this data directory. */
  private static JsonObject askServer(AppConfig config, Path target) throws Exception {
    Path portFile = config.dataDir().resolve(PORT_FILE);
    Path tokenFile = config.dataDir().resolve("secrets").resolve(CONTROL_TOKEN);
    if (!Files.exists(portFile) || !Files.exists(tokenFile)) {
      return null;
    }
    int port = Integer.parseInt(Files.readString(portFile).strip());
    byte[] token =
        Base64.getDecoder().decode(Files.readString(tokenFile, StandardCharsets.US_ASCII).strip());
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/backup"))
            .header(
                "Authorization",
                "Bearer " + Base64.getUrlEncoder().withoutPadding().encodeToString(token))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    new JsonObject().put("to", target.toString()).encode()))
            .build();
    HttpResponse<String> answer;
    try {
      answer = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      return null; // a port file left by a server that is gone
    }
    if (answer.statusCode() != 200) {
      throw new IOException("the server refused (" + answer.statusCode() + "): " + answer.body());
    }
    return new JsonObject(answer.body());
  }

  /** No server runs: open the data directory here and make the backup. */
  private static JsonObject alone(AppConfig config, Path target) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (Services services = Services.open(vertx, config, Clock.systemUTC())) {
      Backups backups =
          new Backups(
              services.database(),
              config.db().url(),
              config.dataDir(),
              ((BlobConfig.Local) config.blob()).dir(),
              vertx.createSharedWorkerExecutor("classbridge-backup", 1),
              Clock.systemUTC());
      return Classbridge.await(backups.write(target)).toJson();
    } finally {
      vertx.close();
    }
  }

  static int restore(List<String> args, Map<String, String> env) {
    List<String> rest = new ArrayList<>(args);
    if (rest.isEmpty() || rest.get(0).startsWith("--")) {
      System.err.println("restore needs the backup file: restore FILE [--data DIR]");
      return 2;
    }
    Path archive = Path.of(rest.remove(0)).toAbsolutePath();
    AppConfig config = ConfigLoader.load(rest, env);
    if (!embedded(config)) {
      System.err.println(
          "restore: this configuration uses PostgreSQL and MinIO; restore them with pg_restore"
              + " and mc mirror (README, Backup and restore)");
      return 2;
    }
    if (Files.exists(config.dataDir().resolve(PORT_FILE))) {
      System.err.println(
          "restore: a server seems to run on "
              + config.dataDir()
              + " (stop it; remove "
              + PORT_FILE
              + " if it crashed)");
      return 2;
    }
    try {
      Backups.Summary s =
          Backups.restore(archive, config.dataDir(), ((BlobConfig.Local) config.blob()).dir());
      System.out.printf(
          "restored %s into %s (%d blobs); the search index rebuilds at start%n",
          archive, config.dataDir(), s.blobs());
      return 0;
    } catch (IOException e) {
      System.err.println("restore failed: " + e.getMessage());
      return 1;
    }
  }
}
