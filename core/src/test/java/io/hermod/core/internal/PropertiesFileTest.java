package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ConfigurationException;
import org.junit.jupiter.api.Test;

class PropertiesFileTest {

  @Test
  void validEscapesAreDecodedAsPropertiesDoes() {
    String text =
        "a=caf\\u00e9\n"
            + "b=\\\\uZZZZ\n" // an escaped backslash, then plain text
            + "c=\\u00\\\n"
            + "   e9\n" // an escape continued on the next line
            + "! \\uQQQQ in a comment\n";
    assertThat(PropertiesFile.malformedEscape(text)).isNull();
    assertThat(PropertiesFile.parse(text, "file:x", "x"))
        .containsEntry("a", "café")
        .containsEntry("b", "\\uZZZZ")
        .containsEntry("c", "é")
        .hasSize(3);
  }

  @Test
  void theFirstMalformedEscapeIsFoundByLineAndColumn() {
    assertThat(PropertiesFile.malformedEscape("a=1\r\n  b=\\u12\n")).containsExactly(2, 5);
    assertThat(PropertiesFile.malformedEscape("k\\uXY00=v\n")).containsExactly(1, 2);
    assertThat(PropertiesFile.malformedEscape("a=x\\\n")).isNull();
    assertThat(PropertiesFile.malformedEscape("a=x\\\n  \\u0")).containsExactly(2, 3);
  }

  @Test
  void theMessageNamesThePlaceNotTheContent() {
    assertThatThrownBy(() -> PropertiesFile.parse("p=hunter\\u2\n", "file:/app.properties", "app"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "invalid configuration of app: cannot read file:/app.properties: malformed \\uXXXX"
                + " escape at line 1, column 9; write four hex digits after \\u (e.g. \\u00e9), or"
                + " \\\\ for a backslash")
        .message()
        .doesNotContain("hunter");
  }
}
