package io.hermod.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

  private final BindingResult result =
      new BindingResult(
          "kafka",
          List.of(
              new Figure(
                  "throughput at-least-once",
                  "msg/s",
                  true,
                  Stats.of(List.of(900.0, 1000.0, 950.0)),
                  Stats.of(List.of(1000.0)))),
          200L << 20,
          100L << 20,
          List.of("a \"quoted\" note"),
          "raw");

  @Test
  void statsTakeTheMedianAndTheSpread() {
    assertThat(Stats.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Stats(2.0, 1.0, 3.0));
    assertThat(Stats.of(List.of(4.0, 1.0, 2.0, 3.0)).median()).isEqualTo(2.5);
  }

  @Test
  void jsonCarriesEveryFigureWithItsRatioAndEscapesStrings() {
    String json = Report.json(Map.of("load", "1.5"), List.of(result));

    assertThat(json)
        .contains("\"load\": \"1.5\"")
        .contains("\"binding\": \"kafka\"")
        .contains("\"hermod\": {\"median\": 950.000, \"min\": 900.000, \"max\": 1000.000}")
        .contains("\"ratio\": 0.950")
        .contains("\"a \\\"quoted\\\" note\"");
  }

  @Test
  void markdownHasOneRowPerFigureAndOneForHeap() {
    String md = Report.markdown(List.of(result));

    assertThat(md.lines())
        .contains(
            "| kafka | throughput at-least-once (msg/s) | 950 (900-1,000) | 1,000 (1,000-1,000) |"
                + " 0.95 |",
            "| kafka | peak heap (MiB, whole JVM) | 200 | 100 | 2.00 |");
  }

  @Test
  void optionsNameTheBadArgument() {
    assertThat(BenchOptions.parse("--all", "--quick").bindings()).isEqualTo(BenchOptions.ALL);
    assertThatThrownBy(() -> BenchOptions.parse("--binding", "kafak"))
        .hasMessageContaining("unknown binding 'kafak'");
    assertThatThrownBy(() -> BenchOptions.parse("--binding", "kafka", "--trials", "0"))
        .hasMessageContaining("--trials must be a positive integer, was '0'");
  }
}
