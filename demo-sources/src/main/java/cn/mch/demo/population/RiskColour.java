package cn.mch.demo.population;

/** The five-colour pregnancy risk grading (妊娠风险五色分级). */
public enum RiskColour {
  /** 绿: low risk. */
  GREEN,
  /** 黄: general risk. */
  YELLOW,
  /** 橙: relatively high risk. */
  ORANGE,
  /** 红: high risk. */
  RED,
  /** 紫: infectious disease (HIV, syphilis, hepatitis B); may stand beside another colour. */
  PURPLE
}
