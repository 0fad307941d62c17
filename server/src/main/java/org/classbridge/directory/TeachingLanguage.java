package org.classbridge.directory;

import java.util.Set;
import org.classbridge.common.Language;

/**
 * The medium a class is taught in: Chinese, Tibetan, or both (双语, the usual arrangement in
 * Qinghai's Tibetan-medium schools). Not a second language type: each medium is the set of {@link
 * Language}s it uses, so a Tibetan-medium class matches Tibetan lessons and pupils directly.
 */
public enum TeachingLanguage {
  ZH(Set.of(Language.ZH)),
  BO(Set.of(Language.BO)),
  BILINGUAL(Set.of(Language.BO, Language.ZH));

  private final Set<Language> languages;

  TeachingLanguage(Set<Language> languages) {
    this.languages = languages;
  }

  /** The languages lessons are given in. */
  public Set<Language> languages() {
    return languages;
  }
}
