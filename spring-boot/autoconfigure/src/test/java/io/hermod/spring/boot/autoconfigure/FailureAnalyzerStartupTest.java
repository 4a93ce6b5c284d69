package io.hermod.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A misconfigured key stops a real application with the failure analyzer's report. */
@ExtendWith(OutputCaptureExtension.class)
class FailureAnalyzerStartupTest {

  @Test
  void aMisspeltKeyFailsStartupWithHermodsDescription(CapturedOutput output) {
    SpringApplication app = new SpringApplication(SampleApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    assertThatThrownBy(
            () ->
                app.run(
                    "--hermod.binding=inmemory",
                    "--hermod.channels.greetings.kind=queue",
                    "--hermod.send-timout=5s"))
        .isNotNull();
    assertThat(output.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains("Hermod could not start")
        .contains("hermod.send-timout")
        .contains("send-timeout")
        .contains("Fix the hermod.* keys");
  }
}
