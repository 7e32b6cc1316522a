package cn.mch.ingest;

import cn.mch.mappings.hospital.HospitalSource;
import cn.mch.mappings.registry.RegistrySource;

/**
 * A source system as ingestion sees it: its code and name, where its database is, and its SQL
 * adapters under {@code sql/<code>/}. Adding a hospital takes configuration, SQL files and a code
 * map, not Java.
 *
 * @param code the source's code, e.g. {@code hospital-a}, {@code birth-registry}
 * @param name display name
 * @param jdbcUrl its database (read only)
 * @param username database user
 * @param password database password
 */
public record SourceConnection(String code, String name, String jdbcUrl, String username, String password) {

  public HospitalSource hospital() {
    return new HospitalSource(code, name);
  }

  public RegistrySource registry() {
    return new RegistrySource(code, name);
  }

  /** Registry name of this source's DataSource. */
  public String dataSourceName() {
    return "source_" + code.replace('-', '_');
  }

  /** The SQL adapter of one entity, e.g. {@code classpath:sql/hospital-a/patients.sql}. */
  public String sql(String adapter) {
    return "sql:classpath:sql/" + code + "/" + adapter + ".sql";
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "SourceConnection[" + code + " at " + jdbcUrl + "]";
  }
}
