package cn.mch.demo.population;

import java.util.List;

/** A woman of the synthetic world and her life course: marriage (if any) and pregnancies. */
public record Woman(Person person, Marriage marriage, List<Pregnancy> pregnancies) {}
