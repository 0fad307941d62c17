package org.classbridge.app;

import java.util.List;
import java.util.Objects;

/**
 * Whether and how this node joins a cluster ({@code cluster.*} settings). Clustering is built at
 * start-up by the composition root, so it belongs here rather than in a feature.
 *
 * @param members other members as {@code host:port}; the join is TCP/IP only
 */
public record ClusterConfig(boolean enabled, String host, int port, List<String> members) {
  public ClusterConfig {
    Objects.requireNonNull(host, "host");
    members = List.copyOf(members);
  }

  public static ClusterConfig off() {
    return new ClusterConfig(false, "127.0.0.1", 5701, List.of());
  }
}
