package org.classbridge.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Turns what a person typed into a Lucene query, by the script of each part: Han runs search the
 * Chinese fields (an in-order phrase of bigrams must match, SmartChinese words raise the score),
 * Tibetan runs search Tibetan syllables, and Latin runs are tried as pinyin (full, or initials) and
 * as English. Nothing typed is ever parsed as query syntax, so quotes, brackets and colons are just
 * text.
 */
final class QueryPlanner {
  /** How a run of the query is read. */
  enum Script {
    HAN,
    TIBETAN,
    OTHER
  }

  /** A maximal piece of the query in one script. */
  record Run(Script script, String text) {}

  private final Analyzer analyzer;

  QueryPlanner(Analyzer analyzer) {
    this.analyzer = analyzer;
  }

  static Script scriptOf(int cp) {
    Character.UnicodeScript s = Character.UnicodeScript.of(cp);
    if (s == Character.UnicodeScript.HAN) {
      return Script.HAN;
    }
    if (s == Character.UnicodeScript.TIBETAN) {
      return Script.TIBETAN;
    }
    return Script.OTHER;
  }

  /**
   * Splits the query into runs of one script. Latin words separated by spaces stay in one run ("gou
   * gu" is one pinyin word), Han and Tibetan runs end at a space.
   */
  static List<Run> runs(String q) {
    List<Run> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    Script script = null;
    for (int i = 0; i < q.length(); ) {
      int cp = q.codePointAt(i);
      i += Character.charCount(cp);
      boolean space = Character.isWhitespace(cp) || Character.isSpaceChar(cp);
      Script s = space ? script : scriptOf(cp);
      if (script != null && (s != script || (space && script != Script.OTHER))) {
        flush(out, script, current);
        script = null;
      }
      if (space && script == null) {
        continue;
      }
      script = s;
      current.appendCodePoint(cp);
    }
    if (script != null) {
      flush(out, script, current);
    }
    return out;
  }

  private static void flush(List<Run> out, Script script, StringBuilder text) {
    String t = text.toString().strip();
    if (!t.isEmpty()) {
      out.add(new Run(script, t));
    }
    text.setLength(0);
  }

  /**
   * The whole query: every run must match (with four or more runs, all but a quarter). Runs with
   * nothing searchable in them (punctuation, emoji) are left out.
   */
  Query search(String q) {
    return plan(q, false);
  }

  /** A query for autocomplete: titles only, and the last word may be unfinished. */
  Query suggest(String q) {
    return plan(q, true);
  }

  /**
   * Runs of a query that are searched; the rest are ignored. Nobody types more than a few words
   * into a library search, and each run is several Lucene clauses: 330 runs of 勾股 went past
   * Lucene's 1,024-clause limit.
   */
  static final int MAX_RUNS = 24;

  /**
   * Syllables of one pinyin run that are searched (a phrase longer than any title is pointless).
   */
  static final int MAX_SYLLABLES = 40;

  /** Words of one Latin run that are searched. */
  static final int MAX_WORDS = 24;

  private Query plan(String q, boolean suggesting) {
    List<Query> parts = new ArrayList<>();
    List<Run> runs = runs(q);
    for (Run run : runs.subList(0, Math.min(runs.size(), MAX_RUNS))) {
      Query part =
          switch (run.script()) {
            case HAN -> han(run.text(), suggesting);
            case TIBETAN -> tibetan(run.text(), suggesting);
            case OTHER -> latin(run.text(), suggesting);
          };
      if (!(part instanceof MatchNoDocsQuery)) {
        parts.add(part);
      }
    }
    return combine(parts);
  }

  private static Query combine(List<Query> parts) {
    if (parts.isEmpty()) {
      return new MatchNoDocsQuery("nothing searchable in the query");
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    parts.forEach(p -> b.add(p, Occur.SHOULD));
    b.setMinimumNumberShouldMatch(parts.size() < 4 ? parts.size() : (parts.size() * 3 + 3) / 4);
    return b.build();
  }

  private Query han(String text, boolean titlesOnly) {
    long chars = text.codePoints().filter(Pinyin::isHan).count();
    Query recall;
    if (chars <= 1) {
      String c =
          text.codePoints()
              .filter(Pinyin::isHan)
              .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
              .toString();
      // one character: titles only; in running text it would match nearly everything
      recall = either(new TermQuery(new Term(IndexSchema.TITLE_ZH1, c)), null);
    } else {
      List<String> bigrams = terms(IndexSchema.TITLE_ZH, text);
      recall =
          either(
              phrase(IndexSchema.TITLE_ZH, bigrams),
              titlesOnly ? null : phrase(IndexSchema.BODY_ZH, bigrams));
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder().add(recall, Occur.MUST);
    List<String> words = terms(IndexSchema.TITLE_WORDS, TextAnalysis.withoutTibetan(text));
    for (String word : words.subList(0, Math.min(words.size(), MAX_WORDS))) {
      b.add(
          new BoostQuery(new TermQuery(new Term(IndexSchema.TITLE_WORDS, word)), 2f), Occur.SHOULD);
      if (!titlesOnly) {
        b.add(new TermQuery(new Term(IndexSchema.BODY_WORDS, word)), Occur.SHOULD);
      }
    }
    return b.build();
  }

  private Query tibetan(String text, boolean unfinished) {
    List<String> syllables = terms(IndexSchema.TITLE_BO, text);
    if (syllables.isEmpty()) {
      return new MatchNoDocsQuery("no Tibetan syllable");
    }
    if (unfinished) {
      // every syllable but the last in order, the last one a prefix
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      if (syllables.size() > 1) {
        b.add(phrase(IndexSchema.TITLE_BO, syllables.subList(0, syllables.size() - 1)), Occur.MUST);
      }
      b.add(
          new PrefixQuery(new Term(IndexSchema.TITLE_BO, syllables.get(syllables.size() - 1))),
          Occur.MUST);
      return b.build();
    }
    return either(phrase(IndexSchema.TITLE_BO, syllables), phrase(IndexSchema.BODY_BO, syllables));
  }

  private Query latin(String text, boolean unfinished) {
    List<Query> readings = new ArrayList<>();
    // English (and numbers: chapter 17.2, grade 8)
    List<String> words = terms(IndexSchema.TITLE_EN, text);
    if (words.size() > MAX_WORDS) {
      words = words.subList(0, MAX_WORDS);
    }
    if (!words.isEmpty()) {
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      for (int i = 0; i < words.size(); i++) {
        String w = words.get(i);
        boolean last = i == words.size() - 1;
        Query title =
            unfinished && last
                ? new PrefixQuery(new Term(IndexSchema.TITLE_EN, w))
                : new TermQuery(new Term(IndexSchema.TITLE_EN, w));
        b.add(
            either(
                new BoostQuery(title, 2f),
                unfinished ? null : new TermQuery(new Term(IndexSchema.BODY_EN, w))),
            Occur.MUST);
      }
      readings.add(b.build());
    }
    String letters = text.toLowerCase(java.util.Locale.ROOT);
    List<String> syllables = Pinyin.segment(letters);
    if (syllables.size() > MAX_SYLLABLES) {
      syllables = List.of(); // longer than any title: not pinyin anybody typed
    }
    String joined = letters.replaceAll("[\\s']+", "");
    if (!syllables.isEmpty() && joined.length() >= 2) {
      readings.add(new BoostQuery(pinyin(syllables), 3f));
    }
    if (joined.length() >= 2 && joined.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
      String initials = joined.substring(0, Math.min(joined.length(), Pinyin.MAX_INITIALS));
      Term term = new Term(IndexSchema.TITLE_PYI, initials);
      readings.add(
          new BoostQuery(
              new ConstantScoreQuery(
                  initials.length() <= Pinyin.INITIALS_GRAM
                      ? new TermQuery(term)
                      : new PrefixQuery(term)),
              1.5f));
    }
    if (readings.isEmpty()) {
      return new MatchNoDocsQuery("nothing searchable in '" + text + "'");
    }
    return readings.size() == 1 ? readings.get(0) : new DisjunctionMaxQuery(readings, 0.1f);
  }

  /** Syllables in order; an unfinished last one matches every syllable it starts. */
  private static Query pinyin(List<String> syllables) {
    MultiPhraseQuery.Builder b = new MultiPhraseQuery.Builder();
    for (String s : syllables) {
      List<String> options = Pinyin.isSyllable(s) ? Pinyin.alike(s) : Pinyin.completions(s);
      b.add(options.stream().map(o -> new Term(IndexSchema.TITLE_PY, o)).toArray(Term[]::new));
    }
    return b.build();
  }

  private static Query phrase(String field, List<String> terms) {
    if (terms.size() == 1) {
      return new TermQuery(new Term(field, terms.get(0)));
    }
    return new PhraseQuery(field, terms.toArray(String[]::new));
  }

  /** Title (boosted) or body; body may be absent. */
  private static Query either(Query title, Query body) {
    Query t = new BoostQuery(title, 3f);
    if (body == null) {
      return t;
    }
    return new BooleanQuery.Builder().add(t, Occur.SHOULD).add(body, Occur.SHOULD).build();
  }

  /** The terms {@code field}'s analyzer makes of {@code text}. */
  List<String> terms(String field, String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
