package org.classbridge.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("blob store on the local file system (embedded default)")
class LocalBlobStoreTest extends BlobStoreContract {
  @TempDir Path dir;

  @Override
  BlobStore store() throws Exception {
    return new LocalBlobStore(dir, Clock.systemUTC());
  }

  @Override
  BlobStore sameStoreAgain() throws Exception {
    return new LocalBlobStore(dir, Clock.systemUTC());
  }

  @Override
  List<String> uploadLeftovers() throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("uploads"))) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  @Override
  Class<? extends Delivery> expectedDelivery() {
    return Delivery.LocalFile.class;
  }

  @Test
  @DisplayName("the sweeper removes incoming files a crash left behind, and only old ones")
  void sweeper() throws Exception {
    BlobStore store = s();
    Path old = Files.writeString(dir.resolve("incoming").resolve("crashed.part"), "partial");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
    Path fresh = Files.writeString(dir.resolve("incoming").resolve("uploading.part"), "partial");
    assertThat(store.sweepIncomplete(Duration.ofDays(1))).isEqualTo(1);
    assertThat(old).doesNotExist();
    assertThat(fresh).exists();
  }

  @Test
  @DisplayName("the sweeper removes sessions by their last append, not their start")
  void sessionSweeper() throws Exception {
    String idle = s().beginUpload();
    s().append(idle, 0, new GeneratedStream(30, 10));
    String moving = s().beginUpload();
    Path idleFile = dir.resolve("uploads").resolve(idle + ".upload");
    Path movingFile = dir.resolve("uploads").resolve(moving + ".upload");
    FileTime twoDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
    Files.setLastModifiedTime(idleFile, twoDaysAgo);
    Files.setLastModifiedTime(movingFile, twoDaysAgo);
    s().append(moving, 0, new GeneratedStream(31, 10)); // started long ago, appended just now

    assertThat(s().sweepIncomplete(Duration.ofDays(1))).isEqualTo(1);
    assertThat(idleFile).doesNotExist();
    assertThat(s().uploadedBytes(moving)).isEqualTo(10);
  }

  @Test
  @DisplayName("a completed session file becomes the object by a rename, not a copy")
  void completionRenames() throws Exception {
    String id = s().beginUpload();
    s().append(id, 0, new GeneratedStream(32, 100_000));
    Path session = dir.resolve("uploads").resolve(id + ".upload");
    Object inode = Files.readAttributes(session, BasicFileAttributes.class).fileKey();

    StoredBlob stored = s().completeUpload(id, Optional.empty());

    Path object =
        dir.resolve("objects").resolve(stored.sha256().substring(0, 2)).resolve(stored.sha256());
    assertThat(session).doesNotExist();
    assertThat(Files.readAttributes(object, BasicFileAttributes.class).fileKey()).isEqualTo(inode);
    Delivery.LocalFile f = (Delivery.LocalFile) s().deliver(stored.sha256(), 10, 20, HINTS);
    assertThat(f.file()).isEqualTo(object);
  }
}
