package org.classbridge.app;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.classbridge.auth.Account;
import org.classbridge.auth.AccountOrigin;
import org.classbridge.auth.NewAccount;
import org.classbridge.common.Problem;
import org.classbridge.common.Validation;

/**
 * {@code create-admin}: how the first admin of a production installation comes to exist (there are
 * no demo accounts in production). Uses the same configuration as the server and the same account
 * service, so the rules for usernames and passwords are the API's.
 */
final class AdminCli {
  static final String PASSWORD_VARIABLE = "CLASSBRIDGE_ADMIN_PASSWORD";

  private AdminCli() {}

  static int createAdmin(List<String> args, Map<String, String> env) {
    List<String> rest = new ArrayList<>(args);
    String username = take(rest, "username");
    String displayName = take(rest, "display-name");
    if (username == null) {
      System.err.println("create-admin needs --username NAME");
      return 2;
    }
    AppConfig config = ConfigLoader.load(rest, env);
    String password = env.get(PASSWORD_VARIABLE);
    if (password == null || password.isEmpty()) {
      password = readPassword();
    }
    Validation v = new Validation();
    NewAccount account =
        NewAccount.validated(
            v,
            "",
            username,
            displayName == null ? username : displayName,
            "admin",
            null,
            null,
            password);
    if (!v.ok()) {
      v.errors().forEach(e -> System.err.println(e.field() + ": " + e.message()));
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try (Services services = Services.open(vertx, config, Clock.systemUTC())) {
      Account created = Classbridge.await(services.accounts().create(account, AccountOrigin.CLI));
      System.out.println("created admin " + created.username() + " (" + created.id() + ")");
      return 0;
    } catch (Problem p) {
      System.err.println("create-admin: " + p.detail() + " [" + p.code() + "]");
      return 1;
    } catch (Exception e) {
      System.err.println("create-admin failed: " + e.getMessage());
      return 1;
    } finally {
      vertx.close();
    }
  }

  /**
   * {@code reindex}: rebuilds this node's search index from the database, with the server stopped
   * (a running server holds the index's lock and says so).
   */
  static int reindex(List<String> args, Map<String, String> env) {
    AppConfig config = ConfigLoader.load(new ArrayList<>(args), env);
    Vertx vertx = Vertx.vertx();
    long t0 = System.nanoTime();
    try (Services services = Services.open(vertx, config, Clock.systemUTC())) {
      int documents = Classbridge.await(services.search().rebuildNow());
      System.out.printf(
          "reindexed %d resources in %d ms%n", documents, (System.nanoTime() - t0) / 1_000_000);
      return 0;
    } catch (Exception e) {
      String why =
          e instanceof org.apache.lucene.store.LockObtainFailedException
                  || e.getCause() instanceof org.apache.lucene.store.LockObtainFailedException
              ? "the index is in use: is a server running on this data directory? Use POST"
                  + " /api/v1/admin/search/reindex there"
              : e.toString();
      System.err.println("reindex failed: " + why);
      return 1;
    } finally {
      vertx.close();
    }
  }

  /** Removes {@code --name value} or {@code --name=value} from args and returns the value. */
  static String take(List<String> args, String name) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--" + name) && i + 1 < args.size()) {
        String value = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return value;
      }
      if (a.startsWith("--" + name + "=")) {
        args.remove(i);
        return a.substring(name.length() + 3);
      }
    }
    return null;
  }

  private static String readPassword() {
    Console console = System.console();
    if (console != null) {
      char[] first = console.readPassword("password for the new admin: ");
      char[] again = console.readPassword("again: ");
      if (first == null || again == null || !new String(first).equals(new String(again))) {
        throw new ConfigException("the two passwords differ");
      }
      return new String(first);
    }
    try {
      // piped: the first line of standard input
      String line =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      return line == null ? "" : line;
    } catch (IOException e) {
      throw new ConfigException("cannot read the password: " + e.getMessage());
    }
  }
}
