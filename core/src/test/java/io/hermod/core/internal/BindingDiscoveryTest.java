package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.BindingNotFoundException;
import io.hermod.spi.BindingProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

class BindingDiscoveryTest {

  private static BindingDiscovery of(BindingProvider... providers) {
    return new BindingDiscovery(List.of(providers));
  }

  @Test
  void noBindingNamesTheArtifactsToAdd() {
    assertThatThrownBy(() -> of().select(null))
        .isInstanceOf(BindingNotFoundException.class)
        .hasMessage(
            "invalid configuration of hermod.binding: no Hermod binding found on the class path;"
                + " add one of io.hermod:hermod-binding-inmemory, io.hermod:hermod-binding-artemis,"
                + " io.hermod:hermod-binding-kafka or io.hermod:hermod-binding-sqs");
  }

  @Test
  void severalBindingsAndNoneChosenListsThemAndTheKey() {
    assertThatThrownBy(() -> of(new TestBindings.Kafka(), new TestBindings.Sqs()).select(null))
        .isInstanceOf(BindingNotFoundException.class)
        .hasMessage(
            "invalid configuration of hermod.binding: several bindings found on the class path:"
                + " [kafka, sqs]; set hermod.binding to one of [kafka, sqs]");
  }

  @Test
  void aSingleBindingIsTheDefault() {
    assertThat(of(new TestBindings.InMemory()).select(null).name()).isEqualTo("inmemory");
  }

  @Test
  void theNamedBindingIsSelected() {
    assertThat(of(new TestBindings.Kafka(), new TestBindings.Sqs()).select("sqs").name())
        .isEqualTo("sqs");
  }

  @Test
  void aMisspeltNameSuggestsTheClosest() {
    assertThatThrownBy(() -> of(new TestBindings.Kafka(), new TestBindings.Sqs()).select("kafak"))
        .isInstanceOf(BindingNotFoundException.class)
        .hasMessage(
            "invalid configuration of hermod.binding: binding 'kafak' not found; did you mean"
                + " 'kafka'? available: [kafka, sqs]");
  }

  @Test
  void aWellKnownBindingThatIsMissingNamesItsArtifact() {
    assertThatThrownBy(() -> of(new TestBindings.InMemory()).select("kafka"))
        .isInstanceOf(BindingNotFoundException.class)
        .hasMessage(
            "invalid configuration of hermod.binding: binding 'kafka' not found; available:"
                + " [inmemory]; add io.hermod:hermod-binding-kafka");
  }

  @Test
  void aMisspeltMissingBindingSuggestsItAndItsArtifact() {
    assertThatThrownBy(() -> of(new TestBindings.InMemory()).select("kafak"))
        .hasMessage(
            "invalid configuration of hermod.binding: binding 'kafak' not found; did you mean"
                + " 'kafka'? available: [inmemory]; add io.hermod:hermod-binding-kafka");
  }

  @Test
  void anUnknownNameWithNothingCloseListsTheAvailable() {
    assertThatThrownBy(() -> of(new TestBindings.InMemory()).select("rabbitmq"))
        .hasMessage(
            "invalid configuration of hermod.binding: binding 'rabbitmq' not found; available:"
                + " [inmemory]");
  }

  @Test
  void duplicateNamesFailNamingBothClasses() {
    assertThatThrownBy(
            () -> of(new TestBindings.Kafka(), new TestBindings.OtherKafka()).select("kafka"))
        .isInstanceOf(BindingNotFoundException.class)
        .hasMessage(
            "invalid configuration of hermod.binding: several bindings are named 'kafka':"
                + " io.hermod.core.internal.TestBindings$Kafka,"
                + " io.hermod.core.internal.TestBindings$OtherKafka; keep only one of them on the"
                + " class path");
  }
}
