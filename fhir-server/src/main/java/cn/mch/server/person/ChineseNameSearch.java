package cn.mch.server.person;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.param.StringParam;
import cn.mch.mappings.identity.NameForms;
import java.util.List;
import java.util.Set;

/**
 * Makes name searches script- and tone-blind: Han characters in {@code name}, {@code family} and
 * {@code given} are searched in simplified script (every Patient carries the simplified form of a
 * traditional name), and {@code pinyin} values lose spaces, tones and case ("Zhang Li" → "zhangli").
 */
@Interceptor
public class ChineseNameSearch {

  private static final Set<String> NAME_PARAMETERS = Set.of("name", "family", "given");

  @Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
  public void normalise(SearchParameterMap map) {
    for (var entry : map.entrySet()) {
      boolean pinyin = entry.getKey().equals("pinyin");
      if (!pinyin && !NAME_PARAMETERS.contains(entry.getKey())) {
        continue;
      }
      for (List<IQueryParameterType> alternatives : entry.getValue()) {
        for (IQueryParameterType parameter : alternatives) {
          if (parameter instanceof StringParam value && value.getValue() != null) {
            value.setValue(pinyin ? NameForms.pinyinKey(value.getValue()) : NameForms.simplified(value.getValue()));
          }
        }
      }
    }
  }
}
