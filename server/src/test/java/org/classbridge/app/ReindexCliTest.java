package org.classbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reindex}: the command line rebuilds a stopped node's index, and says so when in use. */
class ReindexCliTest {
  @TempDir Path data;

  /** Runs the CLI command, capturing what it prints. */
  record Run(int code, String out, String err) {}

  Run reindex() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code =
          AdminCli.reindex(List.of("--data=" + data, "--auth.password-iterations=1000"), Map.of());
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  int documents() throws Exception {
    Path live;
    try (Stream<Path> dirs = Files.list(data.resolve("search"))) {
      live =
          dirs.filter(p -> p.getFileName().toString().startsWith("index-"))
              .findFirst()
              .orElseThrow();
    }
    try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(live))) {
      return r.numDocs();
    }
  }

  @Test
  @DisplayName(
      "reindex with the server stopped rebuilds the index from the database; with it running, it refuses and says why")
  void reindexFromTheCommandLine() throws Exception {
    Classbridge app = TestApp.start(data);
    try {
      // the first start builds the index in the background
      assertThat(
              org.classbridge.testing.Poll.until(
                  java.time.Duration.ofSeconds(30),
                  () -> Files.exists(data.resolve("search").resolve("current"))))
          .isTrue();
      Run busy = reindex();
      assertThat(busy.code()).isEqualTo(1);
      assertThat(busy.err())
          .contains("is a server running")
          .contains("/api/v1/admin/search/reindex");
    } finally {
      app.close();
    }
    String before;
    try (Stream<Path> dirs = Files.list(data.resolve("search"))) {
      before =
          dirs.map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("index-"))
              .findFirst()
              .orElseThrow();
    }
    Run done = reindex();
    assertThat(done.code()).as(done.err()).isZero();
    assertThat(done.out()).containsPattern("reindexed 3[0-9] resources in [0-9]+ ms");
    assertThat(documents()).isBetween(30, 39);
    try (Stream<Path> dirs = Files.list(data.resolve("search"))) {
      assertThat(
              dirs.map(p -> p.getFileName().toString())
                  .filter(n -> n.startsWith("index-"))
                  .toList())
          .as("a new generation replaced the old one")
          .hasSize(1)
          .doesNotContain(before);
    }
  }
}
