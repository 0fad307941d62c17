package org.classbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  @Test
  @DisplayName(
      "IPv4 literals are their own key; IPv6 counts by its /64; anything else is not an address")
  void keys() {
    assertThat(ClientAddress.key("203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(ClientAddress.key("2001:db8:1:2:aaaa::1"))
        .isEqualTo(ClientAddress.key("2001:db8:1:2:bbbb:cccc:dddd:eeee"))
        .isEqualTo("2001:0db8:0001:0002::/64");
    assertThat(ClientAddress.key("[2001:db8:1:3::1]")).isEqualTo("2001:0db8:0001:0003::/64");
    assertThat(ClientAddress.key("evil.example.com")).isNull(); // never a DNS lookup
    assertThat(ClientAddress.key("1.2.3.4; drop")).isNull();
    assertThat(ClientAddress.key("")).isNull();
  }
}
