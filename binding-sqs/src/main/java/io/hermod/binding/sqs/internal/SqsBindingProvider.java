package io.hermod.binding.sqs.internal;

import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.support.AbstractBindingProvider;

/**
 * Provides the {@code sqs} binding: AWS SQS or any SQS-compatible server through the AWS SDK for
 * Java v2. Found by {@link java.util.ServiceLoader}; stateless and thread-safe.
 */
public final class SqsBindingProvider extends AbstractBindingProvider {

  /**
   * The binding's name, selected by {@code hermod.binding}; its settings are {@code hermod.sqs.*}.
   */
  public static final String NAME = "sqs";

  /** For {@link java.util.ServiceLoader}. */
  public SqsBindingProvider() {
    super(NAME, SqsSettings.KEYS);
  }

  /** Reads the settings, recording their problems for core to report; does not connect. */
  @Override
  public Binding create(BindingContext context) {
    return new SqsBinding(context, SqsSettings.read(context.settings()));
  }
}
