package io.hermod.opentelemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.ChannelSpec;
import io.hermod.spi.observation.Endpoint;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EndpointCacheTest {

  private final AtomicInteger made = new AtomicInteger();
  private final EndpointCache<Integer> cache = new EndpointCache<>(e -> made.incrementAndGet());

  private static Endpoint endpoint(String binding, String channel) {
    return new Endpoint(binding, "hermod_inmemory", ChannelSpec.queue(channel).build(), null);
  }

  @Test
  void makesTheValueOncePerEndpointInstance() {
    Endpoint orders = endpoint("a", "orders");
    assertThat(cache.get(orders)).isEqualTo(1);
    assertThat(cache.get(orders)).isEqualTo(1);
    // Equal but not the same: core passes one instance per endpoint, so this is another one.
    assertThat(cache.get(endpoint("a", "orders"))).isEqualTo(2);
    assertThat(made).hasValue(2);
  }

  @Test
  void forgetsTheEndpointsOfAClosedBinding() {
    Endpoint a = endpoint("a", "orders");
    Endpoint b = endpoint("b", "orders");
    cache.get(a);
    cache.get(b);
    cache.removeBinding("a");
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.get(b)).isEqualTo(2);
    assertThat(cache.get(a)).isEqualTo(3);
  }

  @Test
  void stopsGrowingAtItsLimit() {
    for (int i = 0; i < EndpointCache.LIMIT + 5; i++) {
      cache.get(endpoint("a", "c" + i));
    }
    assertThat(cache.size()).isEqualTo(EndpointCache.LIMIT);
    Endpoint extra = endpoint("a", "extra");
    assertThat(cache.get(extra)).isNotEqualTo(cache.get(extra));
  }
}
