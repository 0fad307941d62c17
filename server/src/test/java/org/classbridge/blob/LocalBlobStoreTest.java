package org.classbridge.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
}
