package dev.hookline.receiver.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HooklineExtension.class)
class HooklineExtensionTest {

  @Test
  void everyParameterOfATestSharesOneFixedClock(
      TestClock testClock, Clock clock, TestSigners sign) {
    assertThat(clock).isSameAs(testClock).isSameAs(sign.clock());
    assertThat(clock.instant()).isEqualTo(TestClock.DEFAULT_INSTANT);
  }

  @Test
  void eachTestStartsAtTheDefaultInstant(TestClock clock) {
    clock.advance(Duration.ofHours(1));

    assertThat(clock.instant()).isEqualTo(TestClock.DEFAULT_INSTANT.plus(Duration.ofHours(1)));
  }

  @Test
  void signersUseTheVectorSecrets(TestSigners sign) {
    assertThat(sign.lucca().body("{}").headers())
        .containsEntry("Lucca-Timestamp", "2025-01-01T08:34:23Z")
        .containsKey("Lucca-Signature");
  }
}
