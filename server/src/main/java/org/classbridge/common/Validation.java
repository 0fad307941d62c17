package org.classbridge.common;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Collects every rule a request breaks before refusing it, so a form shows all its mistakes at
 * once. Text is NFC-normalised and trimmed: Tibetan and Chinese input methods produce different
 * code point sequences for the same visible text, and we compare names for uniqueness.
 */
public final class Validation {
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\u200C\\u200D]]");

  private final List<Problem.FieldError> errors = new ArrayList<>();

  public static String normalise(String s) {
    return s == null ? null : Normalizer.normalize(s, Normalizer.Form.NFC).strip();
  }

  /** Required text of 1..max code points, without control characters; returns it normalised. */
  public String text(String field, String value, int max) {
    String v = normalise(value);
    if (v == null || v.isEmpty()) {
      error(field, "required", "is required");
      return null;
    }
    return checkedText(field, v, max);
  }

  private String checkedText(String field, String v, int max) {
    if (v.codePointCount(0, v.length()) > max) {
      error(field, "too-long", "must be at most " + max + " characters");
      return null;
    }
    if (CONTROL.matcher(v).find()) {
      error(field, "control-characters", "must not contain control characters");
      return null;
    }
    return v;
  }

  public <E extends Enum<E>> E oneOf(String field, String value, Class<E> type) {
    if (value == null || value.isBlank()) {
      error(field, "required", "is required");
      return null;
    }
    Optional<E> known = Wire.parse(type, value);
    if (known.isPresent()) {
      return known.get();
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(Wire.id(e));
    }
    error(field, "not-allowed", "must be one of " + String.join(", ", names));
    return null;
  }

  public UUID uuid(String field, String value) {
    if (value == null || value.isBlank()) {
      error(field, "required", "is required");
      return null;
    }
    try {
      UUID id = UUID.fromString(value.strip());
      if (!id.toString().equals(value.strip().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException();
      }
      return id;
    } catch (IllegalArgumentException e) {
      error(field, "not-an-id", "must be an id (UUID)");
      return null;
    }
  }

  public Integer intIn(String field, Integer value, int min, int max) {
    if (value == null) {
      error(field, "required", "is required");
      return null;
    }
    if (value < min || value > max) {
      error(field, "out-of-range", "must be between " + min + " and " + max);
      return null;
    }
    return value;
  }

  public void error(String field, String code, String message) {
    errors.add(new Problem.FieldError(field, code, message));
  }

  public boolean ok() {
    return errors.isEmpty();
  }

  public List<Problem.FieldError> errors() {
    return List.copyOf(errors);
  }

  /** Throws {@code validation-failed} listing every error, if there are any. */
  public void orThrow() {
    if (!errors.isEmpty()) {
      throw Problem.validation(errors);
    }
  }
}
