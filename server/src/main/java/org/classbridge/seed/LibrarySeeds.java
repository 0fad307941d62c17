package org.classbridge.seed;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.classbridge.auth.AccountService;
import org.classbridge.catalogue.CatalogueFeature;
import org.classbridge.catalogue.ResourceFilter;
import org.classbridge.catalogue.ResourceStatus;
import org.classbridge.catalogue.Visibility;
import org.classbridge.common.Futures;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.identity.Principal;

/**
 * Loads the demo library ({@code library} in {@code seeds/qinghai-demo.json}): resources written
 * for this project, uploaded by the famous teacher and published by the platform, through the
 * catalogue's own services and checks. A resource whose title the author already has is left alone,
 * so a restart loads nothing twice.
 */
public final class LibrarySeeds {
  private final AccountService accounts;
  private final CatalogueFeature catalogue;
  private final JsonObject seed;

  public LibrarySeeds(AccountService accounts, CatalogueFeature catalogue) {
    this.accounts = accounts;
    this.catalogue = catalogue;
    this.seed = DemoSeeds.readResource();
  }

  /** How many resources the load made (after the curriculum tree, loaded once). */
  public Future<Integer> load() {
    JsonObject tree = readJson("/seeds/curriculum.json");
    return catalogue
        .catalogue()
        .loadCurriculum(tree)
        .compose(n -> catalogue.catalogue().curriculum(Optional.empty(), Optional.empty()))
        .compose(
            nodes -> {
              java.util.Map<String, String> byTitle = new java.util.HashMap<>();
              nodes.forEach(node -> byTitle.put(node.title(), node.id().toString()));
              return resources(byTitle);
            });
  }

  private static JsonObject readJson(String path) {
    return new JsonObject(new String(read(path), java.nio.charset.StandardCharsets.UTF_8));
  }

  private Future<Integer> resources(java.util.Map<String, String> nodes) {
    // the experiments written for the demo, then the short demo lessons (seeds/lessons)
    List<JsonObject> items = new java.util.ArrayList<>();
    seed.getJsonArray("library", new io.vertx.core.json.JsonArray())
        .forEach(o -> items.add((JsonObject) o));
    readJson("/seeds/lessons/lessons.json")
        .getJsonArray("lessons")
        .forEach(o -> items.add((JsonObject) o));
    int[] made = {0};
    return Futures.inOrder(
            items,
            item ->
                accounts
                    .findByUsernames(List.of(item.getString("author")))
                    .compose(m -> accounts.principalOf(m.get(item.getString("author"))))
                    .compose(author -> one(author, item, nodes).map(n -> made[0] += n)))
        .map(v -> made[0]);
  }

  private Future<Integer> one(
      Principal author, JsonObject item, java.util.Map<String, String> nodes) {
    JsonObject body = item.getJsonObject("resource").copy();
    // a resource filed under a chapter of the demo tree sits at that node
    if (body.containsKey("chapter") && nodes.containsKey(body.getString("chapter"))) {
      body.put("nodeId", nodes.get(body.getString("chapter")));
    }
    return titlesOf(author)
        .compose(
            titles -> {
              if (!titles.add(body.getString("title"))) {
                return Future.succeededFuture(0);
              }
              String file = item.getString("file");
              byte[] bytes = read("/seeds/" + file);
              return catalogue
                  .catalogue()
                  .create(author, body)
                  .compose(
                      r ->
                          catalogue
                              .uploads()
                              .attach(
                                  author,
                                  r.id(),
                                  new java.io.ByteArrayInputStream(bytes),
                                  Optional.of(file.substring(file.lastIndexOf('/') + 1))))
                  .compose(
                      r ->
                          catalogue
                              .catalogue()
                              .setStatus(
                                  SchoolDirectory.PLATFORM,
                                  r.id(),
                                  r.version(),
                                  ResourceStatus.PUBLISHED,
                                  Optional.of(
                                      item.getBoolean("public", false)
                                          ? Visibility.PUBLIC
                                          : Visibility.GROUP)))
                  .map(r -> 1);
            });
  }

  /** The titles an author already has, read once per author and load. */
  private final java.util.Map<java.util.UUID, java.util.Set<String>> titles =
      new java.util.HashMap<>();

  private Future<java.util.Set<String>> titlesOf(Principal author) {
    java.util.Set<String> known = titles.get(author.userId());
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return catalogue
        .catalogue()
        .list(author, ResourceFilter.byTeacher(author.userId()), 1, 100)
        .map(
            mine -> {
              java.util.Set<String> set = new java.util.HashSet<>();
              mine.forEach(r -> set.add(r.title()));
              titles.put(author.userId(), set);
              return set;
            });
  }

  private static byte[] read(String path) {
    try (InputStream in = LibrarySeeds.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
