package cn.mch.demo.people;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.mch.mappings.identity.ResidentId;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResidentIdsTest {

  @Test
  void encodesDivisionBirthDateAndSex() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 1000; i++) {
      LocalDate born = LocalDate.of(1980, 1, 1).plusDays(i * 7L);
      boolean female = i % 2 == 0;
      String id = ResidentIds.make("310104", born, female, random);
      assertEquals(18, id.length());
      assertEquals("310104", id.substring(0, 6));
      assertEquals(born.toString().replace("-", ""), id.substring(6, 14));
      assertEquals(female ? 0 : 1, (id.charAt(16) - '0') % 2);
      // the platform's own GB 11643 check accepts it
      assertEquals(id, ResidentId.parse(id).value());
    }
  }
}
