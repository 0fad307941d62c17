package org.classbridge.common;

import java.util.Locale;
import java.util.Optional;

/**
 * The one convention for enum values on the wire, in the database and in URLs: the constant's name
 * in lower case with {@code _} written as {@code -} ({@code WOULD_CREATE} is {@code would-create}).
 * Every feature uses it, so a value reads the same in JSON, SQL, CSV and OpenAPI.
 */
public final class Wire {
  private Wire() {}

  /** The wire id of an enum constant. */
  public static String id(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The constant whose wire id is {@code id} (case-insensitive, {@code _} accepted for {@code -}).
   */
  public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String id) {
    if (id == null) {
      return Optional.empty();
    }
    String wanted = id.strip().replace('-', '_').toUpperCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(wanted)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** As {@link #parse}, for values read back from our own storage: unknown is a bug, not input. */
  public static <E extends Enum<E>> E require(Class<E> type, String id) {
    return parse(type, id)
        .orElseThrow(
            () -> new IllegalArgumentException("no " + type.getSimpleName() + " has the id " + id));
  }
}
