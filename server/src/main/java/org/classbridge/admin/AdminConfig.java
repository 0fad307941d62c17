package org.classbridge.admin;

import java.time.Duration;
import java.util.Objects;

/**
 * What account administration reads from configuration ({@code import.*} settings).
 *
 * @param jobLease how long a node's claim on a running import lasts without renewal: after a node
 *     dies, another node takes its import over once this has passed
 */
public record AdminConfig(Duration jobLease) {
  public AdminConfig {
    Objects.requireNonNull(jobLease, "jobLease");
    if (jobLease.toMillis() < 1000) {
      throw new IllegalArgumentException("jobLease >= 1 s");
    }
  }
}
