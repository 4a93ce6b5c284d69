package io.hermod.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.spi.observation.BrokerOperation;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostRunnerTest {

  @Test
  void theTableShowsEveryOperationAndTheBilledTotal() {
    Map<BrokerOperation, CountingTraffic.Totals> totals = new EnumMap<>(BrokerOperation.class);
    totals.put(BrokerOperation.SEND, new CountingTraffic.Totals(100, 100, 1024 * 1000));
    totals.put(BrokerOperation.RECEIVE, new CountingTraffic.Totals(40, 40, 1024 * 1000));
    totals.put(BrokerOperation.SETTLE, new CountingTraffic.Totals(100, 100, 0));
    totals.put(BrokerOperation.OTHER, new CountingTraffic.Totals(0, 0, 0));
    String table =
        CostRunner.markdown(
            "sqs", List.of(new CostRunner.Row("sendAll, batches of 10", totals, 9)));
    assertThat(table)
        .contains("| sqs | send req | receive req | settle req | other req | billed req |")
        .contains("| sendAll, batches of 10 | 100 | 40 | 100 | 0 | 240 | 1,000 | 1,000 | 9 |");
  }

  @Test
  void trafficOfOtherChannelsIsNotCounted() {
    CountingTraffic t = new CountingTraffic("mine");
    t.brokerTraffic("kafka", "mine", BrokerOperation.SEND, 2, 2, 10);
    t.brokerTraffic("kafka", "other", BrokerOperation.SEND, 5, 5, 50);
    assertThat(t.totals(BrokerOperation.SEND)).isEqualTo(new CountingTraffic.Totals(2, 2, 10));
  }

  @Test
  void anOrderDocumentIsAboutOneKibibyte() {
    assertThat(CostRunner.order(7).length).isBetween(950, 1100);
  }
}
