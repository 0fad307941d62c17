package org.classbridge.auth;

/** Languages of the web app; Tibetan (bo) and Chinese are both languages of instruction. */
public enum Language {
  ZH_CN("zh-CN"),
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

  public static Language fromTag(String tag) {
    for (Language l : values()) {
      if (l.tag.equalsIgnoreCase(tag)) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown language " + tag);
  }
}
