package cn.mch.server.person;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;

/**
 * Synchronous searches that return every match. Without a limit of its own a synchronous search
 * stops at HAPI's internal synchronous search size (10,000) and leaves the rest out without a word;
 * a search the server makes for itself must not.
 */
final class AllResults {

  /** More than any one search here can match. */
  private static final int UP_TO = 1_000_000;

  private AllResults() {}

  static SearchParameterMap search() {
    SearchParameterMap map = SearchParameterMap.newSynchronous();
    map.setLoadSynchronousUpTo(UP_TO);
    return map;
  }

  static SearchParameterMap search(String parameter, IQueryParameterType value) {
    SearchParameterMap map = search();
    map.add(parameter, value);
    return map;
  }
}
