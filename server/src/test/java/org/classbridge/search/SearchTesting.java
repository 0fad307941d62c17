package org.classbridge.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.classbridge.testing.Api;
import org.classbridge.testing.Poll;

/** Waits for a node's index to hold everything the catalogue has changed. */
final class SearchTesting {
  private SearchTesting() {}

  static void awaitIndexed(Api api) {
    String admin = api.login("admin", "classbridge");
    boolean caughtUp =
        Poll.until(
            Duration.ofSeconds(60),
            () -> {
              Api.Response r = api.get("/api/v1/admin/search", admin);
              if (r.status() != 200) {
                return false;
              }
              JsonObject s = r.json();
              return s.getLong("appliedChange") >= s.getLong("catalogueChange");
            });
    assertThat(caughtUp).as("the search index caught up with the catalogue").isTrue();
  }
}
