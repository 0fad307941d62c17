package org.classbridge.common;

import java.util.Locale;
import java.util.Optional;

/**
 * The languages Classbridge speaks: of the web app, of an account's preference, of a class's
 * teaching and (later) of a lesson's content and of the search analyzers. One type for all of them,
 * so a lesson's language and a pupil's language compare directly.
 *
 * <p>Each has a BCP 47 tag ({@link #tag}); the Chinese tag names the region because the web app
 * shows simplified characters as used in mainland China. Parsing follows BCP 47 language-range
 * matching on the primary subtag, so {@code zh}, {@code zh-CN} and {@code zh-Hans} all mean
 * Chinese, and {@code bo-CN} means Tibetan.
 */
public enum Language {
  ZH("zh-CN"),
  /** Tibetan (བོད་ཡིག), a language of instruction in Qinghai's Tibetan-medium schools. */
  BO("bo"),
  EN("en");

  private final String tag;

  Language(String tag) {
    this.tag = tag;
  }

  /** BCP 47 tag, as stored and sent to the browser. */
  public String tag() {
    return tag;
  }

  /** The ISO 639-1 primary subtag: {@code zh}, {@code bo}, {@code en}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Language> parse(String tag) {
    if (tag == null || tag.isBlank()) {
      return Optional.empty();
    }
    String primary = tag.strip().split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
    for (Language l : values()) {
      if (l.code().equals(primary)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  public static Language fromTag(String tag) {
    return parse(tag).orElseThrow(() -> new IllegalArgumentException("unknown language " + tag));
  }
}
