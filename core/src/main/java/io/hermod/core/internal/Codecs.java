package io.hermod.core.internal;

import io.hermod.api.ConfigurationException;
import io.hermod.spi.PayloadCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Chooses the codec of a payload type: codecs given to the builder first, then those found by
 * {@link ServiceLoader}, then the built-ins ({@code byte[]}, {@code String}, JSON). The JSON codec
 * is created on first use, so applications sending only bytes or strings never load Jackson.
 * Thread-safe.
 */
public final class Codecs {

  private final List<PayloadCodec> ordered;

  private Codecs(List<PayloadCodec> ordered) {
    this.ordered = List.copyOf(ordered);
  }

  /**
   * The codec chain.
   *
   * @param userCodecs codecs given in code, consulted first
   * @param discover whether to add {@link ServiceLoader} codecs
   * @return the chain, never {@code null}
   */
  public static Codecs create(List<PayloadCodec> userCodecs, boolean discover) {
    List<PayloadCodec> all = new ArrayList<>(userCodecs);
    if (discover) {
      ServiceLoader.load(PayloadCodec.class).forEach(all::add);
    }
    all.add(new ByteArrayCodec());
    all.add(new StringCodec());
    return new Codecs(all);
  }

  /**
   * The codec for {@code type}.
   *
   * @param type the payload type
   * @return the first codec supporting it, never {@code null}
   */
  public PayloadCodec forType(Class<?> type) {
    for (PayloadCodec c : ordered) {
      if (c.supports(type)) {
        return c;
      }
    }
    PayloadCodec json = JsonHolder.JSON;
    if (json.supports(type)) {
      return json;
    }
    throw new ConfigurationException(
        "payload type " + type.getName(),
        List.of(
            "no codec supports "
                + type.getName()
                + "; register one with Hermod.builder().codec(...)"));
  }

  /** Defers loading Jackson until a JSON payload type is first asked for. */
  private static final class JsonHolder {
    static final PayloadCodec JSON = new JsonCodec();
  }
}
