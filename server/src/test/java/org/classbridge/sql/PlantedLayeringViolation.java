package org.classbridge.sql;

import org.classbridge.app.AppConfig;

/**
 * A deliberate violation for {@code ArchitectureTest}: infrastructure reaching up into the
 * composition root's config record. Test sources only; it proves the rules can fail.
 */
public final class PlantedLayeringViolation {
  private PlantedLayeringViolation() {}

  static String mode(AppConfig config) {
    return config.mode().name();
  }
}
