package org.classbridge.search;

import com.hankcs.hanlp.HanLP;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Pinyin for Chinese titles, so a teacher without a Chinese keyboard finds 勾股定理 by "gougu" or
 * "ggdl". HanLP reads words, not characters, so polyphones come out right (银行 is yinhang, 长方体
 * changfangti); ICU's Han-Latin transliterator gets both wrong (SEARCH.md). Tones are dropped and ü
 * is written v, as people type it.
 */
final class Pinyin {
  /** Longest initials suffix indexed; a longer query is cut to it (and still a prefix). */
  static final int MAX_INITIALS = 16;

  /** Initials up to this length are indexed as whole terms; longer ones are looked up by prefix. */
  static final int INITIALS_GRAM = 8;

  private static final Set<String> SYLLABLES = syllables();

  private Pinyin() {}

  private static Set<String> syllables() {
    Set<String> out = new TreeSet<>();
    for (com.hankcs.hanlp.dictionary.py.Pinyin p : com.hankcs.hanlp.dictionary.py.Pinyin.values()) {
      String s = normal(p.getPinyinWithoutTone());
      if (!s.equals("none") && !s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  private static String normal(String syllable) {
    return syllable.toLowerCase(Locale.ROOT).replace('ü', 'v');
  }

  static boolean isHan(int codePoint) {
    return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
  }

  /** The last text converted on this thread: a title goes through two pinyin fields in a row. */
  private static final ThreadLocal<Map.Entry<String, String[]>> LAST = new ThreadLocal<>();

  /** One syllable per character of {@code text}; null where the character is not Han. */
  static String[] syllablesOf(String text) {
    Map.Entry<String, String[]> last = LAST.get();
    if (last != null && last.getKey().equals(text)) {
      return last.getValue();
    }
    String[] out = convert(text);
    LAST.set(Map.entry(text, out));
    return out;
  }

  private static String[] convert(String text) {
    String[] out = new String[text.length()];
    List<com.hankcs.hanlp.dictionary.py.Pinyin> list = HanLP.convertToPinyinList(text);
    // HanLP gives one entry per char (UTF-16 unit); Han characters outside the BMP get none
    for (int i = 0; i < text.length() && i < list.size(); i++) {
      if (isHan(text.charAt(i))) {
        String s = normal(list.get(i).getPinyinWithoutTone());
        out[i] = s.equals("none") ? null : s;
      }
    }
    return out;
  }

  /** The valid syllables that start with {@code prefix}. */
  static List<String> completions(String prefix) {
    List<String> out = new ArrayList<>();
    for (String s : ((TreeSet<String>) SYLLABLES).tailSet(prefix)) {
      if (!s.startsWith(prefix)) {
        break;
      }
      out.add(s);
    }
    return out;
  }

  /**
   * Splits typed pinyin ("gougudingli", "xi'an", "gou gu") into syllables, the last of which may be
   * an unfinished one ("gougud" is gou gu d-). Prefers fewer, longer syllables. Empty when the
   * letters are not pinyin.
   */
  static List<String> segment(String typed) {
    List<String> out = new ArrayList<>();
    for (String part : typed.toLowerCase(Locale.ROOT).split("[\\s']+")) {
      if (part.isEmpty()) {
        continue;
      }
      if (!part.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
        return List.of();
      }
      List<String> piece = segmentPart(part);
      if (piece.isEmpty()) {
        return List.of();
      }
      out.addAll(piece);
    }
    return out;
  }

  private static List<String> segmentPart(String s) {
    int n = s.length();
    // best[i]: fewest syllables covering s[i..n), where the last may be a prefix of a syllable
    int[] best = new int[n + 1];
    int[] next = new int[n + 1];
    best[n] = 0;
    for (int i = n - 1; i >= 0; i--) {
      best[i] = Integer.MAX_VALUE;
      for (int j = Math.min(n, i + 6); j > i; j--) {
        String piece = s.substring(i, j);
        boolean whole = SYLLABLES.contains(piece);
        boolean unfinished = j == n && !completions(piece).isEmpty();
        if ((whole || unfinished) && best[j] != Integer.MAX_VALUE && best[j] + 1 < best[i]) {
          best[i] = best[j] + 1;
          next[i] = j;
        }
      }
    }
    if (best[0] == Integer.MAX_VALUE) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i = next[i]) {
      out.add(s.substring(i, next[i]));
    }
    return out;
  }

  /**
   * {@code syllable} and the valid syllables people of the north-west type for it: front and back
   * nasals (chen/cheng, yin/ying, an/ang) and flat and retroflex initials (z/zh, c/ch, s/sh) are
   * not told apart in Qinghai's dialects, so 对称 (duichen) is also found as "duicheng".
   */
  static List<String> alike(String syllable) {
    List<String> out = new ArrayList<>(List.of(syllable));
    List<String> initials = new ArrayList<>(List.of(syllable));
    if (syllable.startsWith("zh") || syllable.startsWith("ch") || syllable.startsWith("sh")) {
      initials.add(syllable.charAt(0) + syllable.substring(2));
    } else if (syllable.startsWith("z") || syllable.startsWith("c") || syllable.startsWith("s")) {
      initials.add(syllable.charAt(0) + "h" + syllable.substring(1));
    }
    for (String s : initials) {
      List<String> forms = new ArrayList<>(List.of(s));
      if (s.endsWith("ng") && (s.endsWith("ang") || s.endsWith("eng") || s.endsWith("ing"))) {
        forms.add(s.substring(0, s.length() - 1));
      } else if (s.endsWith("an") || s.endsWith("en") || s.endsWith("in")) {
        forms.add(s + "g");
      }
      for (String f : forms) {
        if (!out.contains(f) && SYLLABLES.contains(f)) {
          out.add(f);
        }
      }
    }
    return out;
  }

  static boolean isSyllable(String s) {
    return SYLLABLES.contains(s);
  }

  /**
   * Emits the pinyin syllable of each Han character, with the character's offsets (so a pinyin
   * match highlights the characters), and Latin letters and digits as lower-cased words.
   */
  static final class SyllableTokenizer extends BaseTokenizer {
    @Override
    void split(String text) {
      String[] syllables = syllablesOf(text);
      int i = 0;
      while (i < text.length()) {
        if (syllables[i] != null) {
          add(syllables[i], i, i + 1);
          i++;
        } else if (Character.isLetterOrDigit(text.charAt(i)) && text.charAt(i) < 0x80) {
          int start = i;
          while (i < text.length()
              && text.charAt(i) < 0x80
              && Character.isLetterOrDigit(text.charAt(i))) {
            i++;
          }
          add(text.substring(start, i).toLowerCase(Locale.ROOT), start, i);
        } else {
          i++;
        }
      }
    }
  }

  /**
   * Emits, for each run of Han characters, the first letters of its syllables from every position
   * ("勾股定理" gives ggdl, gdl, dl), each cut to every length from 2 to {@link #INITIALS_GRAM} (gg,
   * ggd, ggdl, gd, gdl, dl) and, when longer, whole: "ggdl" or "dl" is then one term to look up
   * rather than a prefix to expand (a two-letter prefix of an initials field expands to thousands
   * of terms at 10^5 documents).
   */
  static final class InitialsTokenizer extends BaseTokenizer {
    @Override
    void split(String text) {
      String[] syllables = syllablesOf(text);
      int i = 0;
      while (i < text.length()) {
        if (syllables[i] == null) {
          i++;
          continue;
        }
        int start = i;
        StringBuilder letters = new StringBuilder();
        while (i < text.length() && syllables[i] != null) {
          letters.append(syllables[i].charAt(0));
          i++;
        }
        for (int k = 0; k < letters.length(); k++) {
          int end = Math.min(letters.length(), k + MAX_INITIALS);
          for (int n = 2; n <= Math.min(INITIALS_GRAM, end - k); n++) {
            add(letters.substring(k, k + n), start + k, start + k + n);
          }
          if (end - k > INITIALS_GRAM) {
            add(letters.substring(k, end), start + k, start + end);
          }
        }
      }
    }
  }

  /** Reads the whole (short) field value, splits it once, then hands out the tokens. */
  abstract static class BaseTokenizer extends Tokenizer {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute position =
        addAttribute(PositionIncrementAttribute.class);
    private final List<String> terms = new ArrayList<>();
    private final List<int[]> offsets = new ArrayList<>();
    private int next;
    private int length;

    abstract void split(String text);

    final void add(String t, int start, int end) {
      terms.add(t);
      offsets.add(new int[] {start, end});
    }

    @Override
    public final boolean incrementToken() {
      clearAttributes();
      if (next >= terms.size()) {
        return false;
      }
      term.setEmpty().append(terms.get(next));
      int[] o = offsets.get(next);
      offset.setOffset(correctOffset(o[0]), correctOffset(o[1]));
      position.setPositionIncrement(1);
      next++;
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      terms.clear();
      offsets.clear();
      next = 0;
      StringBuilder b = new StringBuilder();
      char[] buffer = new char[1024];
      for (int n; (n = input.read(buffer)) > 0; ) {
        b.append(buffer, 0, n);
      }
      length = b.length();
      split(b.toString());
    }

    @Override
    public void end() throws IOException {
      super.end();
      offset.setOffset(correctOffset(length), correctOffset(length));
    }
  }
}
