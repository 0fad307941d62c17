package org.classbridge.directory;

/** The language a class is taught in: Chinese, Tibetan, or both (双语). */
public enum TeachingLanguage {
  ZH,
  BO,
  BILINGUAL
}
