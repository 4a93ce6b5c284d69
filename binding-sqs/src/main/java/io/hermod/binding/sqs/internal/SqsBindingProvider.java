package io.hermod.binding.sqs.internal;

import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.BindingProvider;

/**
 * Provides the {@code sqs} binding: AWS SQS or any SQS-compatible server through the AWS SDK for
 * Java v2. Found by {@link java.util.ServiceLoader}; stateless and thread-safe.
 */
public final class SqsBindingProvider implements BindingProvider {

  /** For {@link java.util.ServiceLoader}. */
  public SqsBindingProvider() {}

  @Override
  public String name() {
    return SqsErrors.BINDING;
  }

  @Override
  public Binding create(BindingContext context) {
    SqsSettings settings = SqsSettings.read(context.settings());
    context.settings().validate();
    return new SqsBinding(context, settings);
  }
}
