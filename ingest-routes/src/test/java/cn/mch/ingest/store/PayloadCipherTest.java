package cn.mch.ingest.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PayloadCipherTest {

  private static final byte[] LINE = "V1,P1,,2024-03-01,12,118,76,58.4,,,2024-03-01 09:00:00 欧阳娜娜".getBytes(StandardCharsets.UTF_8);

  @Test
  void aPayloadComesBackAsItWentIn() {
    PayloadCipher cipher = new PayloadCipher("a-node-secret-of-some-length".getBytes(StandardCharsets.UTF_8));
    assertArrayEquals(LINE, cipher.decrypt(cipher.encrypt(LINE)));
  }

  @Test
  void theStoredFormRevealsNothingAndDiffersEachTime() {
    PayloadCipher cipher = new PayloadCipher("a-node-secret-of-some-length".getBytes(StandardCharsets.UTF_8));
    byte[] once = cipher.encrypt(LINE);
    byte[] twice = cipher.encrypt(LINE);
    assertFalse(Arrays.equals(once, twice));
    assertFalse(new String(once, StandardCharsets.ISO_8859_1).contains("V1,P1"));
  }

  @Test
  void anotherSecretOrAnAlteredPayloadCannotBeRead() {
    byte[] sealed = new PayloadCipher("a-node-secret-of-some-length".getBytes(StandardCharsets.UTF_8)).encrypt(LINE);
    PayloadCipher other = new PayloadCipher("another-secret-of-some-length".getBytes(StandardCharsets.UTF_8));
    assertThrows(IllegalStateException.class, () -> other.decrypt(sealed));
    sealed[sealed.length - 1] ^= 1;
    assertThrows(IllegalStateException.class,
        () -> new PayloadCipher("a-node-secret-of-some-length".getBytes(StandardCharsets.UTF_8)).decrypt(sealed));
  }
}
