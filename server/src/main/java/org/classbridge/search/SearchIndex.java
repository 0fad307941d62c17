package org.classbridge.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.classbridge.catalogue.IndexRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index files of one node: a live generation that answers queries and follows the change log,
 * and, while a rebuild runs, a new generation built aside and swapped in when it has caught up. The
 * file {@code current} names the live generation; every commit carries the last change number it
 * holds, so a restart replays only what came after.
 *
 * <p>Writes are not synchronised here: the caller (the {@link Indexer}) makes them from one thread.
 * Searches may come from any thread through {@link #acquire}.
 */
final class SearchIndex implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);

  static final String SEQ = "classbridge.seq";
  static final String SCHEMA = "classbridge.schema";
  private static final String CURRENT = "current";

  private final Path root;

  /** Made on first use (about 0.1 s of ICU and SmartChinese set-up), not on start-up's path. */
  private volatile Analyzer analyzer;

  /**
   * Runs the slices of one search in parallel: at a million resources an index has several large
   * segments, and a query on a quiet node then uses both cores (measured: p99 29 -> 24 ms in
   * process, BENCHMARKS.md); below {@link #PARALLEL_FROM} documents it is not used.
   */
  /** Documents from which one search runs its slices in parallel. */
  static final int PARALLEL_FROM = 500_000;

  private final java.util.concurrent.ExecutorService slices =
      java.util.concurrent.Executors.newFixedThreadPool(
          Math.max(2, Runtime.getRuntime().availableProcessors()),
          Thread.ofPlatform().name("classbridge-search-slice-", 0).daemon().factory());

  private final FacetsConfig facets = IndexSchema.facets();
  private volatile Generation live;

  /** This node's hold on the index directory: a second process on the same data dir is refused. */
  private org.apache.lucene.store.Lock held;

  SearchIndex(Path root) {
    this.root = root;
  }

  Analyzer analyzer() {
    Analyzer a = analyzer;
    if (a == null) {
      synchronized (this) {
        a = analyzer;
        if (a == null) {
          a = TextAnalysis.perField();
          analyzer = a;
        }
      }
    }
    return a;
  }

  FacetsConfig facets() {
    return facets;
  }

  /** A searcher with the facet state of its reader, built once per refresh. */
  static final class FacetedSearcher extends IndexSearcher {
    final Optional<SortedSetDocValuesReaderState> facetState;

    FacetedSearcher(IndexReader reader, FacetsConfig config) throws IOException {
      this(reader, config, null);
    }

    /**
     * @param slices runs the slices of one search (groups of segments) in parallel; null searches
     *     on the calling thread only
     */
    FacetedSearcher(IndexReader reader, FacetsConfig config, java.util.concurrent.Executor slices)
        throws IOException {
      super(reader, slices);
      Optional<SortedSetDocValuesReaderState> state = Optional.empty();
      if (reader.numDocs() > 0) {
        try {
          state = Optional.of(new DefaultSortedSetDocValuesReaderState(reader, config));
        } catch (IllegalArgumentException noFacetField) {
          // only deleted documents carry facets yet: nothing to count
        }
      }
      this.facetState = state;
    }
  }

  /** One index directory with its writer and searchers. */
  final class Generation implements AutoCloseable {
    final String name;
    final Directory dir;
    final IndexWriter writer;
    final SearcherManager searchers;
    private long seq;
    private volatile long searchable;

    private Generation(String name, boolean create) throws IOException {
      this.name = name;
      this.dir = FSDirectory.open(root.resolve(name));
      IndexWriter w = null;
      try {
        IndexWriterConfig config = new IndexWriterConfig(analyzer());
        config.setOpenMode(
            create ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.APPEND);
        config.setRAMBufferSizeMB(64);
        w = new IndexWriter(dir, config);
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> committed = w.getLiveCommitData();
        if (committed != null) {
          committed.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        if (!create && !Integer.toString(IndexSchema.VERSION).equals(data.get(SCHEMA))) {
          throw new IOException(
              "index schema " + data.get(SCHEMA) + ", not " + IndexSchema.VERSION);
        }
        this.seq = create ? 0 : Long.parseLong(data.getOrDefault(SEQ, "0"));
        this.searchable = seq;
        this.writer = w;
        this.searchers =
            new SearcherManager(
                w,
                new SearcherFactory() {
                  @Override
                  public IndexSearcher newSearcher(IndexReader reader, IndexReader previous)
                      throws IOException {
                    // parallel slices pay off only on large indexes; at 10^5 documents the
                    // hand-off cost more than it saved (p50 3.2 -> 5.0 ms through HTTP)
                    return new FacetedSearcher(
                        reader, facets, reader.maxDoc() >= PARALLEL_FROM ? slices : null);
                  }
                });
      } catch (IOException | RuntimeException e) {
        if (w != null) {
          try {
            w.rollback();
          } catch (IOException | RuntimeException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        dir.close();
        throw e;
      }
    }

    /** The last change number this generation holds (applied, maybe not yet committed). */
    long seq() {
      return seq;
    }

    /** Adds or replaces these resources, removes those ids, and records {@code upTo}. */
    void apply(List<IndexRecord> upserts, Collection<String> removed, long upTo)
        throws IOException {
      for (IndexRecord r : upserts) {
        Term id = new Term(IndexSchema.ID, r.resource().id().toString());
        try {
          writer.updateDocument(id, facets.build(IndexSchema.document(r)));
        } catch (org.apache.lucene.store.AlreadyClosedException fatal) {
          throw fatal;
        } catch (RuntimeException unindexable) {
          // one resource that analysis or Lucene refuses must not hold up every change after it
          // (an archiving, a visibility change): it is left out, its old entry removed, and the
          // log says which
          LOG.error(
              "search index: resource {} left out: {}", r.resource().id(), unindexable.toString());
          writer.deleteDocuments(id);
        }
      }
      for (String id : removed) {
        writer.deleteDocuments(new Term(IndexSchema.ID, id));
      }
      seq = Math.max(seq, upTo);
    }

    /** Adds resources known to be absent (a fresh build). */
    void add(List<IndexRecord> records) throws IOException {
      for (IndexRecord r : records) {
        try {
          writer.addDocument(facets.build(IndexSchema.document(r)));
        } catch (org.apache.lucene.store.AlreadyClosedException fatal) {
          throw fatal;
        } catch (RuntimeException unindexable) {
          LOG.error(
              "search index: resource {} left out: {}", r.resource().id(), unindexable.toString());
        }
      }
    }

    void setViews(String id, long views) throws IOException {
      writer.updateNumericDocValue(new Term(IndexSchema.ID, id), IndexSchema.VIEWS, views);
    }

    void markAt(long upTo) {
      seq = Math.max(seq, upTo);
    }

    /** Makes everything applied durable, with the change number it reaches. */
    void commit() throws IOException {
      writer.setLiveCommitData(
          Map.of(SEQ, Long.toString(seq), SCHEMA, Integer.toString(IndexSchema.VERSION))
              .entrySet());
      writer.commit();
    }

    void refresh() throws IOException {
      long upTo = seq;
      searchers.maybeRefreshBlocking();
      searchable = upTo;
    }

    /** The last change number that searches see. */
    long searchable() {
      return searchable;
    }

    @Override
    public void close() throws IOException {
      try {
        searchers.close();
        writer.close();
      } finally {
        dir.close();
      }
    }
  }

  /**
   * Opens the generation {@code current} names. False when there is none, or it cannot be read (a
   * damaged or older index): then it is removed, and the caller builds a new one.
   */
  boolean openLive() throws IOException {
    Files.createDirectories(root);
    if (held == null) {
      // before anything is read or removed: a damaged index is deleted below, and another
      // process's live index must never look damaged because its files are locked
      Directory rootDir = FSDirectory.open(root);
      try {
        held = rootDir.obtainLock("node.lock");
      } catch (IOException e) {
        rootDir.close();
        throw e;
      }
    }
    Path pointer = root.resolve(CURRENT);
    if (!Files.exists(pointer)) {
      removeAllBut(Optional.empty());
      return false;
    }
    String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
    if (!name.matches("index-[0-9]{1,19}") || !Files.isDirectory(root.resolve(name))) {
      LOG.warn("search index: {} names no index; it will be rebuilt", pointer);
      removeAllBut(Optional.empty());
      return false;
    }
    try {
      try (Directory probe = FSDirectory.open(root.resolve(name))) {
        if (!DirectoryReader.indexExists(probe)) {
          throw new IOException("no commit in " + name);
        }
      }
      live = new Generation(name, false);
    } catch (IOException | RuntimeException e) {
      LOG.warn("search index {} cannot be opened ({}); it will be rebuilt", name, e.toString());
      removeAllBut(Optional.empty());
      return false;
    }
    removeAllBut(Optional.of(name));
    return true;
  }

  /** A new, empty generation beside the live one. */
  Generation create() throws IOException {
    Files.createDirectories(root);
    long n = System.currentTimeMillis();
    while (Files.exists(root.resolve("index-" + n))) {
      n++;
    }
    return new Generation("index-" + n, true);
  }

  /**
   * Makes {@code next} (committed) the live generation: the pointer is replaced atomically, then
   * the old generation closes once in-flight searches release it, and its files go.
   */
  void swapIn(Generation next) throws IOException {
    next.commit();
    next.refresh();
    Path tmp = root.resolve(CURRENT + ".tmp");
    Files.writeString(tmp, next.name, StandardCharsets.UTF_8);
    // durable before the old generation goes: after a power loss the pointer names a whole index
    org.apache.lucene.util.IOUtils.fsync(tmp, false);
    try {
      Files.move(
          tmp,
          root.resolve(CURRENT),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.REPLACE_EXISTING);
    }
    org.apache.lucene.util.IOUtils.fsync(root, true);
    Generation old = live;
    live = next;
    if (old != null) {
      old.close();
      removeAllBut(Optional.of(next.name));
    }
  }

  /** Discards a generation that will not be used. */
  void discard(Generation g) {
    try {
      g.writer.rollback();
      g.searchers.close();
      g.dir.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("search index: closing an unused generation: {}", e.toString());
    }
    deleteTree(root.resolve(g.name));
  }

  /** The live generation; empty until the first open or build. */
  Optional<Generation> live() {
    return Optional.ofNullable(live);
  }

  private void removeAllBut(Optional<String> keep) throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      for (Path p : entries.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith("index-") && !keep.map(name::equals).orElse(false)) {
          deleteTree(p);
        }
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("search index: could not remove {}: {}", dir, e.toString());
    }
  }

  @Override
  public void close() throws IOException {
    Generation g = live;
    live = null;
    try {
      if (g != null) {
        if (g.writer.isOpen()) {
          g.commit();
        }
        g.close();
      }
    } finally {
      slices.shutdown();
      if (held != null) {
        held.close();
        held = null;
      }
    }
  }
}
