package org.classbridge.search;

import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.icu.segmentation.DefaultICUTokenizerConfig;
import org.apache.lucene.analysis.icu.segmentation.ICUTokenizer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * How each kind of field is cut into terms (SEARCH.md records what each analyzer does to our text).
 * Chinese gets a recall field (ICU without a dictionary, then bigrams: any two adjacent characters
 * of a title find it), a unigram field for one-character queries, and a precision field of
 * SmartChinese words, which only ever sees Chinese: it shreds Tibetan into code points. Tibetan is
 * cut at the tsheg into syllables by ICU's UAX#29 rules. Pinyin and English have their own.
 */
final class TextAnalysis {
  private TextAnalysis() {}

  /** Field families, by the suffix of a field's name. */
  enum Family {
    /** Chinese bigrams (recall). */
    ZH("zh"),
    /** Chinese single characters, for one-character queries. */
    ZH1("zh1"),
    /** SmartChinese words (precision). */
    WORDS("zhw"),
    /** Tibetan syllables. */
    BO("bo"),
    /** Pinyin syllables, one per character. */
    PINYIN("py"),
    /** Pinyin initials, every suffix of a run of characters. */
    INITIALS("pyi"),
    /** English words, stemmed. */
    EN("en");

    final String suffix;

    Family(String suffix) {
      this.suffix = suffix;
    }
  }

  /** The analyzer for every field: chosen by the field name's family suffix. */
  static Analyzer perField() {
    Analyzer zh =
        new Analyzer() {
          @Override
          protected TokenStreamComponents createComponents(String field) {
            Tokenizer t = hanAsCharacters();
            TokenStream s = new CJKBigramFilter(t, CJKBigramFilter.HAN, false);
            return new TokenStreamComponents(t, new LowerCaseFilter(s));
          }
        };
    Analyzer zh1 =
        new Analyzer() {
          @Override
          protected TokenStreamComponents createComponents(String field) {
            Tokenizer t = hanAsCharacters();
            return new TokenStreamComponents(t, new ScriptFilter(t, Character.UnicodeScript.HAN));
          }
        };
    Analyzer bo =
        new Analyzer() {
          @Override
          protected TokenStreamComponents createComponents(String field) {
            Tokenizer t = new ICUTokenizer();
            return new TokenStreamComponents(
                t, new TibetanAffixFilter(new ScriptFilter(t, Character.UnicodeScript.TIBETAN)));
          }
        };
    Analyzer en =
        new Analyzer() {
          @Override
          protected TokenStreamComponents createComponents(String field) {
            Tokenizer t = new StandardTokenizer();
            TokenStream s = new ScriptFilter(t, Character.UnicodeScript.LATIN);
            s = new EnglishPossessiveFilter(s);
            s = new LowerCaseFilter(s);
            s = new StopFilter(s, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            return new TokenStreamComponents(t, new PorterStemFilter(s));
          }
        };
    Analyzer pinyin =
        new Analyzer() {
          @Override
          protected TokenStreamComponents createComponents(String field) {
            return new TokenStreamComponents(new Pinyin.SyllableTokenizer());
          }
        };
    Analyzer initials =
        new Analyzer() {
          @Override
          protected TokenStreamComponents createComponents(String field) {
            return new TokenStreamComponents(new Pinyin.InitialsTokenizer());
          }
        };
    Map<String, Analyzer> byFamily =
        Map.of(
            Family.ZH.suffix, zh,
            Family.ZH1.suffix, zh1,
            Family.WORDS.suffix, new SmartChineseAnalyzer(true),
            Family.BO.suffix, bo,
            Family.PINYIN.suffix, pinyin,
            Family.INITIALS.suffix, initials,
            Family.EN.suffix, en);
    Map<String, Analyzer> fields = new java.util.HashMap<>();
    for (String f : IndexSchema.TEXT_FIELDS) {
      fields.put(f, byFamily.get(f.substring(f.lastIndexOf('.') + 1)));
    }
    return new PerFieldAnalyzerWrapper(new StandardAnalyzer(), fields);
  }

  /** ICU word breaking without a dictionary: Han comes out one character at a time. */
  private static Tokenizer hanAsCharacters() {
    return new ICUTokenizer(new DefaultICUTokenizerConfig(false, true));
  }

  /** Replaces Tibetan with spaces (same length, so offsets still line up): for SmartChinese. */
  static String withoutTibetan(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      b.append(c >= 0x0F00 && c <= 0x0FFF ? ' ' : c);
    }
    return b.toString();
  }

  /**
   * Takes the particles that fuse onto a Tibetan syllable off it (མུའི is མུ with the genitive འི),
   * so a syllable matches whatever case it is written in. A small part of what lucene-bo's affix
   * normalisation does; enough for titles.
   */
  static final class TibetanAffixFilter extends org.apache.lucene.analysis.TokenFilter {
    private static final List<String> PARTICLES = List.of("འིས", "འི", "འོ", "འམ", "འང", "འུ");
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    TibetanAffixFilter(TokenStream in) {
      super(in);
    }

    @Override
    public boolean incrementToken() throws java.io.IOException {
      if (!input.incrementToken()) {
        return false;
      }
      String t = term.toString();
      for (String p : PARTICLES) {
        if (t.length() > p.length() && t.endsWith(p)) {
          term.setLength(t.length() - p.length());
          break;
        }
      }
      return true;
    }
  }

  /** Keeps the tokens whose first character is of one script. */
  static final class ScriptFilter extends FilteringTokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final Character.UnicodeScript script;

    ScriptFilter(TokenStream in, Character.UnicodeScript script) {
      super(in);
      this.script = script;
    }

    @Override
    protected boolean accept() {
      if (term.length() == 0) {
        return false;
      }
      int cp = Character.codePointAt(term, 0);
      Character.UnicodeScript s = Character.UnicodeScript.of(cp);
      // digits are COMMON: English keeps them (17.2, 3D)
      return s == script || (script == Character.UnicodeScript.LATIN && Character.isDigit(cp));
    }
  }
}
