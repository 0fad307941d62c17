package org.classbridge.catalogue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What the repository reads from configuration (meanings and defaults in the app's settings).
 *
 * @param maxUploadBytes the largest file one upload may declare
 * @param uploadExpiry how long an unfinished upload is kept before its bytes are removed
 * @param pseudonymKey the secret that turns account ids into playback pseudonyms; empty in embedded
 *     mode, where one is kept in the data directory
 */
public record CatalogueConfig(
    long maxUploadBytes,
    Duration uploadExpiry,
    Optional<byte[]> pseudonymKey,
    String experimentsHost,
    int experimentsPort,
    Optional<String> experimentsPublicUrl) {
  public CatalogueConfig {
    Objects.requireNonNull(uploadExpiry, "uploadExpiry");
    Objects.requireNonNull(experimentsHost, "experimentsHost");
    Objects.requireNonNull(experimentsPublicUrl, "experimentsPublicUrl");
    Objects.requireNonNull(pseudonymKey, "pseudonymKey");
    if (maxUploadBytes < 1) {
      throw new IllegalArgumentException("maxUploadBytes >= 1");
    }
    if (pseudonymKey.isPresent() && pseudonymKey.get().length < 16) {
      throw new IllegalArgumentException("a pseudonym key has at least 16 bytes");
    }
    pseudonymKey = pseudonymKey.map(byte[]::clone);
  }

  @Override
  public Optional<byte[]> pseudonymKey() {
    return pseudonymKey.map(byte[]::clone);
  }

  @Override
  public String toString() {
    return "CatalogueConfig[maxUploadBytes="
        + maxUploadBytes
        + ", uploadExpiry="
        + uploadExpiry
        + ", pseudonymKey="
        + (pseudonymKey.isPresent() ? "(set)" : "(data dir)")
        + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CatalogueConfig c
        && c.maxUploadBytes == maxUploadBytes
        && c.uploadExpiry.equals(uploadExpiry)
        && Arrays.equals(c.pseudonymKey.orElse(null), pseudonymKey.orElse(null))
        && c.experimentsHost.equals(experimentsHost)
        && c.experimentsPort == experimentsPort
        && c.experimentsPublicUrl.equals(experimentsPublicUrl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        maxUploadBytes,
        uploadExpiry,
        Arrays.hashCode(pseudonymKey.orElse(null)),
        experimentsHost,
        experimentsPort,
        experimentsPublicUrl);
  }
}
