package org.classbridge.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What each field's analysis makes of our text, and how typed queries are read. */
class TextAnalysisTest {
  final QueryPlanner planner = new QueryPlanner(TextAnalysis.perField());

  List<String> terms(String field, String text) {
    return planner.terms(field, text);
  }

  @Test
  @DisplayName(
      "pinyin reads words, so polyphones are right: 银行 yinhang, 长方体 changfangti, 重庆 chongqing")
  void polyphones() {
    assertThat(terms(IndexSchema.TITLE_PY, "银行")).containsExactly("yin", "hang");
    assertThat(terms(IndexSchema.TITLE_PY, "长方体")).containsExactly("chang", "fang", "ti");
    assertThat(terms(IndexSchema.TITLE_PY, "重庆")).containsExactly("chong", "qing");
    assertThat(terms(IndexSchema.TITLE_PY, "勾股定理（第一课时）"))
        .containsExactly("gou", "gu", "ding", "li", "di", "yi", "ke", "shi");
    assertThat(terms(IndexSchema.TITLE_PYI, "勾股定理"))
        .containsExactly("gg", "ggd", "ggdl", "gd", "gdl", "dl");
    assertThat(terms(IndexSchema.TITLE_PYI, "勾股定理的逆定理"))
        .contains("ggdldn", "ggdldndl", "dnd", "ggdldndl")
        .doesNotContain("l");
  }

  @Test
  @DisplayName(
      "typed pinyin splits into syllables, the last may be unfinished; dialect-alike syllables count")
  void typedPinyin() {
    assertThat(Pinyin.segment("gougudingli")).containsExactly("gou", "gu", "ding", "li");
    assertThat(Pinyin.segment("xi'an")).containsExactly("xi", "an");
    assertThat(Pinyin.segment("gougud")).containsExactly("gou", "gu", "d");
    assertThat(Pinyin.segment("ggdl")).isEmpty();
    assertThat(Pinyin.segment("hello world")).isEmpty();
    assertThat(Pinyin.alike("cheng")).contains("chen", "ceng");
    assertThat(Pinyin.alike("si")).contains("shi");
  }

  @Test
  @DisplayName(
      "Chinese: bigrams for recall, characters for one-letter queries, SmartChinese words never see Tibetan")
  void chinese() {
    assertThat(terms(IndexSchema.TITLE_ZH, "勾股定理")).containsExactly("勾股", "股定", "定理");
    assertThat(terms(IndexSchema.TITLE_ZH1, "圆周角")).containsExactly("圆", "周", "角");
    assertThat(terms(IndexSchema.TITLE_WORDS, "勾股定理的逆定理")).contains("勾股定理", "逆定理");
    // what the index feeds SmartChinese: Tibetan blanked out, nothing of it left as a term
    String mixed = "ཟུར་དྲང་གྲུ་གསུམ། 勾股定理";
    assertThat(terms(IndexSchema.TITLE_WORDS, TextAnalysis.withoutTibetan(mixed)))
        .allMatch(t -> t.codePoints().noneMatch(c -> c >= 0x0F00 && c <= 0x0FFF))
        .contains("勾股定理");
  }

  @Test
  @DisplayName("Tibetan: syllables at the tsheg, fused particles taken off (མུའི is མུ)")
  void tibetan() {
    assertThat(terms(IndexSchema.TITLE_BO, "ཨོ་མུའི་གཏན་འཁེལ།"))
        .containsExactly("ཨོ", "མུ", "གཏན", "འཁེལ");
    assertThat(terms(IndexSchema.TITLE_BO, "勾股 ཟུར་དྲང")).containsExactly("ཟུར", "དྲང");
  }

  @Test
  @DisplayName("queries split into runs by script; quotes and operators are only text")
  void runs() {
    assertThat(QueryPlanner.runs("gou gu 勾股 ཟུར་དྲང 17.2"))
        .extracting(QueryPlanner.Run::script)
        .containsExactly(
            QueryPlanner.Script.OTHER,
            QueryPlanner.Script.HAN,
            QueryPlanner.Script.TIBETAN,
            QueryPlanner.Script.OTHER);
    assertThat(planner.search("title:(\"勾股 OR").toString()).doesNotContain("title:");
    assertThat(planner.search("🙂 ?! ").toString()).contains("MatchNoDocs");
  }
}
