package cn.mch.demo.population;

import java.time.LocalDate;

/**
 * A marriage registration (婚姻登记), with the premarital medical examination (婚前医学检查) when the
 * couple had one.
 *
 * @param marriageId the truth's id
 * @param husband the spouse
 * @param date registration date
 * @param office civil-affairs registry office
 * @param premaritalExamDate date of the woman's premarital exam, null when there was none
 * @param premaritalExamInstitution where it was done, null when there was none
 */
public record Marriage(
    String marriageId,
    Person husband,
    LocalDate date,
    String office,
    LocalDate premaritalExamDate,
    String premaritalExamInstitution) {}
