package io.hermod.binding.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.spi.support.WireHeaders;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The structured-mode reader on its own: which content types it reads, and what it rejects. */
class StructuredCloudEventsTest {

  private static StructuredCloudEvents.Event read(String json) {
    return StructuredCloudEvents.read(json.getBytes(StandardCharsets.UTF_8), WireHeaders.KAFKA);
  }

  @Test
  void onlyTheJsonEventFormatIsRead() {
    assertThat(StructuredCloudEvents.isJsonFormat("application/cloudevents+json")).isTrue();
    assertThat(StructuredCloudEvents.isJsonFormat("Application/CloudEvents+JSON; charset=UTF-8"))
        .isTrue();
    assertThat(StructuredCloudEvents.isJsonFormat("application/cloudevents-batch+json")).isFalse();
    assertThat(StructuredCloudEvents.isJsonFormat("application/cloudevents+avro")).isFalse();
    assertThat(StructuredCloudEvents.isJsonFormat("application/json")).isFalse();
    assertThat(StructuredCloudEvents.isJsonFormat(null)).isFalse();
  }

  @Test
  void attributesBecomeBinaryModeHeadersAndDataThePayload() {
    StructuredCloudEvents.Event e =
        read(
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"count\":7,"
                + "\"flag\":true,\"nothing\":null,\"data\":{\"a\":[1,2]}}");
    assertThat(e.headers())
        .containsEntry("ce_specversion", "1.0")
        .containsEntry("ce_id", "1")
        .containsEntry("ce_count", "7")
        .containsEntry("ce_flag", "true")
        .containsEntry("content-type", "application/json")
        .doesNotContainKey("ce_nothing");
    assertThat(new String(e.data(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":[1,2]}");
  }

  @Test
  void stringDataIsJsonTextUnderJsonAndPlainTextOtherwise() {
    assertThat(
            new String(
                read("{\"specversion\":\"1.0\",\"data\":\"x\"}").data(), StandardCharsets.UTF_8))
        .isEqualTo("\"x\"");
    assertThat(
            new String(
                read("{\"specversion\":\"1.0\",\"data\":\"x\",\"datacontenttype\":\"text/plain\"}")
                    .data(),
                StandardCharsets.UTF_8))
        .isEqualTo("x");
    assertThat(read("{\"specversion\":\"1.0\",\"data_base64\":\"AAH/\"}").data())
        .containsExactly(0, 1, 0xff);
    assertThat(read("{\"specversion\":\"1.0\"}").data()).isEmpty();
  }

  @Test
  void whatIsNotACloudEventIsRejectedWithTheReason() {
    assertThatThrownBy(() -> read("[1,2]")).hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> read("{\"id\":\"1\"}")).hasMessageContaining("no 'specversion'");
    assertThatThrownBy(() -> read("{\"specversion\":\"1.0\",\"ext\":{}}"))
        .hasMessageContaining("attribute 'ext' is a JSON object");
    assertThatThrownBy(() -> read("{\"specversion\":")).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> read("{\"specversion\":\"1.0\",\"data_base64\":\"***\"}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
