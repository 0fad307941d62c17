package org.classbridge.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.MutableClock;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An abandoned upload expires: it cannot be resumed, and the sweep removes its bytes. */
class UploadExpiryTest {
  @TempDir static Path data;
  static Classbridge app;
  static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-01T01:00:00Z"));

  @BeforeAll
  static void start() throws Exception {
    app = Classbridge.start(TestApp.config(data, Map.of()), CLOCK);
    CatalogueApiContract.api = new Api(app.port());
  }

  @AfterAll
  static void stop() {
    CatalogueApiContract.api = null;
    app.close();
  }

  static long sessions() throws Exception {
    try (Stream<Path> files = Files.list(data.resolve("blobs").resolve("uploads"))) {
      return files.count();
    }
  }

  @Test
  @DisplayName("after catalogue.upload-expiry an upload is gone: HEAD 404, PATCH 404, bytes swept")
  void expires() throws Exception {
    Api api = CatalogueApiContract.api;
    String teacher = api.login("teacher.xining", "classbridge");
    String id = CatalogueApiContract.draft(teacher, "lesson-video", "被放弃的上传").getString("id");
    byte[] video = CatalogueApiContract.mp4(100_000, 5);
    String location = CatalogueApiContract.createUpload(teacher, id, video.length, "");
    assertThat(
            CatalogueApiContract.patch(location, teacher, 0, Arrays.copyOf(video, 40_000)).status())
        .isEqualTo(204);
    long before = sessions();
    assertThat(before).isPositive();

    CLOCK.advance(Duration.ofHours(25));
    teacher = api.login("teacher.xining", "classbridge"); // the old token has expired too
    assertThat(
            api.send(
                    CatalogueApiContract.tus(location, teacher)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()))
                .status())
        .isEqualTo(404);
    assertThat(CatalogueApiContract.patch(location, teacher, 40_000, new byte[10]).status())
        .isEqualTo(404);
    int swept =
        app.services()
            .catalogue()
            .uploads()
            .sweep()
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    assertThat(swept).isEqualTo(1);
    assertThat(sessions()).isEqualTo(before - 1);
    JsonObject resource = api.get("/api/v1/resources/" + id, teacher).json();
    assertThat(resource.containsKey("file")).isFalse();
  }
}
