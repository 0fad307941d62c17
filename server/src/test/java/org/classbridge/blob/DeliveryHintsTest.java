package org.classbridge.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("delivery hints: header values that cannot break a response")
class DeliveryHintsTest {
  @Test
  @DisplayName("a download name keeps its UTF-8 form and gets an ASCII fallback")
  void contentDisposition() {
    assertThat(DeliveryHints.inline("application/pdf").contentDisposition()).isEqualTo("inline");
    assertThat(new DeliveryHints("video/mp4", Optional.of("勾股定理 \"1\".mp4")).contentDisposition())
        .isEqualTo(
            "attachment; filename=\"____ _1_.mp4\";"
                + " filename*=UTF-8''%E5%8B%BE%E8%82%A1%E5%AE%9A%E7%90%86%20%221%22.mp4");
    assertThat(new DeliveryHints("text/plain", Optional.of("a b.txt")).contentDisposition())
        .isEqualTo("attachment; filename=\"a b.txt\"; filename*=UTF-8''a%20b.txt");
  }

  @Test
  @DisplayName("media types are type/subtype with parameters; control characters are refused")
  void validation() {
    assertThat(DeliveryHints.inline("text/plain; charset=utf-8").contentType())
        .isEqualTo("text/plain; charset=utf-8");
    assertThat(DeliveryHints.inline("application/vnd.ms-powerpoint").contentType()).isNotBlank();
    for (String bad :
        new String[] {"video", "text/html\r\nSet-Cookie: a=b", "", "text/ plain", "a/b; c"}) {
      assertThatThrownBy(() -> DeliveryHints.inline(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> DeliveryHints.inline(null))
        .isInstanceOf(IllegalArgumentException.class);
    for (String bad : new String[] {"a\nb.pdf", "tab\t.pdf", " ", "x".repeat(256)}) {
      assertThatThrownBy(() -> new DeliveryHints("application/pdf", Optional.of(bad)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
