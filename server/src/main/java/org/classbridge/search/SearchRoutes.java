package org.classbridge.search;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.classbridge.catalogue.ResourceKind;
import org.classbridge.catalogue.Stage;
import org.classbridge.common.Problem;
import org.classbridge.common.Subject;
import org.classbridge.common.Validation;
import org.classbridge.common.Wire;
import org.classbridge.http.Access;
import org.classbridge.http.Requests;
import org.classbridge.http.RouteSpec;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;

/**
 * The search API. Anyone signed in searches, and finds what the catalogue lets them see; only an
 * admin sees the index's state and starts a rebuild. Reading the request is here, the rules are in
 * {@link Searches} and {@link Indexer}; Lucene runs on the search workers, never the event loop.
 */
final class SearchRoutes {
  private static final Access SIGNED_IN = Access.signedIn();
  private static final Access ADMIN = Access.roles(Role.ADMIN);

  /** Longest value of a free-text facet (edition, volume, a curriculum step). */
  private static final int MAX_VALUE = 400;

  /** Deepest curriculum path: subject, grade, edition, volume, chapter, section and spare. */
  private static final int MAX_PATH = 8;

  private final Searches searches;
  private final Indexer indexer;
  private final WorkerExecutor workers;

  SearchRoutes(Searches searches, Indexer indexer, WorkerExecutor workers) {
    this.searches = searches;
    this.indexer = indexer;
    this.workers = workers;
  }

  List<RouteSpec> routes() {
    return List.of(
        RouteSpec.get("/api/v1/search", SIGNED_IN, this::search),
        RouteSpec.get("/api/v1/search/suggest", SIGNED_IN, this::suggest),
        RouteSpec.get("/api/v1/resources/{resourceId}/related", SIGNED_IN, this::related),
        RouteSpec.get("/api/v1/admin/search", ADMIN, this::status),
        new RouteSpec(
            HttpMethod.POST,
            "/api/v1/admin/search/reindex",
            ADMIN,
            RouteSpec.Body.NONE,
            this::reindex));
  }

  private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
    return workers.executeBlocking(
        () -> {
          try {
            return work.call();
          } catch (org.apache.lucene.search.IndexSearcher.TooManyClauses e) {
            // a query Lucene finds too complex is the caller's to shorten, not a server fault
            throw Problem.invalid("query-too-complex", "the query has too many words; shorten it");
          }
        },
        false);
  }

  /**
   * The query text: at most {@link SearchRequest#MAX_QUERY} characters, control characters blanked.
   */
  private static String queryText(RoutingContext ctx, String name) {
    List<String> all = ctx.queryParam(name);
    if (all.size() > 1) {
      throw Problem.invalid("query-repeated", "give " + name + " once");
    }
    String raw = all.isEmpty() ? "" : all.get(0);
    if (raw.codePointCount(0, raw.length()) > SearchRequest.MAX_QUERY) {
      throw Problem.invalid(
          "query-too-long", "a query has at most " + SearchRequest.MAX_QUERY + " characters");
    }
    StringBuilder b = new StringBuilder(raw.length());
    // control characters, lone surrogates, every kind of space (no-break, ideographic) and
    // zero-width characters become a plain space: "gou　gu" and a pasted "\u00a0" read as typed
    raw.codePoints()
        .forEach(
            cp ->
                b.appendCodePoint(
                    Character.isISOControl(cp)
                            || Character.getType(cp) == Character.SURROGATE
                            || Character.isSpaceChar(cp)
                            || (cp >= 0x200B && cp <= 0x200D)
                            || cp == 0xFEFF
                        ? ' '
                        : cp));
    return b.toString().strip();
  }

  /** The selected facet values; values of one dimension are alternatives. */
  private static Map<String, List<String>> filters(RoutingContext ctx, Validation v) {
    Map<String, List<String>> out = new HashMap<>();
    for (String dim : IndexSchema.FLAT_DIMENSIONS) {
      List<String> values = new ArrayList<>();
      for (String raw : ctx.queryParam(dim)) {
        String value =
            switch (dim) {
              case IndexSchema.STAGE -> wire(v.oneOf(dim, raw, Stage.class));
              case IndexSchema.SUBJECT -> wire(v.oneOf(dim, raw, Subject.class));
              case IndexSchema.TYPE -> wire(v.oneOf(dim, raw, ResourceKind.class));
              case IndexSchema.GRADE -> {
                if (!raw.matches("[0-9]{1,2}")
                    || Integer.parseInt(raw) < 1
                    || Integer.parseInt(raw) > 12) {
                  v.error(dim, "out-of-range", "a grade is 1 to 12");
                  yield null;
                }
                yield Integer.toString(Integer.parseInt(raw));
              }
              case IndexSchema.LANG -> {
                String l = raw.toLowerCase(Locale.ROOT);
                if (!List.of("zh", "bo", "en").contains(l)) {
                  v.error(dim, "not-one-of", "one of zh, bo, en");
                  yield null;
                }
                yield l;
              }
              default -> v.text(dim, raw, MAX_VALUE);
            };
        if (value != null && !value.isBlank()) {
          values.add(value);
        }
      }
      if (values.size() > 20) {
        v.error(dim, "too-many", "at most 20 values");
      }
      if (!values.isEmpty()) {
        out.put(dim, values);
      }
    }
    return out;
  }

  private static String wire(Enum<?> e) {
    return e == null ? null : Wire.id(e);
  }

  private static int intParam(
      RoutingContext ctx, String name, int otherwise, int min, int max, Validation v) {
    String raw = ctx.queryParams().get(name);
    if (raw == null) {
      return otherwise;
    }
    if (!raw.matches("[0-9]{1,7}") || Integer.parseInt(raw) < min || Integer.parseInt(raw) > max) {
      v.error(name, "out-of-range", "must be between " + min + " and " + max);
      return otherwise;
    }
    return Integer.parseInt(raw);
  }

  private void search(RoutingContext ctx) {
    String q = queryText(ctx, "q");
    Validation v = new Validation();
    Map<String, List<String>> filters = filters(ctx, v);
    List<String> curriculum = new ArrayList<>();
    for (String step : ctx.queryParam("curriculum")) {
      String s = v.text("curriculum", step, MAX_VALUE);
      if (s != null && !s.isBlank()) {
        curriculum.add(s);
      }
    }
    if (curriculum.size() > MAX_PATH) {
      v.error("curriculum", "too-deep", "a curriculum path has at most " + MAX_PATH + " steps");
    }
    SearchRequest.Order order = SearchRequest.Order.RELEVANCE;
    String sort = ctx.queryParams().get("sort");
    if (sort != null) {
      switch (sort) {
        case "relevance" -> order = SearchRequest.Order.RELEVANCE;
        case "newest" -> order = SearchRequest.Order.NEWEST;
        case "most-viewed" -> order = SearchRequest.Order.MOST_VIEWED;
        default -> v.error("sort", "not-one-of", "one of relevance, newest, most-viewed");
      }
    }
    int size = intParam(ctx, "size", 10, 1, SearchRequest.MAX_SIZE, v);
    int page = intParam(ctx, "page", 1, 1, 1_000_000, v);
    v.orThrow();
    if ((long) page * size > SearchRequest.MAX_DEPTH) {
      throw Problem.invalid(
          "page-too-deep",
          "results go " + SearchRequest.MAX_DEPTH + " deep; narrow the search with facets");
    }
    Principal p = Requests.principal(ctx);
    SearchRequest req = new SearchRequest(q, filters, curriculum, order, page, size);
    Requests.reply(ctx, 200, blocking(timed("search", () -> searches.search(p, req))));
  }

  private void suggest(RoutingContext ctx) {
    String q = queryText(ctx, "q");
    Validation v = new Validation();
    Map<String, List<String>> filters = filters(ctx, v);
    int size = intParam(ctx, "size", 8, 1, 20, v);
    v.orThrow();
    Principal p = Requests.principal(ctx);
    Requests.reply(
        ctx, 200, blocking(timed("suggest", () -> searches.suggest(p, q, filters, size))));
  }

  /**
   * Search latency as the index answers it (classbridge_search_seconds, a histogram an alert can
   * take a quantile of).
   */
  private static <T> java.util.concurrent.Callable<T> timed(
      String kind, java.util.concurrent.Callable<T> work) {
    return () ->
        io.micrometer.core.instrument.Timer.builder("classbridge.search")
            .tag("kind", kind)
            .publishPercentileHistogram()
            .register(io.micrometer.core.instrument.Metrics.globalRegistry)
            .recordCallable(work);
  }

  private void related(RoutingContext ctx) {
    UUID id = Requests.pathId(ctx, "resourceId");
    Validation v = new Validation();
    int size = intParam(ctx, "size", 6, 1, 20, v);
    v.orThrow();
    Principal p = Requests.principal(ctx);
    Requests.reply(ctx, 200, blocking(() -> searches.related(p, id, size)));
  }

  private JsonObject statusJson() {
    JsonObject out =
        new JsonObject()
            .put("appliedChange", indexer.applied())
            .put("rebuilding", indexer.rebuilding());
    indexer
        .lastRebuild()
        .ifPresent(
            r ->
                out.put(
                    "lastRebuild",
                    new JsonObject()
                        .put("finishedAt", r.finishedAt().toString())
                        .put("documents", r.documents())
                        .put("tookMs", r.took().toMillis())
                        .put("failure", r.failure().orElse(null))));
    return out;
  }

  private void status(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        blocking(searches::documents)
            .compose(
                docs ->
                    indexer
                        .catalogueHead()
                        .map(
                            head ->
                                statusJson().put("documents", docs).put("catalogueChange", head))));
  }

  private void reindex(RoutingContext ctx) {
    // the rebuild runs on: the answer says it started; GET /admin/search shows when it is done
    Future<Indexer.Rebuild> running = indexer.rebuild();
    if (running.failed()) {
      throw running.cause() instanceof Problem p ? p : new IllegalStateException(running.cause());
    }
    Requests.send(ctx, 202, statusJson().put("started", true));
  }
}
