/**
 * Hermod's ActiveMQ Artemis binding: channels on Artemis addresses and queues through Jakarta JMS.
 * Exports nothing; it is found through {@link io.hermod.spi.BindingProvider} under the name {@code
 * artemis}.
 *
 * <p>The Artemis client jars ({@code artemis-jakarta-client}, {@code artemis-core-client}, {@code
 * artemis-commons}) are automatic modules that split packages, so they cannot be required here:
 * they stay on the class path and this module reads the unnamed module ({@code --add-reads
 * io.hermod.binding.artemis=ALL-UNNAMED}, set by the build; an application on the module path
 * passes the same option to {@code java}).
 */
module io.hermod.binding.artemis {
  requires io.hermod.spi;
  requires static org.jspecify;
  requires org.slf4j;
  requires jakarta.messaging;
  requires java.naming;

  provides io.hermod.spi.BindingProvider with
      io.hermod.binding.artemis.internal.ArtemisBindingProvider;
}
