/**
 * Hermod's in-memory binding: a real in-process broker, selected with {@code
 * hermod.binding=inmemory}. It exports nothing; it is found through {@link
 * java.util.ServiceLoader}.
 */
module io.hermod.binding.inmemory {
  requires io.hermod.spi;
  requires org.slf4j;
  requires static org.jspecify;

  provides io.hermod.spi.BindingProvider with
      io.hermod.binding.inmemory.internal.InMemoryBindingProvider;
}
