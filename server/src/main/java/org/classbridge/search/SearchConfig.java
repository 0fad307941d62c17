package org.classbridge.search;

import java.time.Duration;
import java.util.Objects;

/**
 * What the search index reads from configuration (meanings and defaults in the app's settings).
 *
 * @param poll how often the change log is read even without a wake-up: a change made on another
 *     node that is not in this node's EventBus cluster arrives within this
 * @param commitEvery how often applied changes are made durable; after a crash, what came after the
 *     last commit is replayed from the change log
 * @param viewsEvery how often "most viewed" counts are refreshed from playback
 */
public record SearchConfig(Duration poll, Duration commitEvery, Duration viewsEvery) {
  public SearchConfig {
    Objects.requireNonNull(poll, "poll");
    Objects.requireNonNull(commitEvery, "commitEvery");
    Objects.requireNonNull(viewsEvery, "viewsEvery");
  }
}
