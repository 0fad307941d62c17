package org.classbridge.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.classbridge.directory.ClassroomKind;
import org.classbridge.directory.TeachingLanguage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LanguageAndWireTest {
  enum Sample {
    WOULD_CREATE,
    UNCHANGED
  }

  @Test
  @DisplayName("enum wire ids are lower case with dashes, and parse back case-insensitively")
  void wireIds() {
    assertThat(Wire.id(Sample.WOULD_CREATE)).isEqualTo("would-create");
    assertThat(Wire.parse(Sample.class, "would-create")).contains(Sample.WOULD_CREATE);
    assertThat(Wire.parse(Sample.class, " Would_Create ")).contains(Sample.WOULD_CREATE);
    assertThat(Wire.parse(Sample.class, "created")).isEmpty();
    assertThat(Wire.parse(Sample.class, null)).isEmpty();
    assertThat(Wire.id(ClassroomKind.RECEIVING)).isEqualTo("receiving");
    assertThatThrownBy(() -> Wire.require(Sample.class, "nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Sample");
  }

  @Test
  @DisplayName("languages parse by BCP 47 primary subtag; teaching media are sets of languages")
  void languages() {
    assertThat(Language.parse("zh-CN")).contains(Language.ZH);
    assertThat(Language.parse("zh")).contains(Language.ZH);
    assertThat(Language.parse("zh-Hans-CN")).contains(Language.ZH);
    assertThat(Language.parse("bo_CN")).contains(Language.BO);
    assertThat(Language.parse("EN")).contains(Language.EN);
    assertThat(Language.parse("ug")).isEmpty();
    assertThat(Language.parse("")).isEmpty();
    assertThat(Language.ZH.tag()).isEqualTo("zh-CN");
    assertThat(Language.BO.code()).isEqualTo("bo");
    assertThat(TeachingLanguage.BILINGUAL.languages())
        .containsExactlyInAnyOrder(Language.BO, Language.ZH);
    assertThat(TeachingLanguage.BO.languages()).containsExactly(Language.BO);
  }
}
