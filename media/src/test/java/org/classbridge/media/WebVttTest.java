package org.classbridge.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebVttTest {
  private static String norm(String s) throws MediaException {
    return WebVtt.normalise(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void webVttWithHeaderNotesAndSettingsComesOutClean() throws MediaException {
    String in =
        "\uFEFFWEBVTT - 勾股定理\r\nKind: captions\r\n\r\nNOTE made by the teacher\r\n\r\n"
            + "intro\r\n00:00.000 --> 00:02.500 align:start\r\n同学们好\r\n\r\n"
            + "01:00:01.000 --> 01:00:03.000\r\nབཀྲ་ཤིས་བདེ་ལེགས།\r\nsecond line\r\n";
    assertThat(norm(in))
        .isEqualTo(
            "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n同学们好\n\n"
                + "01:00:01.000 --> 01:00:03.000\nབཀྲ་ཤིས་བདེ་ལེགས།\nsecond line\n");
  }

  @Test
  void subRipBecomesWebVtt() throws MediaException {
    String srt =
        "1\n00:00:01,200 --> 00:00:03,000\n直角三角形\n\n2\n00:00:04,000 --> 00:00:05,000\n斜边\n";
    assertThat(norm(srt))
        .isEqualTo(
            "WEBVTT\n\n00:00:01.200 --> 00:00:03.000\n直角三角形\n\n00:00:04.000 --> 00:00:05.000\n斜边\n");
  }

  @Test
  void brokenCaptionsAreRefusedNamingTheLine() {
    assertThatThrownBy(() -> norm("WEBVTT\n\n00:01.000 -> 00:02.000\nx\n"))
        .hasMessageContaining("line 3");
    assertThatThrownBy(() -> norm("WEBVTT\n\n00:05.000 --> 00:02.000\nx\n"))
        .hasMessageContaining("ends before it starts");
    assertThatThrownBy(() -> norm("WEBVTT\n")).hasMessageContaining("no cues");
    assertThatThrownBy(() -> WebVtt.normalise(new byte[] {'W', 'E', (byte) 0xff, (byte) 0xfe}))
        .hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> WebVtt.normalise(new byte[WebVtt.MAX_BYTES + 1]))
        .extracting(e -> ((MediaException) e).code())
        .isEqualTo("bad-captions");
  }

  @Test
  void chaptersRunToTheNextOneAndAreChecked() throws MediaException {
    assertThat(
            WebVtt.chapters(
                List.of(new WebVtt.Chapter(0, "导入"), new WebVtt.Chapter(90.5, "新课 --> 讲解")), 300))
        .isEqualTo(
            "WEBVTT\n\n00:00:00.000 --> 00:01:30.500\n导入\n\n00:01:30.500 --> 00:05:00.000\n新课 → 讲解\n");
    assertThatThrownBy(
            () ->
                WebVtt.chapters(
                    List.of(new WebVtt.Chapter(10, "a"), new WebVtt.Chapter(5, "b")), 300))
        .hasMessageContaining("chapter 2 must start after chapter 1");
    assertThatThrownBy(() -> WebVtt.chapters(List.of(new WebVtt.Chapter(301, "a")), 300))
        .hasMessageContaining("outside");
    assertThatThrownBy(() -> WebVtt.chapters(List.of(new WebVtt.Chapter(1, " ")), 300))
        .hasMessageContaining("no title");
  }
}
