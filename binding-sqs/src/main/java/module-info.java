/**
 * Hermod's SQS binding: channels on AWS SQS or any SQS-compatible server, through the AWS SDK for
 * Java v2 (async client). Exports nothing; the provider is found by {@link java.util.ServiceLoader}
 * under the name {@code sqs}.
 */
module io.hermod.binding.sqs {
  requires io.hermod.spi;
  requires static org.jspecify;
  requires org.slf4j;
  requires software.amazon.awssdk.services.sqs;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.identity.spi;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.nio.netty;
  requires io.netty.transport;
  requires io.netty.common;

  provides io.hermod.spi.BindingProvider with
      io.hermod.binding.sqs.internal.SqsBindingProvider;
}
