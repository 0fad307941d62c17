package org.classbridge.search;

import io.vertx.core.Future;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.classbridge.catalogue.Catalogue;
import org.classbridge.catalogue.IndexRecord;
import org.classbridge.common.Problem;
import org.classbridge.sql.ChangeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's index equal to the catalogue: follows the catalogue's numbered change log
 * (woken by the EventBus hint, and polling, since another node's hint may not reach this one),
 * commits periodically with the last number applied, and rebuilds from the database when asked or
 * when the index is missing or unreadable. The database stays the source of truth.
 *
 * <p>All index writes happen on one thread, so the order of changes is the log's order; a rebuild
 * reads the database on a second thread while the live index keeps answering and following, and is
 * swapped in on the first once it has caught up.
 */
final class Indexer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);

  /** Changes read per step of catching up. */
  static final int BATCH = 500;

  /** Resources read per page of a rebuild. */
  static final int REBUILD_PAGE = 1000;

  private final SearchIndex index;
  private final ChangeLog changes;
  private final Catalogue catalogue;
  private final Clock clock;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().name("classbridge-indexer").daemon().factory());
  private final ExecutorService rebuilder =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().name("classbridge-reindex").daemon().factory());
  private final AtomicBoolean catchUpQueued = new AtomicBoolean();
  private final AtomicBoolean rebuilding = new AtomicBoolean();
  private volatile Future<Rebuild> running = Future.failedFuture("none");
  private final AtomicReference<Optional<Rebuild>> lastRebuild =
      new AtomicReference<>(Optional.empty());
  private volatile boolean closed;

  /** Set once start-up has opened the index or begun building it: rebuilds are taken after. */
  private volatile boolean started;

  /** When a rebuild last failed (nanoTime), for backing off the automatic retries. */
  private volatile long failedAt = Long.MIN_VALUE;

  /** How long after a failed rebuild the follower tries again by itself. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private long committedSeq = -1;

  /** The last catching-up failure, while it lasts (writer thread only). */
  private String failing;

  /** How the last rebuild went. */
  record Rebuild(Instant finishedAt, int documents, Duration took, Optional<String> failure) {}

  Indexer(SearchIndex index, ChangeLog changes, Catalogue catalogue, Clock clock) {
    this.index = index;
    this.changes = changes;
    this.catalogue = catalogue;
    this.clock = clock;
  }

  /**
   * Opens the index and catches up from its last commit; when there is no usable index, builds one
   * (on the rebuild thread: queries answer "starting" until it is in).
   */
  Future<Void> start() {
    return onWriter(
        () -> {
          boolean opened = index.openLive();
          started = true;
          if (opened) {
            committedSeq = index.live().orElseThrow().seq();
            LOG.info(
                "search index {} opened at change {}",
                index.live().orElseThrow().name,
                committedSeq);
            catchUp();
          } else {
            LOG.info("search index: none usable here, building it from the database");
            startRebuild();
          }
          return null;
        });
  }

  /** Wakes the follower: new changes may be in the log. Cheap to call often. */
  void wake() {
    if (closed || !started) {
      return;
    }
    Optional<SearchIndex.Generation> live = index.live();
    if (live.isEmpty() || !live.get().writer.isOpen()) {
      // no index, or its writer hit a fatal error (a full disk): build a new one, not too often
      if (!rebuilding.get() && System.nanoTime() - failedAt > RETRY_AFTER.toNanos()) {
        LOG.warn("search index: no working index here, rebuilding it from the database");
        startRebuild();
      }
      return;
    }
    if (!catchUpQueued.compareAndSet(false, true)) {
      return;
    }
    writer.execute(
        () -> {
          catchUpQueued.set(false);
          try {
            catchUp();
            if (failing != null) {
              LOG.info("search index: following the change log again");
              failing = null;
            }
          } catch (Exception e) {
            // retried on the next wake-up (at least every search.poll); said once, not each time
            if (!e.toString().equals(failing)) {
              LOG.warn("search index: catching up failed, will retry: {}", e.toString());
              failing = e.toString();
            }
          }
        });
  }

  private void catchUp() throws IOException {
    Optional<SearchIndex.Generation> live = index.live();
    if (live.isPresent()) {
      follow(live.get());
      live.get().refresh();
    }
  }

  /** Applies every change after {@code g}'s number, in batches. On the writer thread. */
  private void follow(SearchIndex.Generation g) throws IOException {
    while (!closed) {
      List<ChangeLog.Change> batch = await(changes.after(Catalogue.TOPIC, g.seq(), BATCH));
      if (batch.isEmpty()) {
        return;
      }
      Set<String> ids = new LinkedHashSet<>();
      batch.forEach(c -> ids.add(c.entityId()));
      List<UUID> uuids = new ArrayList<>();
      for (String id : ids) {
        try {
          uuids.add(UUID.fromString(id));
        } catch (IllegalArgumentException notAResource) {
          // a change about something else of the catalogue: nothing to index
        }
      }
      List<IndexRecord> records = await(catalogue.indexRecords(uuids));
      Set<String> removed = new HashSet<>(ids);
      records.forEach(r -> removed.remove(r.resource().id().toString()));
      long upTo = batch.get(batch.size() - 1).seq();
      g.apply(records, removed, upTo);
      if (batch.size() < BATCH) {
        return;
      }
    }
  }

  /** Commits the live generation if it applied anything since the last commit. */
  void commitIfChanged() {
    if (closed) {
      return;
    }
    writer.execute(
        () -> {
          Optional<SearchIndex.Generation> live = index.live();
          if (live.isEmpty() || live.get().seq() == committedSeq) {
            return;
          }
          try {
            live.get().commit();
            committedSeq = live.get().seq();
          } catch (IOException | RuntimeException e) {
            LOG.warn("search index: commit failed, will retry: {}", e.toString());
          }
        });
  }

  /**
   * Brings "most viewed" up to date: viewing is not a catalogue change, so it is not in the log.
   */
  Future<Void> refreshViews() {
    return catalogue
        .views()
        .compose(
            views ->
                onWriter(
                    () -> {
                      Optional<SearchIndex.Generation> live = index.live();
                      if (live.isPresent()) {
                        for (Map.Entry<UUID, Long> e : views.entrySet()) {
                          live.get().setViews(e.getKey().toString(), e.getValue());
                        }
                        live.get().refresh();
                      }
                      return null;
                    }));
  }

  /**
   * Builds a new generation from the database aside, catches it up and swaps it in. Refused with a
   * conflict while one runs. Completes when the new generation answers queries.
   */
  Future<Rebuild> rebuild() {
    if (!started) {
      return Future.failedFuture(
          Problem.unavailable(
              "search-starting",
              "the search index is opening; try again shortly",
              Duration.ofSeconds(5)));
    }
    return startRebuild();
  }

  private Future<Rebuild> startRebuild() {
    if (!rebuilding.compareAndSet(false, true)) {
      return Future.failedFuture(
          Problem.conflict("reindex-running", "a rebuild of the search index is running"));
    }
    io.vertx.core.Promise<Rebuild> done = io.vertx.core.Promise.promise();
    running = done.future();
    rebuilder.execute(
        () -> {
          long t0 = System.nanoTime();
          SearchIndex.Generation g = null;
          int docs = 0;
          try {
            // the head is read before the scan: changes during it are replayed after, and a
            // replayed change reads the resource's current row, so nothing is lost or doubled
            long from = await(changes.last(Catalogue.TOPIC));
            g = index.create();
            // the next page is read from the database while this one is indexed
            Future<List<IndexRecord>> next = catalogue.indexPage(Optional.empty(), REBUILD_PAGE);
            long waited = 0;
            long indexing = 0;
            while (!closed) {
              long w0 = System.nanoTime();
              List<IndexRecord> page = await(next);
              waited += System.nanoTime() - w0;
              boolean last = page.size() < REBUILD_PAGE;
              if (!last) {
                next =
                    catalogue.indexPage(
                        Optional.of(page.get(page.size() - 1).resource().id()), REBUILD_PAGE);
              }
              long i0 = System.nanoTime();
              g.add(page);
              indexing += System.nanoTime() - i0;
              docs += page.size();
              if (last) {
                break;
              }
            }
            if (closed) {
              throw new IOException("closing: the rebuild stops");
            }
            LOG.info(
                "search index rebuild: {} ms waiting for the database, {} ms analysing and writing",
                waited / 1_000_000,
                indexing / 1_000_000);
            g.markAt(from);
            g.commit();
            SearchIndex.Generation built = g;
            int count = docs;
            // from here the writer thread owns the new generation: it swaps it in, or discards it
            g = null;
            Rebuild result =
                await(
                    onWriter(
                        () -> {
                          try {
                            follow(built);
                            index.swapIn(built);
                          } catch (Exception e) {
                            if (index.live().orElse(null) != built) {
                              index.discard(built);
                            }
                            throw e;
                          }
                          committedSeq = built.seq();
                          return new Rebuild(
                              clock.instant(),
                              count,
                              Duration.ofNanos(System.nanoTime() - t0),
                              Optional.empty());
                        }));
            LOG.info(
                "search index rebuilt: {} resources in {} ms, at change {}",
                docs,
                result.took().toMillis(),
                built.seq());
            lastRebuild.set(Optional.of(result));
            done.complete(result);
          } catch (Exception e) {
            // only a generation not yet handed to the writer thread is this thread's to discard
            if (g != null) {
              index.discard(g);
            }
            failedAt = System.nanoTime();
            LOG.warn("search index rebuild failed: {}", e.toString());
            lastRebuild.set(
                Optional.of(
                    new Rebuild(
                        clock.instant(),
                        docs,
                        Duration.ofNanos(System.nanoTime() - t0),
                        Optional.of(e.toString()))));
            done.fail(e);
          } finally {
            rebuilding.set(false);
          }
        });
    return done.future();
  }

  /** The rebuild running now, or a new one: for the command line, which starts the index itself. */
  Future<Rebuild> rebuildOrJoin() {
    Future<Rebuild> current = running;
    return rebuilding.get() ? current : rebuild();
  }

  boolean rebuilding() {
    return rebuilding.get();
  }

  Optional<Rebuild> lastRebuild() {
    return lastRebuild.get();
  }

  /** The last change number searches on this node see; -1 before the index exists. */
  long applied() {
    return index.live().map(SearchIndex.Generation::searchable).orElse(-1L);
  }

  /** The catalogue's last change number: how far the index has to go. */
  Future<Long> catalogueHead() {
    return changes.last(Catalogue.TOPIC);
  }

  private interface Work<T> {
    T run() throws Exception;
  }

  private <T> Future<T> onWriter(Work<T> work) {
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    try {
      writer.execute(
          () -> {
            try {
              p.complete(work.run());
            } catch (Exception | Error e) {
              p.fail(e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      p.fail(new IOException("the search index is closed"));
    }
    return p.future();
  }

  /** Waits for a database read; only ever on the indexer's own threads, never an event loop. */
  private static <T> T await(Future<T> f) throws IOException {
    try {
      return f.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException("the database did not answer in time", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    rebuilder.shutdownNow();
    writer.shutdown();
    try {
      if (!writer.awaitTermination(30, TimeUnit.SECONDS)) {
        writer.shutdownNow();
      }
      index.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warn("search index: closing: {}", e.toString());
    }
  }
}
