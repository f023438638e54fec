package dev.hookline.receiver.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class MacPoolTest {

  private static Mac prototype() throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return mac;
  }

  @Test
  void aReturnedMacIsReusedAndTheSpareOneDropped() throws GeneralSecurityException {
    Mac prototype = prototype();
    MacPool pool = new MacPool(prototype, 1);

    Mac first = pool.take();
    Mac second = pool.take();
    assertThat(first).isNotSameAs(prototype).isNotSameAs(second);

    pool.give(first);
    pool.give(second); // no free slot: dropped
    assertThat(pool.take()).isSameAs(first);
    assertThat(pool.take()).isNotSameAs(first).isNotSameAs(second);
  }

  @Test
  void aReusedMacComputesTheSameHmacAsAFreshOne() throws GeneralSecurityException {
    MacPool pool = new MacPool(prototype(), 2);
    byte[] content = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    String expected = HexFormat.of().formatHex(prototype().doFinal(content));

    for (int i = 0; i < 3; i++) {
      Mac mac = pool.take();
      assertThat(HexFormat.of().formatHex(mac.doFinal(content))).isEqualTo(expected);
      pool.give(mac);
    }
  }
}
