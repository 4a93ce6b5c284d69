package io.hermod.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

  @Test
  void idsAreVersion7UuidsAndUnique() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      String id = Message.of("x").id();
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(7);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(seen.add(id)).as("duplicate id %s", id).isTrue();
    }
  }

  @Test
  void idsStartWithTheCreationMillisecond() {
    long before = System.currentTimeMillis();
    UUID uuid = UUID.fromString(Message.of("x").id());
    long after = System.currentTimeMillis();
    long millis = uuid.getMostSignificantBits() >>> 16;
    assertThat(millis).isBetween(before, after);
  }
}
