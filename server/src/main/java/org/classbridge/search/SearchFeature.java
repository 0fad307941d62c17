package org.classbridge.search;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.classbridge.catalogue.Catalogue;
import org.classbridge.http.Feature;
import org.classbridge.http.RouteSpec;
import org.classbridge.sql.ChangeLog;

/**
 * Search over the repository: a Lucene index per node in {@code <data>/search}, following the
 * catalogue's change log. One verticle wakes the indexer on the EventBus hint and on a timer, and
 * commits and refreshes view counts on timers.
 */
public final class SearchFeature implements Feature {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SearchFeature.class);

  private final Vertx vertx;
  private final SearchConfig config;
  private final SearchIndex index;
  private final Indexer indexer;
  private final Searches searches;
  private final WorkerExecutor workers;
  private final SearchRoutes routes;

  public SearchFeature(
      Vertx vertx,
      Catalogue catalogue,
      ChangeLog changes,
      Clock clock,
      SearchConfig config,
      Path dataDir) {
    this.vertx = vertx;
    this.config = config;
    this.index = new SearchIndex(dataDir.resolve("search"));
    this.indexer = new Indexer(index, changes, catalogue, clock);
    this.searches = new Searches(index);
    // queries are short and CPU-bound: as many workers as cores, so they queue rather than thrash
    this.workers =
        vertx.createSharedWorkerExecutor(
            "classbridge-search", Math.max(2, Runtime.getRuntime().availableProcessors()));
    this.routes = new SearchRoutes(searches, indexer, workers);
  }

  /**
   * Rebuilds this node's index from the database and waits for it: the CLI's {@code reindex}, with
   * the server stopped (a running server holds the index's lock; use the admin API there).
   */
  public Future<Integer> rebuildNow() {
    return indexer.start().compose(v -> indexer.rebuildOrJoin()).map(Indexer.Rebuild::documents);
  }

  @Override
  public List<RouteSpec> routes() {
    return routes.routes();
  }

  @Override
  public List<VerticleSpec> verticles() {
    return List.of(new VerticleSpec("search-indexer", Follower::new, 1, Start.ONCE_SERVING));
  }

  @Override
  public void close() {
    indexer.close();
    workers.close();
  }

  /** Opens the index, then keeps it following the change log. */
  final class Follower extends VerticleBase {
    private MessageConsumer<Long> wakeUps;
    private long poll;
    private long commit;
    private long views;

    @Override
    public Future<?> start() {
      wakeUps = vertx.eventBus().consumer(ChangeLog.address(Catalogue.TOPIC), m -> indexer.wake());
      poll = vertx.setPeriodic(config.poll().toMillis(), t -> indexer.wake());
      commit = vertx.setPeriodic(config.commitEvery().toMillis(), t -> indexer.commitIfChanged());
      views = vertx.setPeriodic(config.viewsEvery().toMillis(), t -> indexer.refreshViews());
      // opening (or building) the index does not hold up start-up: queries say "starting" meanwhile
      indexer
          .start()
          .onFailure(
              e ->
                  LOG.error(
                      "search index cannot open ({}): search answers 503 until this is fixed"
                          + " (another process on this data directory?)",
                      e.toString()));
      return wakeUps.completion();
    }

    @Override
    public Future<?> stop() {
      vertx.cancelTimer(poll);
      vertx.cancelTimer(commit);
      vertx.cancelTimer(views);
      return wakeUps.unregister();
    }
  }
}
