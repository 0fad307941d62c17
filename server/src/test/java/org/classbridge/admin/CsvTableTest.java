package org.classbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.classbridge.common.Problem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CsvTableTest {
  private static CsvTable parse(String s) {
    return CsvTable.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("reads quoted fields with commas, quotes and line breaks, and keeps line numbers")
  void quoting() {
    CsvTable t =
        parse("username,display_name\r\n\"a,b\",\"say \"\"hi\"\"\"\nc,\"two\nlines\"\nd,ཚེ་རིང་\n");
    assertThat(t.header()).containsExactly("username", "display_name");
    assertThat(t.rows()).hasSize(3);
    assertThat(t.rows().get(0).fields()).containsExactly("a,b", "say \"hi\"");
    assertThat(t.rows().get(1).fields()).containsExactly("c", "two\nlines");
    assertThat(t.rows().get(2).line()).isEqualTo(5);
    assertThat(t.rows().get(2).fields()).containsExactly("d", "ཚེ་རིང་");
  }

  @Test
  @DisplayName("drops Excel's byte order mark and trailing empty rows; keeps empty fields")
  void bomAndBlanks() {
    CsvTable t = parse("\uFEFFusername,class\nstudent.a,\n,,\n\n");
    assertThat(t.header()).containsExactly("username", "class");
    assertThat(t.rows())
        .singleElement()
        .satisfies(r -> assertThat(r.fields()).containsExactly("student.a", ""));
  }

  @Test
  @DisplayName("refuses a GBK file instead of turning Chinese names into mojibake")
  void notUtf8() {
    byte[] gbk = "username,display_name\nstudent.a,张小雨\n".getBytes(Charset.forName("GBK"));
    assertThatThrownBy(() -> CsvTable.parse(gbk))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("csv-not-utf8"));
  }

  @Test
  @DisplayName("refuses unbalanced quotes and empty files with their own codes")
  void malformed() {
    for (var c : List.of("a,b\n\"open,x\n", "a\nx\"y\n")) {
      assertThatThrownBy(() -> parse(c))
          .isInstanceOfSatisfying(
              Problem.class, p -> assertThat(p.code()).isEqualTo("csv-malformed"));
    }
    assertThatThrownBy(() -> parse(""))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("csv-empty"));
  }
}
