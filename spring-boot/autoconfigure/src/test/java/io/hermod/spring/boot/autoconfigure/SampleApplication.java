package io.hermod.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The application the {@code @SpringBootTest}s start: one listener bean, one client interface. */
@SpringBootApplication
@EnableHermodClients
public class SampleApplication {

  /** Spring makes it. */
  public SampleApplication() {}

  /**
   * The listener bean.
   *
   * @return the listener
   */
  @Bean
  GreetingListener greetingListener() {
    return new GreetingListener();
  }
}
