package cn.mch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void figuresAreGroupedWholeNumbersOrTwoDecimalsBelowAHundred() {
    assertEquals("49,735", Report.format(49_735));
    assertEquals("1,470", Report.format(1_469.6));
    assertEquals("172", Report.format(172.4));
    assertEquals("4.92", Report.format(4.9183));
    assertEquals("0.00", Report.format(0));
  }
}
