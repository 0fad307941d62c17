package org.classbridge.transcode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The media pipeline's settings (documented in {@code app.Setting}, {@code media.*}).
 *
 * @param systemTools a system ffmpeg and ffprobe; empty for the build bundled in the jar
 * @param concurrency jobs one node runs at once; 0 for none
 * @param lease how long a claimed job is its node's before another may take it over
 * @param maxAttempts tries before a job fails for good
 * @param maxDuration longest source accepted
 * @param preset x264 speed preset
 */
public record TranscodeConfig(
    Optional<SystemTools> systemTools,
    int concurrency,
    Duration lease,
    int maxAttempts,
    Duration maxDuration,
    String preset) {
  public TranscodeConfig {
    Objects.requireNonNull(systemTools, "systemTools");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(maxDuration, "maxDuration");
    Objects.requireNonNull(preset, "preset");
    if (concurrency < 0 || maxAttempts < 1) {
      throw new IllegalArgumentException("concurrency >= 0 and maxAttempts >= 1");
    }
  }

  public record SystemTools(Path ffmpeg, Path ffprobe) {}
}
