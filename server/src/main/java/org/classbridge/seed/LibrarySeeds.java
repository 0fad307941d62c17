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
    // the authors (and the titles each already has) first, then the resources in LANES lanes
    // side by side: each resource is a create, an upload into the blob store and a publish, so
    // one lane's hashing and file writes overlap another's SQL. Each lane keeps its order.
    List<String> authors = items.stream().map(i -> i.getString("author")).distinct().toList();
    java.util.Map<String, Principal> byName = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicInteger made =
        new java.util.concurrent.atomic.AtomicInteger();
    return accounts
        .findByUsernames(authors)
        .compose(
            found ->
                Futures.inOrder(
                    authors,
                    name ->
                        accounts
                            .principalOf(found.get(name))
                            .compose(p -> titlesOf(p).map(t -> byName.put(name, p)))))
        .compose(
            v -> {
              List<Future<Void>> lanes = new java.util.ArrayList<>();
              for (int lane = 0; lane < LANES; lane++) {
                List<JsonObject> mine = new java.util.ArrayList<>();
                for (int i = lane; i < items.size(); i += LANES) {
                  mine.add(items.get(i));
                }
                lanes.add(
                    Futures.inOrder(
                        mine,
                        item ->
                            one(byName.get(item.getString("author")), item, nodes)
                                .map(made::addAndGet)));
              }
              return Future.all(lanes);
            })
        .map(v -> made.get());
  }

  /** Resources loaded side by side; more than the cores only queues on the SQL and blob pools. */
  private static final int LANES = 2;

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
      new java.util.concurrent.ConcurrentHashMap<>();

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
              java.util.Set<String> set = java.util.concurrent.ConcurrentHashMap.newKeySet();
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
