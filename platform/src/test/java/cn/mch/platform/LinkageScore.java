package cn.mch.platform;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Pairwise linkage figures: source records put in the same person by the platform, against the
 * truth's persons. A pair of records is linked when the platform put both in one person, true when
 * the truth says they are one person.
 */
final class LinkageScore {

  private final Map<String, Map<String, Integer>> cells = new HashMap<>();
  private final Map<String, Integer> truePersons = new HashMap<>();
  private final Map<String, Integer> platformPersons = new HashMap<>();
  private int records;

  void add(String platformPerson, String truePerson) {
    cells.computeIfAbsent(platformPerson, k -> new HashMap<>()).merge(truePerson, 1, Integer::sum);
    truePersons.merge(truePerson, 1, Integer::sum);
    platformPersons.merge(platformPerson, 1, Integer::sum);
    records++;
  }

  long truePairs() {
    return pairs(truePersons.values());
  }

  long linkedPairs() {
    return pairs(platformPersons.values());
  }

  long correctPairs() {
    return cells.values().stream().mapToLong(c -> pairs(c.values())).sum();
  }

  double precision() {
    return (double) correctPairs() / linkedPairs();
  }

  double recall() {
    return (double) correctPairs() / truePairs();
  }

  /** Person records holding more than one true person (twins merged would be among them). */
  long mixedPersons() {
    return cells.values().stream().filter(c -> c.size() > 1).count();
  }

  String describe(String population) {
    return String.format("Person linkage, %s: %d source records of %d true persons in %d person records;"
            + " pairs true=%d linked=%d correct=%d; precision=%.4f recall=%.4f; false merges=%d missed links=%d;"
            + " person records holding more than one true person=%d",
        population, records, truePersons.size(), platformPersons.size(), truePairs(), linkedPairs(), correctPairs(),
        precision(), recall(), linkedPairs() - correctPairs(), truePairs() - correctPairs(), mixedPersons());
  }

  private static long pairs(Collection<Integer> sizes) {
    return sizes.stream().mapToLong(n -> (long) n * (n - 1) / 2).sum();
  }
}
