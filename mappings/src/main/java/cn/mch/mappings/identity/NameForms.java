package cn.mch.mappings.identity;

import com.ibm.icu.text.Transliterator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Other forms of a Chinese name, for search and matching: the simplified script of a name written
 * in traditional characters (張麗 → 张丽), and its pinyin without tones (张丽 → "zhang li"), with the
 * surname read as a surname (单 → shan). ICU's transliterators do the work; the surname readings are
 * a data file.
 */
public final class NameForms {

  // ICU transliterators are thread-safe for transliterate(String).
  private static final Transliterator SIMPLIFIED = Transliterator.getInstance("Traditional-Simplified");
  private static final Transliterator PINYIN = Transliterator.getInstance("Han-Latin; Latin-ASCII; Lower");
  private static final Map<String, String> SURNAME_READINGS = loadSurnameReadings();
  private static final Pattern NOT_A_TO_Z = Pattern.compile("[^a-z]");

  private NameForms() {}

  /** The name in simplified characters; unchanged when it already is. */
  public static String simplified(String name) {
    return SIMPLIFIED.transliterate(name);
  }

  /** Pinyin of a surname, syllables run together ("ouyang"). */
  public static String surnamePinyin(String surname) {
    String simplified = simplified(surname);
    String reading = SURNAME_READINGS.get(simplified);
    return reading != null ? reading : compact(PINYIN.transliterate(simplified));
  }

  /** Pinyin of a given name, syllables run together ("nana"). */
  public static String givenPinyin(String given) {
    return compact(PINYIN.transliterate(simplified(given)));
  }

  /**
   * A search key for pinyin: lower case, tones and everything but the letters a-z dropped, so that
   * "Zhang Li", "zhangli" and "zhāng lǐ" give the same key "zhangli".
   */
  public static String pinyinKey(String pinyin) {
    // Plain ASCII (how pinyin is mostly written) comes out of the transliterator lower-cased and
    // otherwise unchanged: skip it, it was a sixth of person linkage's CPU.
    return compact(isAscii(pinyin) ? pinyin.toLowerCase(Locale.ROOT) : PINYIN.transliterate(pinyin));
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static String compact(String latin) {
    return NOT_A_TO_Z.matcher(latin).replaceAll("");
  }

  private static Map<String, String> loadSurnameReadings() {
    try (InputStream in = NameForms.class.getResourceAsStream("surname-pinyin.txt")) {
      if (in == null) {
        throw new IllegalStateException("surname-pinyin.txt is missing");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .map(line -> line.split("\\s+"))
          .collect(Collectors.toUnmodifiableMap(parts -> parts[0], parts -> parts[1]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
