package cn.mch.demo.people;

import java.util.random.RandomGenerator;

/**
 * Realistic Chinese full names: common single surnames by rough frequency, a few compound ones,
 * and one- or two-character given names.
 */
public final class ChineseNameGenerator {

  // The commonest surnames first; picking with a skewed index gives a realistic spread.
  private static final String[] SURNAMES =
      ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
          .split("");
  private static final String[] COMPOUND_SURNAMES = {"欧阳", "司马", "诸葛", "上官", "东方", "皇甫"};
  private static final String[] FEMALE_GIVEN =
      "丽娜静敏燕芳婷雪琳颖慧洁玲霞萍娟红梅英华秀兰佳欣怡雨涵梓萱诗悦晓月思琪嘉若瑶倩蕾琴晶"
          .split("");
  private static final String[] MALE_GIVEN =
      "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆昊轩睿博文子豪泽宏志峰建国东"
          .split("");

  private ChineseNameGenerator() {}

  public static String fullName(boolean female, RandomGenerator random) {
    String surname =
        random.nextInt(100) < 2
            ? COMPOUND_SURNAMES[random.nextInt(COMPOUND_SURNAMES.length)]
            : SURNAMES[skewed(SURNAMES.length, random)];
    String[] pool = female ? FEMALE_GIVEN : MALE_GIVEN;
    String given = pool[random.nextInt(pool.length)];
    if (random.nextInt(100) < 70) {
      given += pool[random.nextInt(pool.length)];
    }
    return surname + given;
  }

  /** An index in [0, n) where small indexes are more likely. */
  private static int skewed(int n, RandomGenerator random) {
    double u = random.nextDouble();
    return (int) (n * u * u);
  }
}
