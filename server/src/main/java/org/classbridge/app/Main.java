package org.classbridge.app;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.classbridge.common.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar classbridge.jar [command] [--key=value ...]}.
 *
 * <ul>
 *   <li>no command: serve (embedded defaults: port 8080, data in ./data, demo data)
 *   <li>{@code create-admin --username NAME [--display-name TEXT]}: create an admin account; the
 *       password comes from CLASSBRIDGE_ADMIN_PASSWORD or is asked for on the console
 *   <li>{@code reindex}: rebuild this node's search index from the database (server stopped; a
 *       running server rebuilds through {@code POST /api/v1/admin/search/reindex})
 *   <li>{@code backup --to FILE}: a consistent snapshot of an embedded installation (database,
 *       blobs, secrets), made by the running server when there is one
 *   <li>{@code restore FILE}: a backup back into an empty data directory (server stopped)
 *   <li>{@code settings}: print every setting with its default and meaning
 *   <li>{@code training-run}: start on demo data in a throw-away directory, visit, stop; run by the
 *       build under {@code -XX:ArchiveClassesAtExit} to make the class archive a start maps in
 * </ul>
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] argv) {
    List<String> args = new ArrayList<>(List.of(argv));
    String command = !args.isEmpty() && !args.get(0).startsWith("--") ? args.remove(0) : "serve";
    try {
      int code =
          switch (command) {
            case "serve" -> serve(args);
            case "create-admin" -> AdminCli.createAdmin(args, System.getenv());
            case "reindex" -> AdminCli.reindex(args, System.getenv());
            case "backup" -> BackupCli.backup(args, System.getenv());
            case "restore" -> BackupCli.restore(args, System.getenv());
            case "training-run" -> TrainingRun.run(args);
            case "settings" -> {
              System.out.print(Setting.markdownTable());
              yield 0;
            }
            case "help", "-h", "--help" -> {
              System.out.println(usage());
              yield 0;
            }
            default -> {
              System.err.println("unknown command '" + command + "'\n" + usage());
              yield 2;
            }
          };
      if (code != 0 || !"serve".equals(command)) {
        System.exit(code);
      }
    } catch (ConfigException e) {
      System.err.println("classbridge: configuration error: " + e.getMessage());
      System.exit(2);
    }
  }

  static String usage() {
    return """
        usage: java -jar classbridge.jar [serve] [--port N] [--data DIR] [--config FILE] [--key=value ...]
               java -jar classbridge.jar create-admin --username NAME [--display-name TEXT] [--key=value ...]
               java -jar classbridge.jar reindex [--data DIR] [--key=value ...]
               java -jar classbridge.jar backup --to FILE [--data DIR]   (embedded: H2 + local blobs)
               java -jar classbridge.jar restore FILE [--data DIR]       (into an empty data directory)
               java -jar classbridge.jar settings
               java -XX:ArchiveClassesAtExit=FILE -jar classbridge.jar training-run   (the build's class archive)
        """;
  }

  private static int serve(List<String> args) {
    long t0 = System.nanoTime();
    AppConfig config = ConfigLoader.load(args, System.getenv());
    Classbridge app;
    try {
      app = Classbridge.start(config, Clock.systemUTC());
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) {
      LOG.error("Classbridge could not start: {}", e.getMessage(), e);
      System.exit(1);
      return 1;
    }
    // SIGTERM / Ctrl-C: drain, finish in-flight requests, close pools
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping: draining in-flight requests");
                  app.close();
                  LOG.info("stopped");
                },
                "classbridge-shutdown"));
    LOG.info(
        "Classbridge ready on http://{}:{}/ in {} ms ({} mode, data in {})",
        switch (config.http().host()) {
          case "0.0.0.0", "127.0.0.1" -> "localhost";
          default -> config.http().host();
        },
        app.port(),
        (System.nanoTime() - t0) / 1_000_000,
        Wire.id(config.mode()),
        config.dataDir());
    return 0;
  }
}
