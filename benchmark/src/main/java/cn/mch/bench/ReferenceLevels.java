package cn.mch.bench;

import cn.mch.bench.StoredResources.Stored;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders resources so that each comes after the resources it refers to: a server with default
 * settings refuses a reference to a resource it does not hold. Level 0 refers to nothing in the
 * set; level n only to levels below n. Writing level by level, with a barrier between levels, lets
 * several writers run side by side.
 */
final class ReferenceLevels {

  private static final Pattern REFERENCE = Pattern.compile("\"reference\":\"([A-Za-z]+/[A-Za-z0-9\\-.]{1,64})\"");

  private ReferenceLevels() {}

  static List<List<Stored>> of(List<Stored> resources) {
    Map<String, Stored> byKey = new HashMap<>();
    for (Stored r : resources) {
      byKey.put(r.type() + "/" + r.id(), r);
    }
    Map<String, List<String>> refs = new HashMap<>();
    for (Stored r : resources) {
      List<String> targets = new ArrayList<>();
      Matcher m = REFERENCE.matcher(r.json());
      while (m.find()) {
        String target = m.group(1);
        if (byKey.containsKey(target) && !target.equals(r.type() + "/" + r.id())) {
          targets.add(target);
        }
      }
      refs.put(r.type() + "/" + r.id(), targets);
    }
    Map<String, Integer> level = new HashMap<>();
    List<List<Stored>> levels = new ArrayList<>();
    for (Stored r : resources) {
      int l = level(r.type() + "/" + r.id(), refs, level, 0);
      while (levels.size() <= l) {
        levels.add(new ArrayList<>());
      }
      levels.get(l).add(r);
    }
    return levels;
  }

  private static int level(String key, Map<String, List<String>> refs, Map<String, Integer> level, int depth) {
    Integer known = level.get(key);
    if (known != null) {
      return known;
    }
    if (depth > 50) {
      return 0; // a cycle: the writers report what the server refuses
    }
    int l = 0;
    for (String target : refs.get(key)) {
      l = Math.max(l, level(target, refs, level, depth + 1) + 1);
    }
    level.put(key, l);
    return l;
  }
}
