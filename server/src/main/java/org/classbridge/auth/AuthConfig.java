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
 * @param accountCheck whether every request checks that the token's account still stands behind it
 *     (active, same token version); off only to measure what the check costs
 * @param accountCheckCache how long a node trusts what it last read about an account: a token
 *     revoked on another node stops working within this time
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
    Duration loginWindow,
    boolean accountCheck,
    Duration accountCheckCache) {
  public AuthConfig {
    signingKeys = List.copyOf(signingKeys);
  }
}
