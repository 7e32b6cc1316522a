package cn.mch.ingest.hospital;

import cn.mch.mappings.hospital.HospitalSource;

/**
 * A hospital as ingestion sees it: the source it is, where its database is, and its SQL adapters
 * under {@code sql/<code>/}. Adding a hospital takes configuration and SQL files, not Java.
 *
 * @param source the hospital's code and name
 * @param jdbcUrl its database (read only)
 * @param username database user
 * @param password database password
 */
public record HospitalConnection(HospitalSource source, String jdbcUrl, String username, String password) {

  /** Registry name of this hospital's DataSource. */
  public String dataSourceName() {
    return "source_" + source.code().replace('-', '_');
  }

  /** The SQL adapter of one entity, e.g. {@code classpath:sql/hospital-a/patients.sql}. */
  public String sql(String entity) {
    return "sql:classpath:sql/" + source.code() + "/" + entity + ".sql";
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "HospitalConnection[" + source.code() + " at " + jdbcUrl + "]";
  }
}
