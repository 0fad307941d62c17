package org.classbridge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  final PasswordHasher hasher = new PasswordHasher(1000);

  @Test
  @DisplayName("verifies the right password and refuses a wrong one; salts differ per hash")
  void verify() {
    String h = hasher.hash("classbridge");
    assertThat(h).startsWith("pbkdf2-sha256$1000$").doesNotContain("classbridge");
    assertThat(hasher.verify("classbridge", h)).isTrue();
    assertThat(hasher.verify("Classbridge", h)).isFalse();
    assertThat(hasher.hash("classbridge")).isNotEqualTo(h);
  }

  @Test
  @DisplayName("a Tibetan or Chinese password works like any other")
  void unicode() {
    String h = hasher.hash("བཀྲ་ཤིས་བདེ་ལེགས་课桥");
    assertThat(hasher.verify("བཀྲ་ཤིས་བདེ་ལེགས་课桥", h)).isTrue();
  }

  @Test
  @DisplayName("malformed stored hashes never match and are marked for rehash")
  void malformed() {
    assertThat(hasher.verify("x", "md5$abc")).isFalse();
    assertThat(hasher.verify("x", "pbkdf2-sha256$notanumber$AA$AA")).isFalse();
    assertThat(hasher.verify("x", null)).isFalse();
    assertThat(hasher.needsRehash("md5$abc")).isTrue();
  }

  @Test
  @DisplayName("a hash with fewer iterations than configured asks to be upgraded")
  void rehash() {
    String weak = new PasswordHasher(1000).hash("classbridge");
    PasswordHasher stronger = new PasswordHasher(2000);
    assertThat(stronger.verify("classbridge", weak)).isTrue();
    assertThat(stronger.needsRehash(weak)).isTrue();
    assertThat(stronger.needsRehash(stronger.hash("classbridge"))).isFalse();
  }
}
