package org.classbridge.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What accounts and tokens read from configuration ({@code auth.*} settings).
 *
 * @param signingKeys configured HS256 keys, the first signs; empty means "generate one and keep it
 *     in {@code embeddedKeyDir}", which only embedded mode allows
 * @param embeddedKeyDir where a generated key is kept; empty in production, where keys are never
 *     generated
 */
public record AuthConfig(
    List<SigningKey> signingKeys,
    Optional<Path> embeddedKeyDir,
    String issuer,
    String audience,
    Duration tokenTtl,
    int passwordIterations,
    int loginAccountFailures,
    int loginIpFailures,
    Duration loginWindow) {
  public AuthConfig {
    signingKeys = List.copyOf(signingKeys);
  }
}
