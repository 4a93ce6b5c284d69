package io.hermod.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ascii only",
        "caf\u00e9 \u00fcber",
        "\u4e2d\u6587",
        "\ud83d\ude00 emoji",
        "lone high \ud83d end",
        "lone low \ude00 end",
        "\ud83d",
        "\ude00\ud83d"
      })
  void countsWhatGetBytesWouldMake(String s) {
    assertThat(Utf8.length(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
  }
}
