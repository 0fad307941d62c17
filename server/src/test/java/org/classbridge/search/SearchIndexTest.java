package org.classbridge.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index directory's life: generations, the change number in commits, schema and locks. */
class SearchIndexTest {
  @TempDir Path root;

  /** A committed, swapped-in generation at change {@code seq}; returns its name. */
  String build(SearchIndex index, long seq) throws Exception {
    SearchIndex.Generation g = index.create();
    g.markAt(seq);
    index.swapIn(g);
    return g.name;
  }

  @Test
  @DisplayName("a swapped-in generation is named in 'current' and reopens at its change number")
  void reopensAtItsChangeNumber() throws Exception {
    String name;
    try (SearchIndex index = new SearchIndex(root)) {
      assertThat(index.openLive()).as("nothing yet").isFalse();
      name = build(index, 42);
      assertThat(index.live().orElseThrow().seq()).isEqualTo(42);
    }
    assertThat(Files.readString(root.resolve("current"), StandardCharsets.UTF_8)).isEqualTo(name);
    try (SearchIndex index = new SearchIndex(root)) {
      assertThat(index.openLive()).isTrue();
      assertThat(index.live().orElseThrow().seq()).isEqualTo(42);
      assertThat(index.live().orElseThrow().searchable()).isEqualTo(42);
      // a rebuild's generation replaces it; the old one's files go
      String next = build(index, 50);
      assertThat(Files.exists(root.resolve(name))).isFalse();
      assertThat(Files.readString(root.resolve("current"), StandardCharsets.UTF_8)).isEqualTo(next);
    }
  }

  @Test
  @DisplayName("'newest' keys keep the database's microseconds: one millisecond apart is not a tie")
  void newestKeepsMicroseconds() {
    java.time.Instant first = java.time.Instant.parse("2026-11-30T04:29:32.547466Z");
    java.time.Instant second = java.time.Instant.parse("2026-11-30T04:29:32.547835Z");
    assertThat(IndexSchema.publishedKey(second)).isGreaterThan(IndexSchema.publishedKey(first));
    assertThat(IndexSchema.publishedKey(java.time.Instant.EPOCH.plusNanos(1_999))).isEqualTo(1);
    assertThat(IndexSchema.publishedKey(java.time.Instant.parse("1969-12-31T23:59:59.999999Z")))
        .isEqualTo(-1);
  }

  @Test
  @DisplayName("an index of another schema version is removed, for a rebuild")
  void otherSchemaIsRebuilt() throws Exception {
    String name;
    try (SearchIndex index = new SearchIndex(root)) {
      index.openLive();
      name = build(index, 7);
    }
    try (FSDirectory dir = FSDirectory.open(root.resolve(name));
        IndexWriter w =
            new IndexWriter(
                dir, new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
      w.setLiveCommitData(Map.of(SearchIndex.SEQ, "7", SearchIndex.SCHEMA, "0").entrySet());
      w.commit();
    }
    try (SearchIndex index = new SearchIndex(root)) {
      assertThat(index.openLive()).isFalse();
      assertThat(Files.exists(root.resolve(name))).isFalse();
    }
  }

  @Test
  @DisplayName(
      "a second process's index on the same directory is refused, and the first one's files are untouched")
  void secondHolderIsRefused() throws Exception {
    try (SearchIndex first = new SearchIndex(root)) {
      first.openLive();
      String name = build(first, 3);
      try (SearchIndex second = new SearchIndex(root)) {
        assertThatThrownBy(second::openLive).isInstanceOf(LockObtainFailedException.class);
      }
      assertThat(Files.exists(root.resolve(name))).isTrue();
      assertThat(first.live().orElseThrow().seq()).isEqualTo(3);
    }
  }
}
