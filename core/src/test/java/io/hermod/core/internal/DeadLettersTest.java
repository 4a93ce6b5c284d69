package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.DeadLetter;
import io.hermod.api.DeadLetterFilter;
import io.hermod.api.Message;
import io.hermod.api.StandardHeaders;
import io.hermod.spi.support.DedupIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What core reads from a dead letter, what it sends back on a redrive, and how filters select. */
class DeadLettersTest {

  private static final Instant T = Instant.parse("2026-12-06T08:00:00Z");

  private static Message<byte[]> dead(String id, String errorClass, Instant at, int redrives) {
    Message.Builder<byte[]> b =
        Message.builder("{\"order\": 1}\n".getBytes(StandardCharsets.UTF_8))
            .id(id)
            .header("tenant", "acme")
            .header(StandardHeaders.DLQ_ORIGINAL_CHANNEL, "orders")
            .header(StandardHeaders.DLQ_ATTEMPTS, "3")
            .header(StandardHeaders.DLQ_ERROR_CLASS, errorClass)
            .header(StandardHeaders.DLQ_ERROR_MESSAGE, "down")
            .header(StandardHeaders.DLQ_REASON, "exhausted")
            .header(StandardHeaders.DLQ_FAILED_AT, at.toString())
            .header(StandardHeaders.DLQ_FIRST_FAILED_AT, T.toString());
    if (redrives > 0) {
      b.header(StandardHeaders.REDRIVE_COUNT, Integer.toString(redrives));
    }
    return b.build();
  }

  @Test
  void aDeadLetterTellsWhatFailedWhereAndWhen() {
    DeadLetter l = CoreDeadLetters.letter(dead("m1", "com.acme.Down", T.plusSeconds(60), 2));
    assertThat(l.id()).isEqualTo("m1");
    assertThat(l.channel()).isEqualTo("orders");
    assertThat(l.reason()).isEqualTo("exhausted");
    assertThat(l.attempts()).isEqualTo(3);
    assertThat(l.errorClass()).isEqualTo("com.acme.Down");
    assertThat(l.firstFailedAt()).isEqualTo(T);
    assertThat(l.lastFailedAt()).isEqualTo(T.plusSeconds(60));
    assertThat(l.redriveCount()).isEqualTo(2);
    assertThat(l.payloadPreview()).as("control characters shown as ·").isEqualTo("{\"order\": 1}·");
  }

  @Test
  void aMessageWithoutFailureHeadersIsAnUnknownDeadLetter() {
    DeadLetter l = CoreDeadLetters.letter(Message.builder(new byte[0]).id("x").build());
    assertThat(l.reason()).isEqualTo("unknown");
    assertThat(l.attempts()).isZero();
    assertThat(l.lastFailedAt()).isNull();
  }

  @Test
  void aRedrivenMessageKeepsItsIdAndFirstFailureAndCountsTheRedrive() {
    Message<byte[]> back = CoreDeadLetters.redriven(dead("m1", "com.acme.Down", T, 1));
    assertThat(back.id()).isEqualTo("m1");
    assertThat(back.header("tenant")).isEqualTo("acme");
    assertThat(back.header(StandardHeaders.REDRIVE_COUNT)).isEqualTo("2");
    assertThat(back.header(StandardHeaders.DLQ_FIRST_FAILED_AT)).isEqualTo(T.toString());
    assertThat(back.headers().keySet())
        .filteredOn(k -> k.startsWith("hermod_dlq_"))
        .containsExactly(StandardHeaders.DLQ_FIRST_FAILED_AT);
    assertThat(DedupIds.of(back))
        .as("broker dedup id: not the failed first send's, the same on a repeated redrive")
        .isEqualTo("m1~redrive-2")
        .isEqualTo(DedupIds.of(CoreDeadLetters.redriven(dead("m1", "com.acme.Down", T, 1))));
  }

  @Test
  void filtersSelectByReasonErrorClassTimeWindowAndIds() {
    DeadLetter a = CoreDeadLetters.letter(dead("a", "com.acme.Down", T, 0));
    DeadLetter b = CoreDeadLetters.letter(dead("b", "com.acme.Bad", T.plusSeconds(3600), 0));
    assertThat(DeadLetterFilter.all().matches(a)).isTrue();
    assertThat(DeadLetterFilter.builder().errorClass("com.acme.Down").build().matches(b)).isFalse();
    assertThat(DeadLetterFilter.builder().reason("undecodable").build().matches(a)).isFalse();
    DeadLetterFilter window =
        DeadLetterFilter.builder()
            .failedAfter(T.plusSeconds(1))
            .failedBefore(T.plusSeconds(7200))
            .build();
    assertThat(List.of(a, b)).filteredOn(window::matches).containsExactly(b);
    assertThat(List.of(a, b))
        .filteredOn(DeadLetterFilter.builder().ids(List.of("a")).build()::matches)
        .containsExactly(a);
    assertThatThrownBy(() -> DeadLetterFilter.builder().failedAfter(T).failedBefore(T).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failedAfter " + T + " must be before failedBefore " + T);
  }
}
