package io.hermod.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderNamesTest {

  @Test
  void wireNamesAreReservedInAnyCase() {
    assertThat(
            List.of(
                "ce_id",
                "CE_hermodexpiresat",
                "cloudEvents_id",
                "cloudevents:type",
                "hermod_kafka_retry_for",
                "hermod.headers",
                "JMSXGroupID",
                "jmsCorrelationID",
                "_AMQ_DUPL_ID",
                "AWS.TraceHeader",
                "amazon.x",
                "content-type",
                "Content-Type"))
        .allMatch(HeaderNames::isReserved);
  }

  @Test
  void everythingElseIsFreeIncludingLookAlikesAndTheDeadLetterHeaders() {
    assertThat(
            List.of(
                "x-ce_id",
                "ce",
                "content-type-x",
                "my header",
                "ünïcödé",
                "a".repeat(300),
                "hermod",
                "jm",
                StandardHeaders.DLQ_REASON,
                StandardHeaders.DLQ_ORIGINAL_CHANNEL))
        .noneMatch(HeaderNames::isReserved);
  }

  @Test
  void theDescriptionListsEveryReservedName() {
    assertThat(HeaderNames.describe())
        .isEqualTo(
            "names starting with ce_, cloudEvents_, cloudEvents:, hermod_, hermod., JMS, _AMQ_,"
                + " AWS., Amazon. (any case) and the name content-type; Hermod's own dead-letter"
                + " headers (StandardHeaders) excepted");
  }
}
